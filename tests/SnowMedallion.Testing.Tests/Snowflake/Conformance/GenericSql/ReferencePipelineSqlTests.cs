using SnowMedallion.Testing.Snowflake;
using SnowMedallion.Testing.Tests.Snowflake.Translation;

namespace SnowMedallion.Testing.Tests.Snowflake.Conformance.GenericSql;

// The generic SQL of the reference pipeline (../shared/reference/customer-pipeline.md): bronze and silver tables,
// the procedure's CREATE OR REPLACE TABLE ... AS SELECT from the stream, its MERGE, and the gold view.
// The stream is stood in for through TranslationScope.ResolveRelation, the hook the stream feature uses.
public sealed class ReferencePipelineSqlTests : IDisposable
{
    private const string BusinessColumns = "COMPANYNAME, PHONE, ADDRESSLINE1, ADDRESSLINE2, CITY, STATE, POSTALCODE, COUNTRY, PROVINCE, FIRST_NAME, LAST_NAME";

    private readonly GenericSqlHarness _db = new();

    public ReferencePipelineSqlTests()
    {
        _db.Run("""
            CREATE OR REPLACE TABLE SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_COPY (
                COMPANYNAME VARCHAR(200) COLLATE 'en-ci',
                PHONE VARCHAR(200) COLLATE 'en-ci',
                ADDRESSLINE1 VARCHAR(200) COLLATE 'en-ci',
                ADDRESSLINE2 VARCHAR(200) COLLATE 'en-ci',
                CITY VARCHAR(100) COLLATE 'en-ci',
                STATE VARCHAR(50) COLLATE 'en-ci',
                POSTALCODE VARCHAR(50) COLLATE 'en-ci',
                COUNTRY VARCHAR(20) COLLATE 'en-ci',
                PROVINCE VARCHAR(20) COLLATE 'en-ci',
                FIRST_NAME VARCHAR(50) COLLATE 'en-ci',
                LAST_NAME VARCHAR(50) COLLATE 'en-ci',
                INSERT_DTS TIMESTAMP_NTZ(6) NOT NULL,
                UPDATE_DTS TIMESTAMP_NTZ(6) NOT NULL,
                SOURCE_FILE_NAME VARCHAR(500) NOT NULL,
                SOURCE_FILE_ROW_NUMBER NUMBER(38,0) NOT NULL
            )
            COMMENT = 'Bronze landing table';
            CREATE OR REPLACE TABLE SNOWLAKE_DB.SILVER.CUSTOMER (
                FIRST_NAME VARCHAR(50) COLLATE 'en-ci' NOT NULL,
                LAST_NAME VARCHAR(50) COLLATE 'en-ci' NOT NULL,
                COMPANYNAME VARCHAR(200) COLLATE 'en-ci' NOT NULL,
                PHONE VARCHAR(200) COLLATE 'en-ci' NOT NULL,
                ADDRESSLINE1 VARCHAR(200) COLLATE 'en-ci' NOT NULL,
                ADDRESSLINE2 VARCHAR(200) COLLATE 'en-ci' NOT NULL,
                CITY VARCHAR(100) COLLATE 'en-ci' NOT NULL,
                STATE VARCHAR(50) COLLATE 'en-ci' NOT NULL,
                COUNTRY VARCHAR(20) COLLATE 'en-ci' NOT NULL,
                POSTALCODE VARCHAR(50) COLLATE 'en-ci' NOT NULL,
                PROVINCE VARCHAR(20) COLLATE 'en-ci' NOT NULL,
                TIME_ZONE VARCHAR(3) NOT NULL,
                SOURCE_SYS_NAME VARCHAR(20) NOT NULL,
                INSTNC_ST_NM VARCHAR(50) NOT NULL,
                PROCESS_ID VARCHAR(100) NOT NULL,
                PROCESS_NAME VARCHAR(200) NOT NULL,
                INSERT_DTS TIMESTAMP_NTZ(6) NOT NULL,
                UPDATE_DTS TIMESTAMP_NTZ(6) NOT NULL,
                MD5_HASH VARCHAR(80) NOT NULL,
                PRIMARY KEY (FIRST_NAME, LAST_NAME, ADDRESSLINE1, COUNTRY, STATE, MD5_HASH)
            );
            CREATE OR REPLACE SECURE VIEW SNOWLAKE_DB.GOLD.CUSTOMER_VIEW
            COMMENT = 'Gold'
            AS
            SELECT FIRST_NAME, LAST_NAME, COMPANYNAME, PHONE, ADDRESSLINE1, ADDRESSLINE2, CITY, STATE, COUNTRY, POSTALCODE, PROVINCE,
                   TIME_ZONE, SOURCE_SYS_NAME, INSTNC_ST_NM, PROCESS_ID, PROCESS_NAME, INSERT_DTS, UPDATE_DTS, MD5_HASH
            FROM SNOWLAKE_DB.SILVER.CUSTOMER;
            """);

        // A stand-in for the append-only stream: every bronze row.
        var stream = new ObjectPath("SNOWLAKE_DB", "BRONZE", "WORK_CUSTOMER_SRC_TO_SL_STREAM");
        _db.ResolveRelation = path => path == stream
            ? "SELECT *, 'INSERT' AS \"METADATA$ACTION\", FALSE AS \"METADATA$ISUPDATE\" FROM \"SNOWLAKE_DB\".\"BRONZE\".\"WORK_CUSTOMER_COPY\""
            : null;
    }

    public void Dispose() => _db.Dispose();

    private void Load(params string[] rows)
    {
        foreach (var row in rows)
        {
            _db.Run($"INSERT INTO SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_COPY ({BusinessColumns}, INSERT_DTS, UPDATE_DTS, SOURCE_FILE_NAME, SOURCE_FILE_ROW_NUMBER) " +
                $"SELECT {row}, CURRENT_TIMESTAMP(6), CURRENT_TIMESTAMP(6), 'customer_data.csv', 1");
        }
    }

    private const string Transform = """
        CREATE OR REPLACE TABLE SNOWLAKE_DB.SILVER.WORK_CUSTOMER_XFM AS
        SELECT
            FIRST_NAME, LAST_NAME, COMPANYNAME, PHONE, ADDRESSLINE1, ADDRESSLINE2, CITY, STATE, COUNTRY, POSTALCODE, PROVINCE,
            'EST' AS TIME_ZONE,
            'CUSTOMER' AS SOURCE_SYS_NAME,
            'STANDARD' AS INSTNC_ST_NM,
            CURRENT_SESSION() AS PROCESS_ID,
            'WORK_CUSTOMER_SRC_TO_SL_SP' AS PROCESS_NAME,
            CURRENT_TIMESTAMP(6) AS INSERT_DTS,
            CURRENT_TIMESTAMP(6) AS UPDATE_DTS,
            MD5(COALESCE(TO_VARCHAR(TRIM(COMPANYNAME)), '') || COALESCE(TO_VARCHAR(TRIM(PHONE)), '') ||
                COALESCE(TO_VARCHAR(TRIM(ADDRESSLINE1)), '') || COALESCE(TO_VARCHAR(TRIM(ADDRESSLINE2)), '') ||
                COALESCE(TO_VARCHAR(TRIM(CITY)), '') || COALESCE(TO_VARCHAR(TRIM(STATE)), '') ||
                COALESCE(TO_VARCHAR(TRIM(COUNTRY)), '') || COALESCE(TO_VARCHAR(TRIM(POSTALCODE)), '') ||
                COALESCE(TO_VARCHAR(TRIM(PROVINCE)), '')) AS MD5_HASH,
            SOURCE_FILE_NAME,
            SOURCE_FILE_ROW_NUMBER
        FROM SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_SRC_TO_SL_STREAM
        WHERE FIRST_NAME IS NOT NULL AND LAST_NAME IS NOT NULL
        """;

    private const string Merge = """
        MERGE INTO SNOWLAKE_DB.SILVER.CUSTOMER AS TGT
        USING SNOWLAKE_DB.SILVER.WORK_CUSTOMER_XFM AS SRC
        ON TGT.FIRST_NAME = SRC.FIRST_NAME AND TGT.LAST_NAME = SRC.LAST_NAME
        WHEN MATCHED AND TGT.MD5_HASH = SRC.MD5_HASH THEN UPDATE SET TGT.UPDATE_DTS = SRC.UPDATE_DTS
        WHEN MATCHED AND TGT.MD5_HASH <> SRC.MD5_HASH THEN UPDATE SET
            TGT.COMPANYNAME = SRC.COMPANYNAME, TGT.PHONE = SRC.PHONE, TGT.ADDRESSLINE1 = SRC.ADDRESSLINE1,
            TGT.ADDRESSLINE2 = SRC.ADDRESSLINE2, TGT.CITY = SRC.CITY, TGT.STATE = SRC.STATE, TGT.COUNTRY = SRC.COUNTRY,
            TGT.POSTALCODE = SRC.POSTALCODE, TGT.PROVINCE = SRC.PROVINCE, TGT.PROCESS_ID = SRC.PROCESS_ID,
            TGT.UPDATE_DTS = SRC.UPDATE_DTS, TGT.MD5_HASH = SRC.MD5_HASH
        WHEN NOT MATCHED THEN INSERT (
            FIRST_NAME, LAST_NAME, COMPANYNAME, PHONE, ADDRESSLINE1, ADDRESSLINE2, CITY, STATE, COUNTRY, POSTALCODE, PROVINCE,
            TIME_ZONE, SOURCE_SYS_NAME, INSTNC_ST_NM, PROCESS_ID, PROCESS_NAME, INSERT_DTS, UPDATE_DTS, MD5_HASH)
        VALUES (
            SRC.FIRST_NAME, SRC.LAST_NAME, COALESCE(SRC.COMPANYNAME, ''), COALESCE(SRC.PHONE, ''), SRC.ADDRESSLINE1,
            COALESCE(SRC.ADDRESSLINE2, ''), COALESCE(SRC.CITY, ''), SRC.STATE, SRC.COUNTRY, COALESCE(SRC.POSTALCODE, ''),
            COALESCE(SRC.PROVINCE, ''), SRC.TIME_ZONE, SRC.SOURCE_SYS_NAME, SRC.INSTNC_ST_NM, SRC.PROCESS_ID, SRC.PROCESS_NAME,
            SRC.INSERT_DTS, SRC.UPDATE_DTS, SRC.MD5_HASH)
        """;

    [Fact]
    public void Bronze_to_silver_to_gold()
    {
        Load(
            "'La Rochelle Gifts', '2155551555', '67, rue des Cinquante Otages', 'Suite 101', 'Lille', 'CA', '59000', 'France', NULL, 'Martine', 'Labrune'",
            "'UK Collectables, Ltd.', '(171) 555-2282', 'Berkeley Gardens 12  Brewery', NULL, 'Liverpool', 'PA', 'WX1 6LT', 'UK', NULL, 'Elizabeth', 'Devon'",
            "'Nobody', '1', 'x', NULL, 'y', 'NY', NULL, 'USA', NULL, NULL, 'Anonymous'");

        var transform = _db.Run(Transform);
        transform.Result.Rows[0][0].Should().Be("Table WORK_CUSTOMER_XFM successfully created.");
        transform.RelationsRead.Should().Equal(new ObjectPath("SNOWLAKE_DB", "BRONZE", "WORK_CUSTOMER_SRC_TO_SL_STREAM"));

        var merge = _db.Result(Merge);
        merge.Columns.Select(c => c.Name).Should().Equal("number of rows inserted", "number of rows updated");
        merge.Rows[0].Should().Equal(2L, 0L);

        var gold = _db.Result("SELECT FIRST_NAME, PROCESS_ID, TIME_ZONE, MD5_HASH, INSERT_DTS FROM SNOWLAKE_DB.GOLD.CUSTOMER_VIEW ORDER BY FIRST_NAME");
        gold.Rows.Select(r => r[0]).Should().Equal("Elizabeth", "Martine");
        gold.Rows[0][1].Should().Be("4242");
        gold.Rows[0][2].Should().Be("EST");
        gold.Rows[0][3].Should().Be(Md5Hex("UK Collectables, Ltd.(171) 555-2282Berkeley Gardens 12  BreweryLiverpoolPAUKWX1 6LT"));
        gold.Rows[0][4].Should().Be(new DateTime(2026, 3, 1, 4, 30, 45, 123));

        // A re-run with one changed row and the same person in another case: matched case-insensitively, updated.
        _db.Run("TRUNCATE TABLE SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_COPY");
        Load("'La Rochelle Gifts', '2155551555', '67, rue des Cinquante Otages', 'Suite 102', 'Lille', 'CA', '59000', 'France', 'EMEA', 'MARTINE', 'labrune'");
        _db.Run(Transform);
        _db.Result(Merge).Rows[0].Should().Equal(0L, 1L);
        _db.Scalar("SELECT ADDRESSLINE2 FROM SNOWLAKE_DB.SILVER.CUSTOMER WHERE FIRST_NAME = 'martine'").Should().Be("Suite 102");
    }

    [Fact]
    public void The_same_person_twice_in_one_batch_stops_the_merge()
    {
        Load(
            "'A', '1', 'street 1', NULL, 'c', 'NY', NULL, 'USA', NULL, 'Ann', 'Lee'",
            "'A', '1', 'street 1', NULL, 'c', 'NY', NULL, 'USA', NULL, 'Ann', 'Lee'");
        _db.Run(Transform);
        _db.Result(Merge).Rows[0].Should().Equal(2L, 0L);

        _db.Run(Transform);

        _db.Error(Merge).SnowflakeErrorCode.Should().Be(100090);
    }

    [Fact]
    public void A_too_long_value_is_rejected_by_the_bronze_table()
    {
        var error = _db.Error(
            $"INSERT INTO SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_COPY (COUNTRY, INSERT_DTS, UPDATE_DTS, SOURCE_FILE_NAME, SOURCE_FILE_ROW_NUMBER) " +
            "VALUES ('United Kingdom of Great Britain', CURRENT_TIMESTAMP(6), CURRENT_TIMESTAMP(6), 'f.csv', 1)");

        error.SnowflakeErrorCode.Should().Be(100074);
        error.Message.Should().Contain("'United Kingdom of Great Britain'");
    }

    private static string Md5Hex(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
