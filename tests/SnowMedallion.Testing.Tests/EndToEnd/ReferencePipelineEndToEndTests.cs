using System.Globalization;
using Amazon;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Time.Testing;
using SnowMedallion.Testing.Tests.Snowflake;

namespace SnowMedallion.Testing.Tests.EndToEnd;

/// <summary>
/// The reference pipeline (shared/reference/customer-pipeline.md), as its hand-written worksheet defines it, end to end on
/// LocalS3 + LocalSnowflake with a FakeTimeProvider: deploy, upload, Snowpipe auto-ingest into BRONZE, append-only stream,
/// the nightly task (cron 00:00 America/New_York, WHEN SYSTEM$STREAM_HAS_DATA) calling the JavaScript procedure that
/// upserts SILVER (SCD type 1), and the GOLD view.
/// </summary>
public sealed class ReferencePipelineEndToEndTests
{
    private const string Bucket = "snowflake-project-etl";

    // The real reference input (80 customers), read from the shared folder next to the repository (a worktree finds it at
    // /work/shared), never copied into the repository.
    private static readonly string SharedData = new[]
    {
        Path.Combine(RepositoryRoot(), "..", "shared", "data", "customer_data.csv"),
        Path.Combine(Path.GetPathRoot(RepositoryRoot())!, "work", "shared", "data", "customer_data.csv"),
    }.FirstOrDefault(File.Exists) ?? throw new FileNotFoundException("customer_data.csv not found in ../shared/data next to the repository.");

    private const string Deploy = """
        CREATE DATABASE IF NOT EXISTS SNOWLAKE_DB;
        CREATE SCHEMA IF NOT EXISTS SNOWLAKE_DB.BRONZE;
        CREATE SCHEMA IF NOT EXISTS SNOWLAKE_DB.SILVER;
        CREATE SCHEMA IF NOT EXISTS SNOWLAKE_DB.GOLD;
        CREATE OR REPLACE STORAGE INTEGRATION s3_bronze
          TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' ENABLED = TRUE
          STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::111122223333:role/snowflake-s3-bronze'
          STORAGE_ALLOWED_LOCATIONS = ('s3://snowflake-project-etl/raw_data/');
        USE SCHEMA SNOWLAKE_DB.BRONZE;
        CREATE OR REPLACE FILE FORMAT MY_CSV_FORMAT
          TYPE = CSV FIELD_DELIMITER = ',' FIELD_OPTIONALLY_ENCLOSED_BY = '"' SKIP_HEADER = 1
          NULL_IF = ('NULL', 'null') EMPTY_FIELD_AS_NULL = TRUE;
        CREATE OR REPLACE STAGE SOURCE_DATA_CUSTOMER_STAGE
          URL = 's3://snowflake-project-etl/raw_data/' STORAGE_INTEGRATION = s3_bronze
          FILE_FORMAT = MY_CSV_FORMAT;
        CREATE OR REPLACE NOTIFICATION INTEGRATION SNOWFLAKE_ERROR_INTEGRATION
          ENABLED = TRUE TYPE = QUEUE NOTIFICATION_PROVIDER = AWS_SNS DIRECTION = OUTBOUND
          AWS_SNS_TOPIC_ARN = 'arn:aws:sns:us-east-1:111122223333:S3_SF_Error_Notification'
          AWS_SNS_ROLE_ARN = 'arn:aws:iam::111122223333:role/snowflake-sns';
        CREATE OR REPLACE TABLE WORK_CUSTOMER_COPY (
          COMPANYNAME VARCHAR(200) COLLATE 'en-ci', PHONE VARCHAR(200) COLLATE 'en-ci', ADDRESSLINE1 VARCHAR(200) COLLATE 'en-ci',
          ADDRESSLINE2 VARCHAR(200) COLLATE 'en-ci', CITY VARCHAR(100) COLLATE 'en-ci', STATE VARCHAR(50) COLLATE 'en-ci',
          POSTALCODE VARCHAR(50) COLLATE 'en-ci', COUNTRY VARCHAR(20) COLLATE 'en-ci', PROVINCE VARCHAR(20) COLLATE 'en-ci',
          FIRST_NAME VARCHAR(50) COLLATE 'en-ci', LAST_NAME VARCHAR(50) COLLATE 'en-ci',
          INSERT_DTS TIMESTAMP_NTZ(6) NOT NULL, UPDATE_DTS TIMESTAMP_NTZ(6) NOT NULL,
          SOURCE_FILE_NAME VARCHAR(500) NOT NULL, SOURCE_FILE_ROW_NUMBER NUMBER(38,0) NOT NULL);
        CREATE OR REPLACE PIPE WORK_CUSTOMER_SRC_TO_SL_PIPE
          AUTO_INGEST = TRUE
          ERROR_INTEGRATION = SNOWFLAKE_ERROR_INTEGRATION
          COMMENT = 'Loads customer files from S3 into BRONZE'
          AS COPY INTO WORK_CUSTOMER_COPY (COMPANYNAME, PHONE, ADDRESSLINE1, ADDRESSLINE2, CITY, STATE, POSTALCODE, COUNTRY, PROVINCE,
              FIRST_NAME, LAST_NAME, INSERT_DTS, UPDATE_DTS, SOURCE_FILE_NAME, SOURCE_FILE_ROW_NUMBER)
          FROM (SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CURRENT_TIMESTAMP(6), CURRENT_TIMESTAMP(6),
                       METADATA$FILENAME, METADATA$FILE_ROW_NUMBER
                FROM @SOURCE_DATA_CUSTOMER_STAGE/)
          FILE_FORMAT = (FORMAT_NAME = MY_CSV_FORMAT);
        CREATE OR REPLACE STREAM WORK_CUSTOMER_SRC_TO_SL_STREAM ON TABLE WORK_CUSTOMER_COPY APPEND_ONLY = TRUE;
        CREATE OR REPLACE TABLE SNOWLAKE_DB.SILVER.CUSTOMER (
          FIRST_NAME VARCHAR(50) COLLATE 'en-ci' NOT NULL, LAST_NAME VARCHAR(50) COLLATE 'en-ci' NOT NULL,
          COMPANYNAME VARCHAR(200) COLLATE 'en-ci' NOT NULL, PHONE VARCHAR(200) COLLATE 'en-ci' NOT NULL,
          ADDRESSLINE1 VARCHAR(200) COLLATE 'en-ci' NOT NULL, ADDRESSLINE2 VARCHAR(200) COLLATE 'en-ci' NOT NULL,
          CITY VARCHAR(100) COLLATE 'en-ci' NOT NULL, STATE VARCHAR(50) COLLATE 'en-ci' NOT NULL,
          COUNTRY VARCHAR(20) COLLATE 'en-ci' NOT NULL, POSTALCODE VARCHAR(50) COLLATE 'en-ci' NOT NULL,
          PROVINCE VARCHAR(20) COLLATE 'en-ci' NOT NULL, TIME_ZONE VARCHAR(3) NOT NULL, SOURCE_SYS_NAME VARCHAR(20) NOT NULL,
          INSTNC_ST_NM VARCHAR(50) NOT NULL, PROCESS_ID VARCHAR(100) NOT NULL, PROCESS_NAME VARCHAR(200) NOT NULL,
          INSERT_DTS TIMESTAMP_NTZ(6) NOT NULL, UPDATE_DTS TIMESTAMP_NTZ(6) NOT NULL, MD5_HASH VARCHAR(80) NOT NULL,
          PRIMARY KEY (FIRST_NAME, LAST_NAME, ADDRESSLINE1, COUNTRY, STATE, MD5_HASH));
        CREATE OR REPLACE VIEW SNOWLAKE_DB.GOLD.CUSTOMER_VIEW AS
          SELECT FIRST_NAME, LAST_NAME, COMPANYNAME, PHONE, ADDRESSLINE1, ADDRESSLINE2, CITY, STATE, COUNTRY, POSTALCODE, PROVINCE,
                 TIME_ZONE, SOURCE_SYS_NAME, INSTNC_ST_NM, PROCESS_ID, PROCESS_NAME, INSERT_DTS, UPDATE_DTS, MD5_HASH
          FROM SNOWLAKE_DB.SILVER.CUSTOMER;
        """;

    private const string Procedure = """
        CREATE OR REPLACE PROCEDURE SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_SRC_TO_SL_SP(DATABASE VARCHAR)
        RETURNS VARCHAR
        LANGUAGE JAVASCRIPT
        EXECUTE AS CALLER
        AS
        $$
        try {
          snowflake.execute({sqlText: "BEGIN"});
          snowflake.execute({sqlText:
            "CREATE OR REPLACE TABLE " + DATABASE + ".SILVER.WORK_CUSTOMER_XFM AS " +
            "SELECT FIRST_NAME, LAST_NAME, COALESCE(COMPANYNAME, '') AS COMPANYNAME, COALESCE(PHONE, '') AS PHONE, ADDRESSLINE1, " +
            "COALESCE(ADDRESSLINE2, '') AS ADDRESSLINE2, COALESCE(CITY, '') AS CITY, STATE, COUNTRY, COALESCE(POSTALCODE, '') AS POSTALCODE, " +
            "COALESCE(PROVINCE, '') AS PROVINCE, 'EST' AS TIME_ZONE, 'CUSTOMER' AS SOURCE_SYS_NAME, 'STANDARD' AS INSTNC_ST_NM, " +
            "CURRENT_SESSION() AS PROCESS_ID, 'WORK_CUSTOMER_SRC_TO_SL_SP' AS PROCESS_NAME, INSERT_DTS, UPDATE_DTS, " +
            "MD5(COALESCE(TO_VARCHAR(TRIM(COMPANYNAME)), '') || COALESCE(TO_VARCHAR(TRIM(PHONE)), '') || COALESCE(TO_VARCHAR(TRIM(ADDRESSLINE1)), '') || " +
            "COALESCE(TO_VARCHAR(TRIM(ADDRESSLINE2)), '') || COALESCE(TO_VARCHAR(TRIM(CITY)), '') || COALESCE(TO_VARCHAR(TRIM(STATE)), '') || " +
            "COALESCE(TO_VARCHAR(TRIM(COUNTRY)), '') || COALESCE(TO_VARCHAR(TRIM(POSTALCODE)), '') || COALESCE(TO_VARCHAR(TRIM(PROVINCE)), '')) AS MD5_HASH, " +
            "SOURCE_FILE_NAME, SOURCE_FILE_ROW_NUMBER " +
            "FROM " + DATABASE + ".BRONZE.WORK_CUSTOMER_SRC_TO_SL_STREAM WHERE FIRST_NAME IS NOT NULL AND LAST_NAME IS NOT NULL"});
          snowflake.execute({sqlText:
            "MERGE INTO " + DATABASE + ".SILVER.CUSTOMER TGT USING " + DATABASE + ".SILVER.WORK_CUSTOMER_XFM SRC " +
            "ON TGT.FIRST_NAME = SRC.FIRST_NAME AND TGT.LAST_NAME = SRC.LAST_NAME " +
            "WHEN MATCHED AND TGT.MD5_HASH = SRC.MD5_HASH THEN UPDATE SET TGT.UPDATE_DTS = SRC.UPDATE_DTS " +
            "WHEN MATCHED AND TGT.MD5_HASH <> SRC.MD5_HASH THEN UPDATE SET TGT.COMPANYNAME = SRC.COMPANYNAME, TGT.PHONE = SRC.PHONE, " +
            "TGT.ADDRESSLINE1 = SRC.ADDRESSLINE1, TGT.ADDRESSLINE2 = SRC.ADDRESSLINE2, TGT.CITY = SRC.CITY, TGT.STATE = SRC.STATE, " +
            "TGT.COUNTRY = SRC.COUNTRY, TGT.POSTALCODE = SRC.POSTALCODE, TGT.PROVINCE = SRC.PROVINCE, TGT.PROCESS_ID = SRC.PROCESS_ID, " +
            "TGT.PROCESS_NAME = SRC.PROCESS_NAME, TGT.UPDATE_DTS = SRC.UPDATE_DTS, TGT.MD5_HASH = SRC.MD5_HASH " +
            "WHEN NOT MATCHED THEN INSERT (FIRST_NAME, LAST_NAME, COMPANYNAME, PHONE, ADDRESSLINE1, ADDRESSLINE2, CITY, STATE, COUNTRY, " +
            "POSTALCODE, PROVINCE, TIME_ZONE, SOURCE_SYS_NAME, INSTNC_ST_NM, PROCESS_ID, PROCESS_NAME, INSERT_DTS, UPDATE_DTS, MD5_HASH) " +
            "VALUES (SRC.FIRST_NAME, SRC.LAST_NAME, SRC.COMPANYNAME, SRC.PHONE, SRC.ADDRESSLINE1, SRC.ADDRESSLINE2, SRC.CITY, SRC.STATE, " +
            "SRC.COUNTRY, SRC.POSTALCODE, SRC.PROVINCE, SRC.TIME_ZONE, SRC.SOURCE_SYS_NAME, SRC.INSTNC_ST_NM, SRC.PROCESS_ID, " +
            "SRC.PROCESS_NAME, SRC.INSERT_DTS, SRC.UPDATE_DTS, SRC.MD5_HASH)"});
          snowflake.execute({sqlText: "COMMIT"});
          return "Customers merged into " + DATABASE + ".SILVER.CUSTOMER";
        } catch (err) {
          snowflake.execute({sqlText: "ROLLBACK"});
          throw err;
        }
        $$;
        """;

    private const string Task = """
        CREATE OR REPLACE TASK SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_SRC_TO_SL_TASK
          WAREHOUSE = COMPUTE_WH
          SCHEDULE = 'USING CRON 0 0 * * * America/New_York'
          ERROR_INTEGRATION = SNOWFLAKE_ERROR_INTEGRATION
          WHEN SYSTEM$STREAM_HAS_DATA('SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_SRC_TO_SL_STREAM')
          AS CALL SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_SRC_TO_SL_SP('SNOWLAKE_DB');
        ALTER TASK SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_SRC_TO_SL_TASK RESUME;
        """;

    [Fact]
    public async Task Files_flow_from_s3_to_gold_and_a_second_file_upserts_scd1()
    {
        AWSConfigs.InitializeCollections = true;
        // Thursday 2026-11-26, 10:00 in New York (EST, UTC-5).
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 15, 0, 0, TimeSpan.Zero));
        await using var s3 = await LocalS3.StartAsync(new LocalS3Options { TimeProvider = clock });
        await using var h = await LocalSnowflakeHarness.StartAsync(new LocalSnowflakeOptions { TimeProvider = clock, S3 = s3 });
        using var client = s3.CreateClient();
        await client.PutBucketAsync(Bucket);

        h.Rows(Deploy);
        h.Rows(Procedure);
        h.Rows(Task);
        var channel = (string)h.Result("DESC PIPE SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_SRC_TO_SL_PIPE").Rows.Single()[6]!;
        await WireNotificationAsync(client, channel);

        // 1. Upload the reference file: Snowpipe loads it into BRONZE.
        var customers = await File.ReadAllTextAsync(SharedData);
        await UploadAsync(client, "raw_data/customer_data.csv", customers);
        await h.Snowflake.WaitForIdleAsync();
        var firstLoad = SessionClock(clock);
        h.Scalar("SELECT COUNT(*) FROM SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_COPY").Should().Be(80L);
        h.Scalar("SELECT SYSTEM$STREAM_HAS_DATA('SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_SRC_TO_SL_STREAM')").Should().Be(true);

        // 2. Past midnight in New York: the task runs once and fills SILVER; GOLD shows it.
        await AdvanceToAsync(h, clock, new DateTimeOffset(2026, 11, 27, 5, 0, 30, TimeSpan.Zero));
        h.Scalar("SELECT COUNT(*) FROM SNOWLAKE_DB.SILVER.CUSTOMER").Should().Be(80L);
        h.Scalar("SELECT COUNT(*) FROM SNOWLAKE_DB.GOLD.CUSTOMER_VIEW").Should().Be(80L);
        h.Rows("SELECT COMPANYNAME, PHONE, ADDRESSLINE1, CITY, COUNTRY, TIME_ZONE, SOURCE_SYS_NAME FROM SNOWLAKE_DB.GOLD.CUSTOMER_VIEW " +
               "WHERE FIRST_NAME = 'Elizabeth' AND LAST_NAME = 'Devon'")
            .Should().ContainSingle().Which.Should().Equal("UK Collectables, Ltd.", "(171) 555-2282", "Berkeley Gardens 12  Brewery", "Liverpool", "UK", "EST", "CUSTOMER");
        h.Scalar("SELECT SYSTEM$STREAM_HAS_DATA('SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_SRC_TO_SL_STREAM')").Should().Be(false);
        States(h).Should().Equal("SUCCEEDED");

        // 3. The next night the stream is empty: the run is SKIPPED.
        await AdvanceToAsync(h, clock, new DateTimeOffset(2026, 11, 28, 5, 0, 30, TimeSpan.Zero));
        States(h).Should().Equal("SUCCEEDED", "SKIPPED");

        // 4. A second file: two customers changed, three unchanged. SCD1: changed rows updated, unchanged rows only UPDATE_DTS.
        var lines = customers.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0];
        var unchanged = lines.Skip(1).Take(3).ToList();
        var changed = lines.Skip(4).Take(2).Select(l => l.Replace(Field(l, 1), "+1 555 0100", StringComparison.Ordinal)).ToList();
        var untouched = lines.Skip(6).First();
        await UploadAsync(client, "raw_data/customer_data_2.csv", string.Join('\n', [header, .. unchanged, .. changed]) + "\n");
        await h.Snowflake.WaitForIdleAsync();
        var secondLoad = SessionClock(clock);
        h.Scalar("SELECT COUNT(*) FROM SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_COPY").Should().Be(85L);

        await AdvanceToAsync(h, clock, new DateTimeOffset(2026, 11, 29, 5, 0, 30, TimeSpan.Zero));
        States(h).Should().Equal("SUCCEEDED", "SKIPPED", "SUCCEEDED");
        h.Scalar("SELECT COUNT(*) FROM SNOWLAKE_DB.SILVER.CUSTOMER").Should().Be(80L);
        foreach (var line in changed)
        {
            Customer(h, line).Should().Equal("+1 555 0100", secondLoad, firstLoad);
        }

        foreach (var line in unchanged)
        {
            Customer(h, line).Should().Equal(Field(line, 1), secondLoad, firstLoad);
        }

        Customer(h, untouched).Should().Equal(Field(untouched, 1), firstLoad, firstLoad);
        h.Snowflake.Notifications.Should().BeEmpty("no file failed and no task run failed");
    }

    private static List<string> States(LocalSnowflakeHarness h) =>
        [.. h.Rows("SELECT STATE FROM TABLE(SNOWLAKE_DB.INFORMATION_SCHEMA.TASK_HISTORY(TASK_NAME => 'WORK_CUSTOMER_SRC_TO_SL_TASK')) " +
                   "WHERE STATE <> 'SCHEDULED' ORDER BY SCHEDULED_TIME").Select(r => (string)r[0]!)];

    private static object?[] Customer(LocalSnowflakeHarness h, string line) =>
        h.Rows("SELECT PHONE, UPDATE_DTS, INSERT_DTS FROM SNOWLAKE_DB.SILVER.CUSTOMER WHERE FIRST_NAME = ? AND LAST_NAME = ?", Field(line, 9), Field(line, 10))
            .Should().ContainSingle().Subject;

    // CURRENT_TIMESTAMP as TIMESTAMP_NTZ: the wall clock of the session's TIMEZONE (Snowflake's default America/Los_Angeles).
    private static DateTime SessionClock(FakeTimeProvider clock) =>
        TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles")).DateTime;

    private static async Task AdvanceToAsync(LocalSnowflakeHarness h, FakeTimeProvider clock, DateTimeOffset when)
    {
        clock.Advance(when - clock.GetUtcNow());
        await h.Snowflake.WaitForIdleAsync();
    }

    private static async Task WireNotificationAsync(IAmazonS3 client, string channel) =>
        await client.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = Bucket,
            QueueConfigurations =
            [
                new QueueConfiguration
                {
                    Queue = channel,
                    Events = [EventType.ObjectCreatedAll],
                    Filter = new Filter { S3KeyFilter = new S3KeyFilter { FilterRules = [new FilterRule("prefix", "raw_data/")] } },
                },
            ],
        });

    private static Task UploadAsync(IAmazonS3 client, string key, string content) =>
        client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = content });

    /// <summary>Field <paramref name="index"/> (0-based) of a CSV line with optionally quoted fields.</summary>
    private static string Field(string line, int index)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line.TrimEnd('\r'))
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields[index];
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SnowMedallion.sln")) &&
               !Directory.Exists(Path.Combine(directory.FullName, ".git")) && !File.Exists(Path.Combine(directory.FullName, ".git")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Repository root not found from " + AppContext.BaseDirectory);
    }
}
