using SnowMedallion.Model;
using SnowMedallion.Sql;

namespace SnowMedallion.Tests.Sql;

public sealed class RendererObjectTests
{
    private static readonly Database Db = new("DB");
    private static readonly Schema Bronze = new(Db, "BRONZE");
    private static readonly SnowflakeSqlRenderer Renderer = new();

    [Fact]
    public void Table_renders_columns_collation_not_null_default_key_and_comment()
    {
        var id = new Column("ID", DataType.Number()) { Nullable = false };
        var table = new Table(Bronze, "T", [
            id,
            new Column("NAME", DataType.Varchar(50)) { Collation = "en-ci", Comment = "who" },
            new Column("AT", DataType.TimestampNtz(6)) { DefaultExpression = "CURRENT_TIMESTAMP(6)", Nullable = false },
        ])
        { PrimaryKey = [id], Transient = true, Comment = "it's a table" };

        Renderer.RenderTable(table).Should().Be(
            """
            CREATE TRANSIENT TABLE DB.BRONZE.T (
              ID NUMBER(38,0) NOT NULL,
              NAME VARCHAR(50) COLLATE 'en-ci' COMMENT 'who',
              AT TIMESTAMP_NTZ(6) DEFAULT CURRENT_TIMESTAMP(6) NOT NULL,
              PRIMARY KEY (ID)
            )
              COMMENT = 'it''s a table'
            """);
    }

    [Theory]
    [InlineData(CreateMode.Create, "CREATE STREAM DB.BRONZE.S")]
    [InlineData(CreateMode.CreateOrReplace, "CREATE OR REPLACE STREAM DB.BRONZE.S")]
    [InlineData(CreateMode.CreateIfNotExists, "CREATE STREAM IF NOT EXISTS DB.BRONZE.S")]
    public void Create_mode_sets_the_statement_head(CreateMode mode, string head)
    {
        var table = new Table(Bronze, "T", [new Column("A", DataType.Varchar())]);
        var stream = new SnowMedallion.Model.Stream(Bronze, "S", table) { AppendOnly = true, ShowInitialRows = true };

        new SnowflakeSqlRenderer(mode).RenderStream(stream).Should().Be(
            head + "\n  ON TABLE DB.BRONZE.T\n  APPEND_ONLY = TRUE\n  SHOW_INITIAL_ROWS = TRUE");
    }

    [Fact]
    public void Database_and_schema_render_with_comments()
    {
        Renderer.RenderDatabase(Db with { Comment = "main" }).Should().Be("CREATE DATABASE DB\n  COMMENT = 'main'");
        Renderer.RenderSchema(Bronze).Should().Be("CREATE SCHEMA DB.BRONZE");
        Renderer.RenderSchema(new Schema(Db, "raw data")).Should().Be("CREATE SCHEMA DB.\"raw data\"");
    }

    [Fact]
    public void Storage_integration_renders_every_option()
    {
        var integration = new StorageIntegration("S3_IN", "arn:aws:iam::1:role/r", [S3Location.Parse("s3://b/a/"), S3Location.Parse("s3://b/c/")])
        {
            Enabled = false,
            BlockedLocations = [S3Location.Parse("s3://b/a/secret/")],
            Comment = "raw files",
        };

        Renderer.RenderStorageIntegration(integration).Should().Be(
            """
            CREATE STORAGE INTEGRATION S3_IN
              TYPE = EXTERNAL_STAGE
              STORAGE_PROVIDER = 'S3'
              ENABLED = FALSE
              STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::1:role/r'
              STORAGE_ALLOWED_LOCATIONS = ('s3://b/a/', 's3://b/c/')
              STORAGE_BLOCKED_LOCATIONS = ('s3://b/a/secret/')
              COMMENT = 'raw files'
            """);
    }

    [Fact]
    public void Notification_integration_renders_an_outbound_sns_queue()
    {
        var integration = new NotificationIntegration("ERRORS", "arn:aws:sns:us-east-1:1:t", "arn:aws:iam::1:role/sns");

        new SnowflakeSqlRenderer(CreateMode.CreateIfNotExists).RenderNotificationIntegration(integration).Should().Be(
            """
            CREATE NOTIFICATION INTEGRATION IF NOT EXISTS ERRORS
              ENABLED = TRUE
              TYPE = QUEUE
              NOTIFICATION_PROVIDER = AWS_SNS
              DIRECTION = OUTBOUND
              AWS_SNS_TOPIC_ARN = 'arn:aws:sns:us-east-1:1:t'
              AWS_SNS_ROLE_ARN = 'arn:aws:iam::1:role/sns'
            """);
    }

    [Fact]
    public void Csv_file_format_renders_every_option_in_a_fixed_order()
    {
        var format = new FileFormat(Bronze, "CSV", FileFormatType.Csv)
        {
            Compression = FileCompression.Gzip,
            RecordDelimiter = "\n",
            FieldDelimiter = "|",
            SkipHeader = 1,
            FieldOptionallyEnclosedBy = "\"",
            NullIf = ["NULL", ""],
            EmptyFieldAsNull = true,
            TrimSpace = true,
            ErrorOnColumnCountMismatch = false,
            Encoding = "UTF8",
            DateFormat = "YYYY-MM-DD",
            TimestampFormat = "AUTO",
        };

        Renderer.RenderFileFormat(format).Should().Be(
            """
            CREATE FILE FORMAT DB.BRONZE.CSV
              TYPE = CSV
              COMPRESSION = GZIP
              RECORD_DELIMITER = '\n'
              FIELD_DELIMITER = '|'
              SKIP_HEADER = 1
              FIELD_OPTIONALLY_ENCLOSED_BY = '"'
              NULL_IF = ('NULL', '')
              EMPTY_FIELD_AS_NULL = TRUE
              TRIM_SPACE = TRUE
              ERROR_ON_COLUMN_COUNT_MISMATCH = FALSE
              ENCODING = 'UTF8'
              DATE_FORMAT = 'YYYY-MM-DD'
              TIMESTAMP_FORMAT = 'AUTO'
            """);
    }

    [Fact]
    public void Json_and_parquet_file_formats_render_only_what_is_set()
    {
        Renderer.RenderFileFormat(new FileFormat(Bronze, "J", FileFormatType.Json) { StripOuterArray = true, Compression = FileCompression.Auto })
            .Should().Be("CREATE FILE FORMAT DB.BRONZE.J\n  TYPE = JSON\n  COMPRESSION = AUTO\n  STRIP_OUTER_ARRAY = TRUE");
        Renderer.RenderFileFormat(new FileFormat(Bronze, "P", FileFormatType.Parquet))
            .Should().Be("CREATE FILE FORMAT DB.BRONZE.P\n  TYPE = PARQUET");
    }

    [Fact]
    public void External_and_internal_stages()
    {
        var integration = new StorageIntegration("S3_IN", "arn", [S3Location.Parse("s3://b/in/")]);
        var format = new FileFormat(Bronze, "my fmt", FileFormatType.Csv);
        var external = new Stage(Bronze, "EXT") { Url = S3Location.Parse("s3://b/in/"), StorageIntegration = integration, FileFormat = format };

        Renderer.RenderStage(external).Should().Be(
            """
            CREATE STAGE DB.BRONZE.EXT
              URL = 's3://b/in/'
              STORAGE_INTEGRATION = S3_IN
              FILE_FORMAT = (FORMAT_NAME = 'DB.BRONZE."my fmt"')
            """);
        Renderer.RenderStage(new Stage(Bronze, "INT") { Comment = "uploads" }).Should().Be("CREATE STAGE DB.BRONZE.INT\n  COMMENT = 'uploads'");
    }

    [Fact]
    public void Pipe_renders_copy_with_mapping_path_format_and_on_error()
    {
        var a = new Column("A", DataType.Varchar());
        var file = new Column("FILE", DataType.Varchar());
        var at = new Column("AT", DataType.TimestampLtz());
        var table = new Table(Bronze, "T", [a, file, at]);
        var format = new FileFormat(Bronze, "CSV", FileFormatType.Csv);
        var stage = new Stage(Bronze, "ST");
        var pipe = new Pipe(Bronze, "P", stage, table, [
            new PipeMapping(a, new FileField(2)),
            new PipeMapping(file, new FileMetadata(FileMetadataColumn.FileName)),
            new PipeMapping(at, new SqlExpression("CURRENT_TIMESTAMP()")),
        ])
        { FileFormat = format, Path = "daily/", OnError = "skip_file_10%", Comment = "daily load" };

        Renderer.RenderPipe(pipe).Should().Be(
            """
            CREATE PIPE DB.BRONZE.P
              COMMENT = 'daily load'
              AS
            COPY INTO DB.BRONZE.T (
              A,
              FILE,
              AT
            )
            FROM (
              SELECT
                $2,
                METADATA$FILENAME,
                CURRENT_TIMESTAMP()
              FROM @DB.BRONZE.ST/daily/
            )
            FILE_FORMAT = (FORMAT_NAME = 'DB.BRONZE.CSV')
            ON_ERROR = 'SKIP_FILE_10%'
            """);
    }

    [Fact]
    public void Procedure_renders_signature_options_and_a_safely_delimited_body()
    {
        var procedure = new Procedure(Bronze, "P", [new ProcedureArgument("database", DataType.Varchar()), new ProcedureArgument("N", DataType.Number())], DataType.Varchar(), "\nreturn 'a$$b';\n")
        {
            ExecuteAs = ProcedureExecuteAs.Owner,
            Comment = "demo",
        };

        Renderer.RenderProcedure(procedure).Should().Be(
            """
            CREATE PROCEDURE DB.BRONZE.P("database" VARCHAR, N NUMBER(38,0))
              RETURNS VARCHAR
              LANGUAGE JAVASCRIPT
              COMMENT = 'demo'
              EXECUTE AS OWNER
              AS
            '\nreturn ''a$$b'';\n'
            """);
        Renderer.RenderProcedure(procedure with { Body = "return 1;", Arguments = [], ExecuteAs = null, Comment = null })
            .Should().Be("CREATE PROCEDURE DB.BRONZE.P()\n  RETURNS VARCHAR\n  LANGUAGE JAVASCRIPT\n  AS\n$$return 1;$$");
    }

    [Fact]
    public void Task_renders_serverless_interval_options_after_and_when()
    {
        var root = new SnowflakeTask(Bronze, "ROOT", new SqlStatementAction("SELECT 1", [])) { Schedule = TaskSchedule.Every(TimeSpan.FromHours(1)) };
        var child = new SnowflakeTask(Bronze, "CHILD", new SqlStatementAction("DELETE FROM DB.BRONZE.T", []))
        {
            ServerlessInitialWarehouseSize = "XSMALL",
            After = [root],
            When = TaskCondition.Expression("1 = 1"),
            SuspendAfterNumFailures = 3,
            ErrorIntegration = new NotificationIntegration("ERRORS", "t", "r"),
            Comment = "cleanup",
        };

        Renderer.RenderTask(root).Should().Be("CREATE TASK DB.BRONZE.ROOT\n  SCHEDULE = '60 MINUTE'\n  AS\nSELECT 1");
        Renderer.RenderTask(child).Should().Be(
            """
            CREATE TASK DB.BRONZE.CHILD
              USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE = 'XSMALL'
              SUSPEND_TASK_AFTER_NUM_FAILURES = 3
              ERROR_INTEGRATION = ERRORS
              COMMENT = 'cleanup'
              AFTER DB.BRONZE.ROOT
              WHEN 1 = 1
              AS
            DELETE FROM DB.BRONZE.T
            """);
        Renderer.RenderResume(child).Should().Be("ALTER TASK DB.BRONZE.CHILD RESUME");
    }

    [Fact]
    public void Pipeline_script_resumes_child_tasks_before_their_root()
    {
        var root = new SnowflakeTask(Bronze, "ROOT", new SqlStatementAction("SELECT 1", [])) { Schedule = TaskSchedule.Every(TimeSpan.FromMinutes(5)), Started = true };
        var child = new SnowflakeTask(Bronze, "CHILD", new SqlStatementAction("SELECT 2", [])) { After = [root], Started = true };

        var script = Renderer.Render(MedallionPipeline.Create([child]));

        script.Statements.Select(s => s.Split('\n')[0]).Should().Equal(
            "CREATE DATABASE DB", "CREATE SCHEMA DB.BRONZE", "CREATE TASK DB.BRONZE.ROOT", "CREATE TASK DB.BRONZE.CHILD",
            "ALTER TASK DB.BRONZE.CHILD RESUME", "ALTER TASK DB.BRONZE.ROOT RESUME");
    }

    [Fact]
    public void View_renders_secure_with_comment()
    {
        var view = new View(Bronze, "V", "SELECT 1 AS X") { Secure = true, Comment = "gold" };

        new SnowflakeSqlRenderer(CreateMode.CreateOrReplace).RenderView(view).Should().Be(
            "CREATE OR REPLACE SECURE VIEW DB.BRONZE.V\n  COMMENT = 'gold'\n  AS\nSELECT 1 AS X");
    }

    [Fact]
    public void Rendering_is_deterministic()
    {
        var first = new SnowflakeSqlRenderer().Render(CustomerPipeline.CustomerPipelineDefinition.Create()).ToString();
        var second = new SnowflakeSqlRenderer().Render(CustomerPipeline.CustomerPipelineDefinition.Create()).ToString();

        second.Should().Be(first);
    }
}
