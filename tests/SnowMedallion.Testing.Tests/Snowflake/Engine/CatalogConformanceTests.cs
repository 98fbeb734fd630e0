using Microsoft.Extensions.Time.Testing;

namespace SnowMedallion.Testing.Tests.Snowflake.Engine;

public sealed class CatalogConformanceTests
{
    private const string Setup = """
        CREATE DATABASE SNOWLAKE_DB;
        CREATE SCHEMA BRONZE;
        CREATE OR REPLACE STORAGE INTEGRATION s3_bronze
          TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' ENABLED = TRUE
          STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::111122223333:role/snowflake-s3'
          STORAGE_ALLOWED_LOCATIONS = ('s3://snowflake-project-etl/raw_data/');
        CREATE OR REPLACE FILE FORMAT BRONZE.MY_CSV_FORMAT
          TYPE = CSV FIELD_DELIMITER = ',' FIELD_OPTIONALLY_ENCLOSED_BY = '"' SKIP_HEADER = 1
          NULL_IF = ('NULL', 'null') EMPTY_FIELD_AS_NULL = TRUE;
        """;

    // https://docs.snowflake.com/en/sql-reference/sql/show-databases and /show-schemas : column names and is_current.
    [Fact]
    public async Task Show_databases_and_schemas_have_snowflake_columns()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows("CREATE DATABASE d1; CREATE DATABASE d2; CREATE SCHEMA s1");
        var databases = h.Result("SHOW DATABASES LIKE 'd%'");
        databases.Columns.Should().Equal("created_on", "name", "is_default", "is_current", "origin", "owner", "comment", "options", "retention_time", "kind", "budget", "owner_role_type");
        databases.Rows.Select(r => (r[1], r[3])).Should().Equal(("D1", "N"), ("D2", "Y"));
        var schemas = h.Result("SHOW SCHEMAS IN DATABASE d2");
        schemas.Columns.Should().StartWith(["created_on", "name", "is_default", "is_current", "database_name", "owner", "comment", "options", "retention_time"]);
        schemas.Rows.Select(r => r[1]).Should().Equal("INFORMATION_SCHEMA", "PUBLIC", "S1");
        schemas.Rows.Single(r => (string)r[1]! == "S1")[3].Should().Be("Y");
    }

    // https://docs.snowflake.com/en/sql-reference/sql/show-tables and /desc-table
    [Fact]
    public async Task Show_tables_and_describe_table()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows("CREATE DATABASE d; CREATE SCHEMA s; CREATE TABLE T1 (ID INT NOT NULL PRIMARY KEY, NAME VARCHAR); CREATE TABLE OTHER (X INT)");
        var tables = h.Result("SHOW TABLES LIKE 'T%' IN SCHEMA d.s");
        tables.Columns.Should().StartWith(["created_on", "name", "database_name", "schema_name", "kind", "comment", "cluster_by", "rows", "bytes", "owner", "retention_time"]);
        tables.Rows.Should().ContainSingle().Which[1].Should().Be("T1");
        var desc = h.Result("DESC TABLE d.s.T1");
        desc.Columns.Should().Equal("name", "type", "kind", "null?", "default", "primary key", "unique key", "check", "expression", "comment", "policy name", "privacy domain");
        desc.Rows.Select(r => (r[0], r[1], r[3], r[5])).Should().Equal(("ID", "NUMBER(38,0)", "N", "Y"), ("NAME", "VARCHAR(16777216)", "Y", "N"));
    }

    // https://docs.snowflake.com/en/sql-reference/sql/desc-integration : a storage integration shows the IAM user and external id for the role's trust policy.
    [Fact]
    public async Task Describe_storage_integration_shows_aws_identity()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows(Setup);
        var desc = h.Result("DESC INTEGRATION s3_bronze");
        desc.Columns.Should().Equal("property", "property_type", "property_value", "property_default");
        var values = desc.Rows.ToDictionary(r => (string)r[0]!, r => (string?)r[2]);
        values["ENABLED"].Should().Be("true");
        values["STORAGE_PROVIDER"].Should().Be("S3");
        values["STORAGE_ALLOWED_LOCATIONS"].Should().Be("[s3://snowflake-project-etl/raw_data/]");
        values["STORAGE_AWS_ROLE_ARN"].Should().Be("arn:aws:iam::111122223333:role/snowflake-s3");
        values["STORAGE_AWS_IAM_USER_ARN"].Should().MatchRegex(@"^arn:aws:iam::\d{12}:user/.+$");
        values["STORAGE_AWS_EXTERNAL_ID"].Should().StartWith("LOCALSNOWFLAKE_SFCRole=");
        h.Result("DESC INTEGRATION s3_bronze").Rows.Should().BeEquivalentTo(desc.Rows, "the identity is deterministic");
        var show = h.Result("SHOW INTEGRATIONS");
        show.Columns.Should().Equal("name", "type", "category", "enabled", "comment", "created_on");
        show.Rows.Should().ContainSingle().Which.Take(4).Should().Equal("S3_BRONZE", "EXTERNAL_STAGE", "STORAGE", "true");
    }

    // https://docs.snowflake.com/en/sql-reference/sql/create-notification-integration-queue-outbound-aws : DESC shows SF_AWS_IAM_USER_ARN and SF_AWS_EXTERNAL_ID.
    [Fact]
    public async Task Describe_notification_integration_shows_aws_identity()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows("""
            CREATE NOTIFICATION INTEGRATION SNOWFLAKE_ERROR_INTEGRATION
              ENABLED = TRUE TYPE = QUEUE NOTIFICATION_PROVIDER = AWS_SNS DIRECTION = OUTBOUND
              AWS_SNS_TOPIC_ARN = 'arn:aws:sns:us-east-1:111122223333:S3_SF_Error_Notification'
              AWS_SNS_ROLE_ARN = 'arn:aws:iam::111122223333:role/snowflake-sns'
            """);
        var values = h.Result("DESCRIBE NOTIFICATION INTEGRATION SNOWFLAKE_ERROR_INTEGRATION").Rows.ToDictionary(r => (string)r[0]!, r => (string?)r[2]);
        values["AWS_SNS_TOPIC_ARN"].Should().Be("arn:aws:sns:us-east-1:111122223333:S3_SF_Error_Notification");
        values["SF_AWS_IAM_USER_ARN"].Should().MatchRegex(@"^arn:aws:iam::\d{12}:user/.+$");
        values["SF_AWS_EXTERNAL_ID"].Should().NotBeNullOrEmpty();
        h.Result("SHOW NOTIFICATION INTEGRATIONS").Rows.Should().ContainSingle().Which[1].Should().Be("QUEUE - AWS_SNS");
    }

    // https://docs.snowflake.com/en/sql-reference/sql/desc-file-format and /show-file-formats
    [Fact]
    public async Task File_format_options_are_shown_by_desc_and_show()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows(Setup);
        var desc = h.Result("DESC FILE FORMAT SNOWLAKE_DB.BRONZE.MY_CSV_FORMAT");
        desc.Columns.Should().Equal("parent_property", "property", "property_type", "property_value", "property_default");
        var values = desc.Rows.ToDictionary(r => (string)r[1]!, r => (string?)r[3]);
        values["TYPE"].Should().Be("CSV");
        values["SKIP_HEADER"].Should().Be("1");
        values["FIELD_OPTIONALLY_ENCLOSED_BY"].Should().Be("\"");
        values["NULL_IF"].Should().Be("[NULL, null]");
        values["ERROR_ON_COLUMN_COUNT_MISMATCH"].Should().Be("true");
        var show = h.Result("SHOW FILE FORMATS IN SCHEMA SNOWLAKE_DB.BRONZE");
        show.Columns.Should().Equal("created_on", "name", "database_name", "schema_name", "type", "owner", "comment", "format_options", "owner_role_type");
        show.Rows.Should().ContainSingle().Which[7].Should().BeOfType<string>().Which.Should().Contain("\"SKIP_HEADER\":1");
    }

    // https://docs.snowflake.com/en/sql-reference/sql/create-stage and /desc-stage and /show-stages
    [Fact]
    public async Task External_stage_is_created_shown_and_described()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows(Setup);
        h.Rows("""
            CREATE OR REPLACE STAGE BRONZE.SOURCE_DATA_CUSTOMER_STAGE
              URL = 's3://snowflake-project-etl/raw_data/' STORAGE_INTEGRATION = s3_bronze
              FILE_FORMAT = (FORMAT_NAME = 'MY_CSV_FORMAT')
            """)[0][0].Should().Be("Stage area SOURCE_DATA_CUSTOMER_STAGE successfully created.");
        var show = h.Result("SHOW STAGES LIKE 'source%'");
        show.Columns.Should().StartWith(["created_on", "name", "database_name", "schema_name", "url", "has_credentials", "has_encryption_key", "owner", "comment", "region", "type", "cloud", "notification_channel", "storage_integration"]);
        var row = show.Rows.Should().ContainSingle().Subject;
        (row[1], row[4], row[10], row[13]).Should().Be(("SOURCE_DATA_CUSTOMER_STAGE", "s3://snowflake-project-etl/raw_data/", "EXTERNAL", "S3_BRONZE"));
        var desc = h.Result("DESC STAGE SOURCE_DATA_CUSTOMER_STAGE").Rows;
        desc.Should().ContainEquivalentOf(new object?[] { "STAGE_FILE_FORMAT", "FORMAT_NAME", "String", "MY_CSV_FORMAT", string.Empty });
        desc.Should().ContainEquivalentOf(new object?[] { "STAGE_INTEGRATION", "STORAGE_INTEGRATION", "String", "S3_BRONZE", string.Empty });
    }

    // https://docs.snowflake.com/en/sql-reference/sql/create-stage : a stage URL outside the integration's allowed locations is rejected.
    [Fact]
    public async Task Stage_outside_allowed_locations_is_rejected()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows(Setup);
        h.Error("CREATE STAGE bad URL = 's3://other-bucket/x/' STORAGE_INTEGRATION = s3_bronze").Message
            .Should().Contain("Location 's3://other-bucket/x/' is not allowed by integration 'S3_BRONZE'");
    }

    // https://docs.snowflake.com/en/sql-reference/sql/create-file-format : CREATE without OR REPLACE on an existing object fails; DROP of a missing one fails.
    [Fact]
    public async Task Create_existing_and_drop_missing_objects_use_snowflake_errors()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows(Setup);
        var exists = h.Error("CREATE FILE FORMAT BRONZE.MY_CSV_FORMAT TYPE = CSV");
        (exists.SnowflakeErrorCode, exists.Message).Should().Be((2002, "SQL compilation error:\nObject 'SNOWLAKE_DB.BRONZE.MY_CSV_FORMAT' already exists."));
        h.Rows("CREATE FILE FORMAT IF NOT EXISTS BRONZE.MY_CSV_FORMAT TYPE = CSV")[0][0].Should().Be("MY_CSV_FORMAT already exists, statement succeeded.");
        var missing = h.Error("DROP STAGE BRONZE.NOPE");
        (missing.SnowflakeErrorCode, missing.SqlState, missing.Message).Should().Be((2003, "02000", "SQL compilation error:\nStage 'SNOWLAKE_DB.BRONZE.NOPE' does not exist or not authorized."));
        h.Rows("DROP STAGE IF EXISTS BRONZE.NOPE")[0][0].Should().Be("Drop statement executed successfully (NOPE already dropped).");
        h.Error("CREATE STAGE nowhere.s.st").Message.Should().Be("SQL compilation error:\nDatabase 'NOWHERE' does not exist or not authorized.");
    }

    // https://docs.snowflake.com/en/sql-reference/sql/grant-privilege and /show-grants : grants are recorded and listed.
    [Fact]
    public async Task Grants_are_recorded_and_revoked()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows(Setup);
        h.Rows("GRANT USAGE ON DATABASE SNOWLAKE_DB TO ROLE loader");
        h.Rows("GRANT SELECT, INSERT ON TABLE BRONZE.T TO ROLE loader");
        h.Rows("GRANT USAGE ON INTEGRATION s3_bronze TO ROLE loader");
        var grants = h.Result("SHOW GRANTS TO ROLE loader");
        grants.Columns.Should().Equal("created_on", "privilege", "granted_on", "name", "granted_to", "grantee_name", "grant_option", "granted_by");
        grants.Rows.Select(r => (r[1], r[2], r[3])).Should().BeEquivalentTo(new[]
        {
            ((object?)"USAGE", (object?)"DATABASE", (object?)"SNOWLAKE_DB"),
            ("SELECT", "TABLE", "SNOWLAKE_DB.BRONZE.T"),
            ("INSERT", "TABLE", "SNOWLAKE_DB.BRONZE.T"),
            ("USAGE", "INTEGRATION", "S3_BRONZE"),
        });
        h.Rows("REVOKE INSERT ON TABLE BRONZE.T FROM ROLE loader");
        h.Result("SHOW GRANTS ON TABLE SNOWLAKE_DB.BRONZE.T").Rows.Select(r => r[1]).Should().Equal("SELECT");
    }

    // https://docs.snowflake.com/en/sql-reference/sql/put and /list : PUT gzips by default; LIST shows name, size, md5, last_modified.
    [Fact]
    public async Task Put_and_list_internal_stage()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        var folder = Directory.CreateTempSubdirectory("put-test-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "a.csv"), "x,y\n1,2\n");
            h.Rows("CREATE DATABASE d; CREATE STAGE st");
            var put = h.Result($"PUT file://{folder.FullName}/a.csv @st/in");
            put.Columns.Should().Equal("source", "target", "source_size", "target_size", "source_compression", "target_compression", "status", "message");
            put.Rows.Should().ContainSingle().Which[6].Should().Be("UPLOADED");
            var list = h.Result("LIST @st");
            list.Columns.Should().Equal("name", "size", "md5", "last_modified");
            var row = list.Rows.Should().ContainSingle().Subject;
            row[0].Should().Be("st/in/a.csv.gz");
            ((string)row[2]!).Should().MatchRegex("^[0-9a-f]{32}$");
            h.Rows("PUT file://" + folder.FullName + "/a.csv @st/in")[0][6].Should().Be("SKIPPED");
            h.Rows("REMOVE @st/in");
            h.Rows("LIST @st").Should().BeEmpty();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    // LIST's last_modified and METADATA$FILE_LAST_MODIFIED come from the emulator's clock, like every other time it shows
    // (a FakeTimeProvider far from the wall clock); a same-size overwrite at the same fake instant gets its new checksum.
    [Fact]
    public async Task Put_stamps_files_with_the_emulator_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 3, 4, 5, 6, 7, TimeSpan.Zero));
        await using var h = await LocalSnowflakeHarness.StartAsync(new LocalSnowflakeOptions { TimeProvider = clock });
        var folder = Directory.CreateTempSubdirectory("put-clock-");
        try
        {
            var file = Path.Combine(folder.FullName, "a.csv");
            File.WriteAllText(file, "1\n");
            h.Rows("CREATE DATABASE d; CREATE STAGE st; CREATE TABLE t (v INT)");
            h.Rows($"PUT file://{file} @st AUTO_COMPRESS = FALSE");
            h.Rows("LIST @st").Should().ContainSingle().Which[3].Should().Be("Tue, 04 Mar 2031 05:06:07 GMT");
            var md5 = h.Rows("LIST @st")[0][2];

            File.WriteAllText(file, "2\n");
            h.Rows($"PUT file://{file} @st AUTO_COMPRESS = FALSE OVERWRITE = TRUE");
            h.Rows("LIST @st")[0][2].Should().NotBe(md5);
            h.Rows("COPY INTO t FROM @st");
            h.Scalar("SELECT v FROM t").Should().Be(2L);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
