using Amazon;
using Amazon.S3.Model;
using Microsoft.Extensions.Time.Testing;

namespace SnowMedallion.Testing.Tests.Snowflake.Copy;

/// <summary>
/// The reference pipeline's first objects and its bronze COPY on LocalSnowflake + LocalS3
/// (shared/reference/customer-pipeline.md, objects 1-5 and the pipe's COPY statement).
/// </summary>
public sealed class ReferenceBronzeLoadTests
{
    internal const string Objects = """
        CREATE DATABASE IF NOT EXISTS SNOWLAKE_DB;
        CREATE SCHEMA IF NOT EXISTS SNOWLAKE_DB.BRONZE;
        CREATE SCHEMA IF NOT EXISTS SNOWLAKE_DB.SILVER;
        CREATE SCHEMA IF NOT EXISTS SNOWLAKE_DB.GOLD;
        CREATE OR REPLACE STORAGE INTEGRATION S3_BRONZE
          TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' ENABLED = TRUE
          STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::111122223333:role/snowflake-s3-bronze'
          STORAGE_ALLOWED_LOCATIONS = ('s3://snowflake-project-etl/raw_data/');
        CREATE OR REPLACE FILE FORMAT SNOWLAKE_DB.BRONZE.MY_CSV_FORMAT
          TYPE = CSV FIELD_DELIMITER = ',' FIELD_OPTIONALLY_ENCLOSED_BY = '"' SKIP_HEADER = 1
          NULL_IF = ('NULL', 'null') EMPTY_FIELD_AS_NULL = TRUE;
        CREATE OR REPLACE STAGE SNOWLAKE_DB.BRONZE.SOURCE_DATA_CUSTOMER_STAGE
          URL = 's3://snowflake-project-etl/raw_data/' STORAGE_INTEGRATION = S3_BRONZE
          FILE_FORMAT = (FORMAT_NAME = 'SNOWLAKE_DB.BRONZE.MY_CSV_FORMAT');
        CREATE OR REPLACE NOTIFICATION INTEGRATION SNOWFLAKE_ERROR_INTEGRATION
          ENABLED = TRUE TYPE = QUEUE NOTIFICATION_PROVIDER = AWS_SNS DIRECTION = OUTBOUND
          AWS_SNS_TOPIC_ARN = 'arn:aws:sns:us-east-1:111122223333:S3_SF_Error_Notification'
          AWS_SNS_ROLE_ARN = 'arn:aws:iam::111122223333:role/snowflake-sns';
        USE SCHEMA SNOWLAKE_DB.BRONZE
        """;

    internal const string BronzeTable = """
        CREATE OR REPLACE TABLE SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_COPY (
          COMPANYNAME VARCHAR(200) COLLATE 'en-ci', PHONE VARCHAR(200) COLLATE 'en-ci', ADDRESSLINE1 VARCHAR(200) COLLATE 'en-ci',
          ADDRESSLINE2 VARCHAR(200) COLLATE 'en-ci', CITY VARCHAR(100) COLLATE 'en-ci', STATE VARCHAR(50) COLLATE 'en-ci',
          POSTALCODE VARCHAR(50) COLLATE 'en-ci', COUNTRY VARCHAR(20) COLLATE 'en-ci', PROVINCE VARCHAR(20) COLLATE 'en-ci',
          FIRST_NAME VARCHAR(50) COLLATE 'en-ci', LAST_NAME VARCHAR(50) COLLATE 'en-ci',
          INSERT_DTS TIMESTAMP_NTZ(6) NOT NULL, UPDATE_DTS TIMESTAMP_NTZ(6) NOT NULL,
          SOURCE_FILE_NAME VARCHAR(500) NOT NULL, SOURCE_FILE_ROW_NUMBER NUMBER(38,0) NOT NULL)
        """;


    internal const string Copy = """
        COPY INTO WORK_CUSTOMER_COPY FROM (
          SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CURRENT_TIMESTAMP(6), CURRENT_TIMESTAMP(6), METADATA$FILENAME, METADATA$FILE_ROW_NUMBER
          FROM @SOURCE_DATA_CUSTOMER_STAGE/)
        FILE_FORMAT = (FORMAT_NAME = MY_CSV_FORMAT)
        """;

    // A file of the reference shape (not the shared data file): quoted commas, empty fields, 'NULL'.
    private const string Csv = """
        CUSTOMERNAME,PHONE,ADDRESSLINE1,ADDRESSLINE2,CITY,STATE,POSTALCODE,COUNTRY,TERRITORY,CONTACTFIRSTNAME,CONTACTLASTNAME
        "Harbor Toys, Ltd.",+33 1 46 62 7555,"12, rue du Port",,Nantes,,44000,France,EMEA,Anne,Moreau
        Blue Kite Co,(171) 555-2282,1 Long Road,Suite 4,Leeds,NULL,,UK,,Tom,Hale
        Corner Games,2155551555,9 Elm St,,Boston,MA,02110,USA,NA,null,Reyes

        """;

    // https://docs.snowflake.com/en/sql-reference/sql/copy-into-table (transformations, METADATA$ columns) and
    // https://docs.snowflake.com/en/sql-reference/sql/create-file-format (NULL_IF, EMPTY_FIELD_AS_NULL, FIELD_OPTIONALLY_ENCLOSED_BY).
    [Fact]
    public async Task Reference_csv_copies_into_bronze_with_values_and_metadata()
    {
        AWSConfigs.InitializeCollections = true;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 5, 30, 0, TimeSpan.Zero));
        await using var s3 = await LocalS3.StartAsync(new LocalS3Options { TimeProvider = clock });
        using (var client = s3.CreateClient())
        {
            await client.PutBucketAsync("snowflake-project-etl");
            await client.PutObjectAsync(new PutObjectRequest { BucketName = "snowflake-project-etl", Key = "raw_data/customers_1.csv", ContentBody = Csv });
        }

        await using var h = await LocalSnowflakeHarness.StartAsync(new LocalSnowflakeOptions { TimeProvider = clock, S3 = s3 });
        h.Rows(Objects);
        h.Rows("ALTER SESSION SET TIMEZONE = 'UTC'");
        h.Rows(BronzeTable);
        h.Rows("LIST @SOURCE_DATA_CUSTOMER_STAGE").Should().ContainSingle().Which[0].Should().Be("s3://snowflake-project-etl/raw_data/customers_1.csv");
        var result = h.Rows(Copy);
        result.Should().ContainSingle().Which.Take(4).Should().Equal("s3://snowflake-project-etl/raw_data/customers_1.csv", "LOADED", 3L, 3L);

        var rows = h.Rows("SELECT * FROM WORK_CUSTOMER_COPY ORDER BY SOURCE_FILE_ROW_NUMBER");
        rows.Should().HaveCount(3);
        rows[0].Take(11).Should().Equal("Harbor Toys, Ltd.", "+33 1 46 62 7555", "12, rue du Port", null, "Nantes", null, "44000", "France", "EMEA", "Anne", "Moreau");
        rows[1].Take(11).Should().Equal("Blue Kite Co", "(171) 555-2282", "1 Long Road", "Suite 4", "Leeds", null, null, "UK", null, "Tom", "Hale");
        rows[2][9].Should().BeNull("'null' is in NULL_IF");
        rows[2][6].Should().Be("02110", "text columns keep leading zeros");
        rows.Should().AllSatisfy(r =>
        {
            r[11].Should().Be(new DateTime(2026, 11, 26, 5, 30, 0));
            r[12].Should().Be(r[11]);
            r[13].Should().Be("customers_1.csv");
        });
        rows.Select(r => Convert.ToInt64(r[14], System.Globalization.CultureInfo.InvariantCulture)).Should().Equal(1L, 2L, 3L);

        h.Rows(Copy).Should().ContainSingle().Which[0].Should().Be("Copy executed with 0 files processed.");
    }
}
