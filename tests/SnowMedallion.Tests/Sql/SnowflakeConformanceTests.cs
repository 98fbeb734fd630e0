using SnowMedallion.Building;
using SnowMedallion.Model;
using SnowMedallion.Sql;
using static SnowMedallion.Model.DataType;

namespace SnowMedallion.Tests.Sql;

// What the SDK renders checked against Snowflake's SQL reference: where the reference forbids a combination the model
// could express, the pipeline fails to build naming the object and the fix; where a CREATE mode has no Snowflake spelling
// for a kind, the renderer uses the documented alternative.
public sealed class SnowflakeConformanceTests
{
    private static readonly Database Db = new("DB");
    private static readonly Schema Bronze = new(Db, "BRONZE");
    private static readonly Schema Silver = new(Db, "SILVER");
    private static readonly S3Location Location = S3Location.Parse("s3://bucket/in/");

    private static IReadOnlyList<string> Problems(params PipelineObject[] objects)
    {
        var act = () => MedallionPipeline.Create(objects);
        return act.Should().Throw<PipelineValidationException>().Which.Problems;
    }

    private static SnowMedallion.Model.Pipe Pipe(string onError)
    {
        var column = new Column("A", Varchar());
        var table = new Table(Bronze, "T", [column]);
        var integration = new StorageIntegration("S3", "arn:aws:iam::1:role/r", [Location]);
        var stage = new Stage(Bronze, "ST") { Url = Location, StorageIntegration = integration, FileFormat = new FileFormat(Bronze, "CSV", FileFormatType.Csv) };
        return new SnowMedallion.Model.Pipe(Bronze, "P", stage, table, [new PipeMapping(column, new FileField(1))]) { AutoIngest = true, OnError = onError };
    }

    // https://docs.snowflake.com/en/sql-reference/sql/create-pipe#usage-notes: every COPY INTO <table> copy option is supported
    // in a pipe except FILES, ON_ERROR = ABORT_STATEMENT, SIZE_LIMIT, PURGE, FORCE, RETURN_FAILED_ONLY and VALIDATION_MODE.
    [Theory]
    [InlineData("ABORT_STATEMENT")]
    [InlineData("abort_statement")]
    public void Pipe_with_on_error_abort_statement_fails_to_build(string onError)
    {
        Problems(Pipe(onError)).Should().ContainSingle().Which.Should().Be(
            "Pipe DB.BRONZE.P has ON_ERROR 'ABORT_STATEMENT', which Snowpipe does not support: use SKIP_FILE (Snowpipe's default), SKIP_FILE_<n>, SKIP_FILE_<n>% or CONTINUE.");
    }

    [Theory]
    [InlineData("SKIP_FILE", "ON_ERROR = SKIP_FILE")]
    [InlineData("skip_file_3", "ON_ERROR = SKIP_FILE_3")]
    [InlineData("SKIP_FILE_10%", "ON_ERROR = 'SKIP_FILE_10%'")]
    [InlineData("CONTINUE", "ON_ERROR = CONTINUE")]
    public void Pipe_on_error_values_snowpipe_supports_render(string onError, string clause)
    {
        var pipeline = MedallionPipeline.Create([Pipe(onError)]);

        new SnowflakeSqlRenderer().RenderPipe(pipeline.Pipes.Single()).Should().EndWith("\n" + clause);
    }

    [Fact]
    public void Pipe_with_an_unknown_on_error_value_lists_only_what_snowpipe_supports()
    {
        Problems(Pipe("STOP")).Should().ContainSingle().Which.Should().Be(
            "Pipe DB.BRONZE.P has ON_ERROR 'STOP': use SKIP_FILE, SKIP_FILE_<n>, SKIP_FILE_<n>% or CONTINUE.");
    }

    // https://docs.snowflake.com/en/user-guide/data-load-snowpipe-errors: no error notifications with ON_ERROR = CONTINUE.
    [Fact]
    public void Pipe_with_an_error_integration_and_on_error_continue_fails_to_build()
    {
        var pipe = Pipe("CONTINUE") with { ErrorIntegration = new NotificationIntegration("ERRORS", "arn:aws:sns:us-east-1:1:t", "arn:aws:iam::1:role/sns") };

        Problems(pipe).Should().ContainSingle().Which.Should().Be(
            "Pipe DB.BRONZE.P sends load errors to ERRORS but has ON_ERROR 'CONTINUE', with which Snowpipe sends no error notifications: use SKIP_FILE (the default) or remove the error integration.");
        MedallionPipeline.Create([pipe with { OnError = "SKIP_FILE" }]).Pipes.Should().ContainSingle();
    }

    // https://docs.snowflake.com/en/sql-reference/sql/create-task (AFTER): all tasks in a task graph must exist in the same schema.
    [Fact]
    public void Task_after_a_task_of_another_schema_fails_to_build()
    {
        var root = new SnowflakeTask(Bronze, "ROOT", new SqlStatementAction("SELECT 1", [])) { Schedule = TaskSchedule.Every(TimeSpan.FromMinutes(5)) };
        var child = new SnowflakeTask(Silver, "CHILD", new SqlStatementAction("SELECT 2", [])) { After = [root] };

        Problems(child).Should().ContainSingle().Which.Should().Be(
            "Task DB.SILVER.CHILD runs after Task DB.BRONZE.ROOT, which is in another schema: Snowflake requires every task of a task graph in one schema; move one of them.");
    }

    // https://docs.snowflake.com/en/sql-reference/sql/create-task (SCHEDULE 'USING CRON expr time_zone'): the time zone is a tz
    // database name. .NET on Linux also resolves Windows time zone ids, which Snowflake does not know.
    [Fact]
    public void Cron_schedule_in_a_windows_time_zone_fails_to_build()
    {
        var task = new SnowflakeTask(Bronze, "T", new SqlStatementAction("SELECT 1", [])) { Schedule = TaskSchedule.UsingCron("0 0 * * *", "Eastern Standard Time") };

        Problems(task).Should().ContainSingle().Which.Should().Be(
            "Task DB.BRONZE.T has cron time zone 'Eastern Standard Time', which is not a known IANA time zone: use one like 'America/New_York' or 'UTC'.");
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("America/New_York")]
    [InlineData("Europe/Paris")]
    public void Cron_schedule_in_a_tz_database_time_zone_builds(string timeZone)
    {
        var task = new SnowflakeTask(Bronze, "T", new SqlStatementAction("SELECT 1", [])) { Schedule = TaskSchedule.UsingCron("0 0 * * *", timeZone) };

        new SnowflakeSqlRenderer().RenderTask(MedallionPipeline.Create([task]).Tasks.Single())
            .Should().Contain($"SCHEDULE = 'USING CRON 0 0 * * * {timeZone}'");
    }

    // https://docs.snowflake.com/en/sql-reference/sql/create-task (SCHEDULE): '{ 1 - 11520 } MINUTES' (8 days); cron supports
    // numbers, names, lists, ranges and the special characters *, L and /n.
    [Fact]
    public void Schedules_outside_snowflakes_syntax_fail_to_build()
    {
        SnowflakeTask Task(TaskSchedule schedule) => new(Bronze, "T", new SqlStatementAction("SELECT 1", [])) { Schedule = schedule };

        new SnowflakeSqlRenderer().RenderTask(MedallionPipeline.Create([Task(TaskSchedule.Every(TimeSpan.FromDays(8)))]).Tasks.Single())
            .Should().Contain("SCHEDULE = '11520 MINUTE'", "MINUTE is one of the documented notations");
        Problems(Task(TaskSchedule.Every(TimeSpan.FromMinutes(11521)))).Should().ContainSingle().Which.Should().Be(
            "Task DB.BRONZE.T runs every 8.00:01:00: Snowflake's longest schedule interval is 11520 minutes (8 days); use a cron schedule.");
        Problems(Task(TaskSchedule.UsingCron("0 0 15W * *", "UTC"))).Should().ContainSingle().Which.Should().Be(
            "Task DB.BRONZE.T has cron schedule '0 0 15W * *', which uses ?, # or W: Snowflake's cron supports only numbers, names, *, L, lists, ranges and /n steps; rewrite it with those.");
        Problems(Task(TaskSchedule.UsingCron("0 0 ? * MON#2", "UTC"))).Should().Contain(
            "Task DB.BRONZE.T has cron schedule '0 0 ? * MON#2', which uses ?, # or W: Snowflake's cron supports only numbers, names, *, L, lists, ranges and /n steps; rewrite it with those.");
    }

    [Theory]
    [InlineData("0/5 * * * *")]
    [InlineData("0 6,18 * * *")]
    [InlineData("0 3 * * MON-FRI")]
    [InlineData("0 0 L * *")]
    [InlineData("0 0 10-20 * TUE,THU,WED")]
    public void Cron_schedules_in_snowflakes_syntax_build(string cron)
    {
        var task = new SnowflakeTask(Bronze, "T", new SqlStatementAction("SELECT 1", [])) { Schedule = TaskSchedule.UsingCron(cron, "UTC") };

        new SnowflakeSqlRenderer().RenderTask(MedallionPipeline.Create([task]).Tasks.Single()).Should().Contain($"SCHEDULE = 'USING CRON {cron} UTC'");
    }

    // https://docs.snowflake.com/en/sql-reference/sql/create-procedure (JavaScript handler): CREATE [ OR REPLACE ] ... PROCEDURE
    // <name> ( ... ) [ COPY GRANTS ] RETURNS ...: there is no IF NOT EXISTS. A procedure holds no data: replace it, keep its grants.
    [Fact]
    public void Procedure_in_if_not_exists_mode_is_replaced_keeping_its_grants()
    {
        var procedure = new Procedure(Bronze, "P", [new ProcedureArgument("DATABASE", Varchar())], Varchar(), "return 1;") { ExecuteAs = ProcedureExecuteAs.Caller };

        new SnowflakeSqlRenderer(CreateMode.CreateIfNotExists).RenderProcedure(procedure).Should().Be(
            """
            CREATE OR REPLACE PROCEDURE DB.BRONZE.P("DATABASE" VARCHAR) COPY GRANTS
              RETURNS VARCHAR
              LANGUAGE JAVASCRIPT
              EXECUTE AS CALLER
              AS
            $$return 1;$$
            """);
        new SnowflakeSqlRenderer(CreateMode.CreateOrReplace).RenderProcedure(procedure).Should().StartWith("CREATE OR REPLACE PROCEDURE DB.BRONZE.P(\"DATABASE\" VARCHAR)\n");
        new SnowflakeSqlRenderer().RenderProcedure(procedure).Should().StartWith("CREATE PROCEDURE DB.BRONZE.P(\"DATABASE\" VARCHAR)\n");
    }

    [Fact]
    public void Every_other_kind_renders_if_not_exists_after_the_kind_keyword()
    {
        var renderer = new SnowflakeSqlRenderer(CreateMode.CreateIfNotExists);
        var script = renderer.Render(CustomerPipeline.CustomerPipelineDefinition.Create());

        script.Statements.Where(s => s.StartsWith("CREATE", StringComparison.Ordinal) && !s.StartsWith("CREATE OR REPLACE PROCEDURE", StringComparison.Ordinal))
            .Should().AllSatisfy(s => s.Split('\n')[0].Should().MatchRegex("^CREATE (DATABASE|SCHEMA|STORAGE INTEGRATION|NOTIFICATION INTEGRATION|FILE FORMAT|STAGE|TABLE|PIPE|STREAM|TASK|VIEW) IF NOT EXISTS "));
        script.Statements.Should().ContainSingle(s => s.StartsWith("CREATE OR REPLACE PROCEDURE SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_SRC_TO_SL_SP(\"DATABASE\" VARCHAR) COPY GRANTS\n", StringComparison.Ordinal));
        script.Statements.Should().NotContain(s => s.Contains("OR REPLACE", StringComparison.Ordinal) && s.Contains("IF NOT EXISTS", StringComparison.Ordinal),
            "OR REPLACE and IF NOT EXISTS are mutually exclusive in every CREATE statement");
    }

    // https://docs.snowflake.com/en/sql-reference/sql/alter-task#usage-notes: the root task of a task graph must be suspended before
    // a child task is added (CREATE TASK ... AFTER), resumed or suspended; resume children before the root.
    [Fact]
    public void If_not_exists_script_suspends_a_graph_root_before_its_tasks_and_resumes_it_last()
    {
        var root = new SnowflakeTask(Bronze, "ROOT", new SqlStatementAction("SELECT 1", [])) { Schedule = TaskSchedule.Every(TimeSpan.FromMinutes(5)), Started = true };
        var child = new SnowflakeTask(Bronze, "CHILD", new SqlStatementAction("SELECT 2", [])) { After = [root], Started = true };
        var alone = new SnowflakeTask(Bronze, "ALONE", new SqlStatementAction("SELECT 3", [])) { Schedule = TaskSchedule.Every(TimeSpan.FromMinutes(5)), Started = true };
        var pipeline = MedallionPipeline.Create([child, alone]);

        new SnowflakeSqlRenderer(CreateMode.CreateIfNotExists).Render(pipeline).Statements.Select(s => s.Split('\n')[0]).Should().Equal(
            "CREATE DATABASE IF NOT EXISTS DB",
            "CREATE SCHEMA IF NOT EXISTS DB.BRONZE",
            "ALTER TASK IF EXISTS DB.BRONZE.ROOT SUSPEND",
            "CREATE TASK IF NOT EXISTS DB.BRONZE.ROOT",
            "CREATE TASK IF NOT EXISTS DB.BRONZE.CHILD",
            "CREATE TASK IF NOT EXISTS DB.BRONZE.ALONE",
            "ALTER TASK DB.BRONZE.ALONE RESUME",
            "ALTER TASK DB.BRONZE.CHILD RESUME",
            "ALTER TASK DB.BRONZE.ROOT RESUME");
        new SnowflakeSqlRenderer().Render(pipeline).Statements.Should().NotContain(s => s.Contains("SUSPEND", StringComparison.Ordinal),
            "a fresh CREATE leaves every new task suspended");
    }

    // https://docs.snowflake.com/en/sql-reference/collation: COLLATE applies to text columns;
    // https://docs.snowflake.com/en/sql-reference/data-types-numeric and data-types-datetime: NUMBER(1-38, 0-p), TIMESTAMP(0-9).
    [Fact]
    public void Column_types_and_collations_outside_snowflakes_ranges_fail_to_build()
    {
        var table = new Table(Bronze, "T", [
            new Column("N", Number()) { Collation = "en-ci" },
            new Column("P", Number(39, 0)),
            new Column("S", Number(10, 11)),
            new Column("TS", TimestampNtz(10)),
            new Column("V", Varchar(0)),
            new Column("OK", Varchar(10)) { Collation = "en-ci" },
        ]);

        Problems(table).Should().Equal(
            "Table DB.BRONZE.T column N is NUMBER(38,0) with COLLATE 'en-ci': only text columns take a collation; remove it.",
            "Table DB.BRONZE.T column P has type NUMBER(39,0): NUMBER takes a precision of 1 to 38 and a scale from 0 to the precision.",
            "Table DB.BRONZE.T column S has type NUMBER(10,11): NUMBER takes a precision of 1 to 38 and a scale from 0 to the precision.",
            "Table DB.BRONZE.T column TS has type TIMESTAMP_NTZ(10): a timestamp's fractional-second precision is 0 to 9.",
            "Table DB.BRONZE.T column V has type VARCHAR(0): a VARCHAR length is at least 1.");
    }

    // https://docs.snowflake.com/en/sql-reference/sql/create-file-format (formatTypeOptions): each option is documented for the
    // types listed under it; Parquet's COMPRESSION takes AUTO, LZO, SNAPPY or NONE.
    [Fact]
    public void File_format_options_of_another_type_fail_to_build()
    {
        var json = new FileFormat(Bronze, "J", FileFormatType.Json) { SkipHeader = 1, FieldDelimiter = "|", DateFormat = "YYYY-MM-DD" };
        var csv = new FileFormat(Bronze, "C", FileFormatType.Csv) { StripOuterArray = true };
        var parquet = new FileFormat(Bronze, "P", FileFormatType.Parquet) { Compression = FileCompression.Gzip, TimestampFormat = "AUTO" };

        Problems(json).Should().Equal(
            "FileFormat DB.BRONZE.J is TYPE = JSON but sets FIELD_DELIMITER, which Snowflake documents only for CSV: remove the option or change the type.",
            "FileFormat DB.BRONZE.J is TYPE = JSON but sets SKIP_HEADER, which Snowflake documents only for CSV: remove the option or change the type.");
        Problems(csv).Should().ContainSingle().Which.Should().Be(
            "FileFormat DB.BRONZE.C is TYPE = CSV but sets STRIP_OUTER_ARRAY, which Snowflake documents only for JSON: remove the option or change the type.");
        Problems(parquet).Should().Equal(
            "FileFormat DB.BRONZE.P is TYPE = PARQUET but sets TIMESTAMP_FORMAT, which Snowflake documents only for CSV and JSON: remove the option or change the type.",
            "FileFormat DB.BRONZE.P is TYPE = PARQUET with COMPRESSION Gzip: Parquet takes AUTO, LZO, SNAPPY or NONE; use Auto or None.");
    }

    [Fact]
    public void File_format_options_of_their_own_type_render()
    {
        var json = new FileFormat(Bronze, "J", FileFormatType.Json) { Compression = FileCompression.Gzip, DateFormat = "AUTO", StripOuterArray = true, NullIf = [""] };
        var parquet = new FileFormat(Bronze, "P", FileFormatType.Parquet) { Compression = FileCompression.None, TrimSpace = true };
        var pipeline = MedallionPipeline.Create([json, parquet]);
        var renderer = new SnowflakeSqlRenderer();

        renderer.RenderFileFormat(pipeline.Find<FileFormat>(json.QualifiedName)!).Should().Be(
            "CREATE FILE FORMAT DB.BRONZE.J\n  TYPE = JSON\n  COMPRESSION = GZIP\n  NULL_IF = ('')\n  DATE_FORMAT = 'AUTO'\n  STRIP_OUTER_ARRAY = TRUE");
        renderer.RenderFileFormat(pipeline.Find<FileFormat>(parquet.QualifiedName)!).Should().Be(
            "CREATE FILE FORMAT DB.BRONZE.P\n  TYPE = PARQUET\n  COMPRESSION = NONE\n  TRIM_SPACE = TRUE");
    }

    // https://docs.snowflake.com/en/sql-reference/functions/md5: MD5 takes one argument, so a hash over no columns is no SQL.
    [Fact]
    public void Upsert_hash_over_no_columns_or_over_itself_fails_to_build()
    {
        var raw = SnowMedallion.Bronze.Table("RAW").Column("NAME", Varchar(50)).Column("FILE", Varchar(), notNull: true).Column("ROW", Number(), notNull: true);
        var clean = SnowMedallion.Silver.Table("CLEAN").Column("NAME", Varchar(50), notNull: true).Column("HASH", Varchar(32), notNull: true);
        var stream = SnowMedallion.Bronze.Stage("ST", Location, Medallion.S3StorageIntegration("S3", "arn:aws:iam::1:role/r", Location), SnowMedallion.Bronze.CsvFormat("CSV"))
            .Pipe("P", raw, p => p.Fields("NAME").FileName("FILE").FileRowNumber("ROW")).Stream("S");

        IReadOnlyList<string> Build(Func<UpsertProcedureBuilder, UpsertProcedureBuilder> configure)
        {
            var act = () => Medallion.Database("DB").Add(configure(SnowMedallion.Silver.UpsertProcedure("UP", stream, clean).Key("NAME"))).Build();
            return act.Should().Throw<PipelineValidationException>().Which.Problems;
        }

        Build(u => u.Hash("HASH")).Should().ContainSingle().Which.Should().Be(
            "Upsert procedure DB.BRONZE.UP hashes no columns into HASH: pass the target columns to hash to Hash(...).");
        Build(u => u.Hash("HASH", "NAME", "HASH")).Should().ContainSingle().Which.Should().Be(
            "Upsert procedure DB.BRONZE.UP hashes its own hash column HASH: remove it from the columns passed to Hash(...).");
    }
}
