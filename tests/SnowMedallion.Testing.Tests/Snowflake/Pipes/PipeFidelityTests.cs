using System.Text.Json;
using Amazon;
using Amazon.S3.Model;
using Microsoft.Extensions.Time.Testing;

namespace SnowMedallion.Testing.Tests.Snowflake.Pipes;

/// <summary>
/// Fidelity audit of pipes and COPY_HISTORY against Snowflake's documentation (session 6). Each test cites the page it checks.
/// Loads are driven by ALTER PIPE REFRESH on an internal stage; the clock is a <see cref="FakeTimeProvider"/>.
/// </summary>
public sealed class PipeFidelityTests : IDisposable
{
    private const string Setup = """
        CREATE DATABASE D; CREATE SCHEMA S;
        CREATE TABLE T (ID INT, NAME VARCHAR);
        CREATE FILE FORMAT F TYPE = CSV SKIP_HEADER = 1;
        CREATE STAGE ST;
        CREATE NOTIFICATION INTEGRATION ERRORS ENABLED = TRUE TYPE = QUEUE NOTIFICATION_PROVIDER = AWS_SNS DIRECTION = OUTBOUND
          AWS_SNS_TOPIC_ARN = 'arn:aws:sns:us-east-1:111122223333:S3_SF_Error_Notification'
          AWS_SNS_ROLE_ARN = 'arn:aws:iam::111122223333:role/sns-publisher';
        """;

    private const string Pipe = "CREATE PIPE P AS COPY INTO T FROM @ST FILE_FORMAT = (FORMAT_NAME = F)";

    private const string History = """
        SELECT * FROM TABLE(INFORMATION_SCHEMA.COPY_HISTORY(TABLE_NAME => 'T', START_TIME => '2026-11-19 00:00:00+00'))
        ORDER BY FILE_NAME
        """;

    private readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("pipe-fidelity-");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero));

    // https://docs.snowflake.com/en/sql-reference/sql/create-pipe (usage notes: "All COPY INTO <table> copy options are supported
    // except for the following: FILES, ON_ERROR = ABORT_STATEMENT, SIZE_LIMIT, PURGE, FORCE, RETURN_FAILED_ONLY, VALIDATION_MODE")
    // and https://docs.snowflake.com/en/user-guide/data-load-snowpipe-manage ("Pipe objects do not support the PURGE copy option").
    [Theory]
    [InlineData("FORCE = TRUE", "FORCE")]
    [InlineData("PURGE = TRUE", "PURGE")]
    [InlineData("FILES = ('a.csv')", "FILES")]
    [InlineData("RETURN_FAILED_ONLY = TRUE", "RETURN_FAILED_ONLY")]
    [InlineData("ON_ERROR = ABORT_STATEMENT", "ON_ERROR = ABORT_STATEMENT")]
    [InlineData("SIZE_LIMIT = 1000", "SIZE_LIMIT")]
    [InlineData("VALIDATION_MODE = RETURN_ERRORS", "VALIDATION_MODE")]
    public async Task Create_pipe_rejects_the_copy_options_snowpipe_does_not_support(string option, string named)
    {
        await using var h = await Start();

        var error = h.Error(Pipe + " " + option);

        error.Message.Should().Contain("copy option " + named).And.Contain("not supported by Snowpipe").And.Contain("D.S.P");
        error.SqlState.Should().Be("42601");
        h.Rows("SHOW PIPES IN SCHEMA D.S").Should().BeEmpty();
    }

    // Same page: every other copy option is supported; ON_ERROR other than ABORT_STATEMENT is fine.
    [Fact]
    public async Task Create_pipe_accepts_the_supported_on_error_values()
    {
        await using var h = await Start();

        h.Rows(Pipe + " ON_ERROR = CONTINUE");
        h.Rows("CREATE PIPE P2 AS COPY INTO T FROM @ST FILE_FORMAT = (FORMAT_NAME = F) ON_ERROR = 'SKIP_FILE_2'");

        h.Rows("SHOW PIPES IN SCHEMA D.S").Should().HaveCount(2);
    }

    // https://docs.snowflake.com/en/sql-reference/sql/alter-pipe : objectProperties ::= ERROR_INTEGRATION = <integration_name>
    // PIPE_EXECUTION_PAUSED = TRUE | FALSE ...; ALTER PIPE ... UNSET { <property_name> | COMMENT } [ , ... ].
    [Fact]
    public async Task Alter_pipe_sets_and_unsets_the_error_integration()
    {
        await using var h = await Start();
        h.Rows(Pipe);

        h.Rows("ALTER PIPE P SET ERROR_INTEGRATION = ERRORS");
        ShowRow(h)[10].Should().Be("ERRORS");
        Put(h, "bad1.csv", "ID,NAME\nnot a number,b\n");
        h.Rows("ALTER PIPE P REFRESH");
        await h.Snowflake.WaitForIdleAsync();
        using (var body = JsonDocument.Parse(h.Snowflake.Notifications.Should().ContainSingle().Which.Body))
        {
            body.RootElement.GetProperty("messageType").GetString().Should().Be("INGEST_FAILED_FILE");
        }

        h.Rows("ALTER PIPE P UNSET ERROR_INTEGRATION, COMMENT");
        ShowRow(h)[10].Should().BeNull();
        Put(h, "bad2.csv", "ID,NAME\nnot a number,b\n");
        h.Rows("ALTER PIPE P REFRESH");
        await h.Snowflake.WaitForIdleAsync();
        h.Snowflake.Notifications.Should().ContainSingle("a pipe without ERROR_INTEGRATION sends nothing");

        h.Rows("CREATE STORAGE INTEGRATION SI TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' ENABLED = TRUE " +
               "STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::111122223333:role/r' STORAGE_ALLOWED_LOCATIONS = ('s3://b/')");
        h.Error("ALTER PIPE P SET ERROR_INTEGRATION = SI").Message.Should().Contain("not a notification integration");
    }

    // Same page: UNSET of PIPE_EXECUTION_PAUSED returns it to its default (FALSE): the pipe runs again.
    [Fact]
    public async Task Unsetting_pipe_execution_paused_resumes_the_pipe()
    {
        await using var h = await Start();
        Put(h, "a.csv", "ID,NAME\n1,a\n");
        h.Rows(Pipe);
        h.Rows("ALTER PIPE P SET PIPE_EXECUTION_PAUSED = TRUE");
        h.Rows("ALTER PIPE P REFRESH");
        await h.Snowflake.WaitForIdleAsync();
        State(h).Should().Be("PAUSED");

        h.Rows("ALTER PIPE P UNSET PIPE_EXECUTION_PAUSED");
        await h.Snowflake.WaitForIdleAsync();

        State(h).Should().Be("RUNNING");
        h.Scalar("SELECT count(*) FROM T").Should().Be(1L);
    }

    // https://docs.snowflake.com/en/user-guide/data-load-snowpipe-manage (Loading historic data): ALTER PIPE ... REFRESH
    // "checks the load history of both the target table and the pipe to ensure the same files are not loaded twice".
    [Fact]
    public async Task Refresh_does_not_queue_files_a_bulk_copy_already_loaded_into_the_table()
    {
        await using var h = await Start();
        Put(h, "a.csv", "ID,NAME\n1,a\n");
        Put(h, "b.csv", "ID,NAME\n2,b\n");
        h.Rows("COPY INTO T FROM @ST FILES = ('a.csv') FILE_FORMAT = (FORMAT_NAME = F)");
        h.Rows(Pipe);

        h.Rows("ALTER PIPE P REFRESH").Select(r => r[0]).Should().Equal("b.csv");
        await h.Snowflake.WaitForIdleAsync();

        h.Rows("SELECT ID FROM T ORDER BY ID").Select(r => r[0]).Should().Equal(1, 2);
    }

    // https://docs.snowflake.com/en/sql-reference/functions/copy_history : output columns in this order; STATUS 'Loaded' /
    // 'Load failed'; PIPE_* NULL for COPY statement loads; "Dropping or recreating a pipe object drops the historical data
    // for Snowpipe data loads using the pipe."
    [Fact]
    public async Task Copy_history_shows_bulk_and_pipe_loads_and_forgets_a_dropped_or_recreated_pipe()
    {
        await using var h = await Start();
        Put(h, "a.csv", "ID,NAME\n1,a\n2,b\n");
        Put(h, "bad.csv", "ID,NAME\nnot a number,b\n");
        h.Rows(Pipe);
        h.Rows("ALTER PIPE P REFRESH");
        await h.Snowflake.WaitForIdleAsync();
        _time.Advance(TimeSpan.FromMinutes(1));
        Put(h, "c.csv", "ID,NAME\n3,c\n");
        h.Rows("COPY INTO T FROM @ST FILES = ('c.csv') FILE_FORMAT = (FORMAT_NAME = F)");

        var history = h.Result(History);
        history.Columns.Should().Equal(
            "FILE_NAME", "STAGE_LOCATION", "LAST_LOAD_TIME", "ROW_COUNT", "ROW_PARSED", "FILE_SIZE", "FIRST_ERROR_MESSAGE",
            "FIRST_ERROR_LINE_NUMBER", "FIRST_ERROR_CHARACTER_POS", "FIRST_ERROR_COLUMN_NAME", "ERROR_COUNT", "ERROR_LIMIT", "STATUS",
            "TABLE_CATALOG_NAME", "TABLE_SCHEMA_NAME", "TABLE_NAME", "PIPE_CATALOG_NAME", "PIPE_SCHEMA_NAME", "PIPE_NAME",
            "PIPE_RECEIVED_TIME", "FIRST_COMMIT_TIME");
        history.Rows.Select(r => (r[0], r[12], r[18])).Should().Equal(
            ("a.csv", "Loaded", "P"), ("bad.csv", "Load failed", "P"), ("c.csv", "Loaded", null));
        history.Rows[0][3].Should().Be(2L);
        history.Rows[0].Skip(13).Take(6).Should().Equal("D", "S", "T", "D", "S", "P");
        history.Rows[1][6].Should().NotBeNull("a failed file reports its first error");

        _time.Advance(TimeSpan.FromMinutes(1));
        h.Rows(Pipe.Replace("CREATE PIPE", "CREATE OR REPLACE PIPE", StringComparison.Ordinal));
        h.Rows(History).Select(r => r[0]).Should().Equal(["c.csv"], "recreating the pipe drops its load history");

        // The new pipe has no load history: REFRESH loads a.csv again (duplicate rows, as Snowflake warns for recreated pipes),
        // but not c.csv, which is in the table's own load history.
        h.Rows("ALTER PIPE P REFRESH").Select(r => r[0]).Should().Equal("a.csv", "bad.csv");
        await h.Snowflake.WaitForIdleAsync();
        h.Rows(History).Select(r => r[0]).Should().Equal("a.csv", "bad.csv", "c.csv");
        h.Scalar("SELECT count(*) FROM T").Should().Be(5L);
        h.Rows("DROP PIPE P");
        h.Rows(History).Select(r => r[0]).Should().Equal(["c.csv"], "dropping the pipe drops its load history");
    }

    // https://docs.snowflake.com/en/sql-reference/functions/copy_history (usage notes): "When calling an Information Schema table
    // function, the session must have an INFORMATION_SCHEMA schema in use or the function name must be fully-qualified."
    [Fact]
    public async Task Copy_history_qualified_with_a_database_reports_on_that_database()
    {
        await using var h = await Start();
        Put(h, "a.csv", "ID,NAME\n1,a\n");
        h.Rows("COPY INTO T FROM @ST FILE_FORMAT = (FORMAT_NAME = F)");
        h.Rows("CREATE DATABASE OTHER");
        using var fresh = h.OpenSession();

        var rows = LocalSnowflakeHarness.Rows(fresh, """
            SELECT FILE_NAME, TABLE_CATALOG_NAME FROM TABLE(D.INFORMATION_SCHEMA.COPY_HISTORY(
              TABLE_NAME => 'S.T', START_TIME => '2026-11-19 00:00:00+00'))
            """);
        h.Rows("USE DATABASE OTHER");
        var fromOther = h.Rows("""
            SELECT FILE_NAME FROM TABLE(D.INFORMATION_SCHEMA.COPY_HISTORY(TABLE_NAME => 'S.T', START_TIME => '2026-11-19 00:00:00+00'))
            """);

        rows.Select(r => (r[0], r[1])).Should().Equal(("a.csv", "D"));
        fromOther.Select(r => r[0]).Should().Equal("a.csv");
    }

    // https://docs.snowflake.com/en/sql-reference/functions/copy_history (usage notes): "Dropping or recreating a table object drops
    // the historical data for bulk data loads (COPY INTO <table> statements) into the table" -- Snowpipe's history is the pipe's.
    [Fact]
    public async Task Recreating_the_table_drops_bulk_load_history_but_not_the_pipe_load_history()
    {
        await using var h = await Start();
        Put(h, "a.csv", "ID,NAME\n1,a\n");
        Put(h, "b.csv", "ID,NAME\n2,b\n");
        h.Rows(Pipe + " PATTERN = 'a[.]csv'");
        h.Rows("ALTER PIPE P REFRESH");
        await h.Snowflake.WaitForIdleAsync();
        h.Rows("COPY INTO T FROM @ST FILES = ('b.csv') FILE_FORMAT = (FORMAT_NAME = F)");

        h.Rows("CREATE OR REPLACE TABLE T (ID INT, NAME VARCHAR)");

        h.Rows(History).Select(r => r[0]).Should().Equal("a.csv");
        h.Rows("ALTER PIPE P REFRESH").Should().BeEmpty("the pipe's load history still has a.csv");
        h.Rows("COPY INTO T FROM @ST FILES = ('b.csv') FILE_FORMAT = (FORMAT_NAME = F)").Single()[1].Should().Be("LOADED");
    }

    // https://docs.snowflake.com/en/sql-reference/functions/copy_history : PIPE_RECEIVED_TIME is when the pipe received the file,
    // LAST_LOAD_TIME when it finished loading (a paused pipe keeps received files until it is resumed).
    [Fact]
    public async Task Copy_history_pipe_received_time_is_when_the_file_was_queued()
    {
        await using var h = await Start();
        Put(h, "a.csv", "ID,NAME\n1,a\n");
        h.Rows(Pipe);
        h.Rows("ALTER PIPE P SET PIPE_EXECUTION_PAUSED = TRUE");
        var received = _time.GetUtcNow();
        h.Rows("ALTER PIPE P REFRESH");
        _time.Advance(TimeSpan.FromMinutes(5));

        h.Rows("ALTER PIPE P SET PIPE_EXECUTION_PAUSED = FALSE");
        await h.Snowflake.WaitForIdleAsync();

        var row = h.Result(History).Rows.Should().ContainSingle().Which;
        Utc(row[19]).Should().Be(received);
        Utc(row[2]).Should().Be(received.AddMinutes(5));
    }

    // https://docs.snowflake.com/en/sql-reference/sql/show-pipes (and the behaviour-change notes that added columns at the end:
    // invalid_reason https://docs.snowflake.com/en/release-notes/bcr-bundles/2023_04/bcr-1085 , kind
    // https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_07/bcr-1659 , is_snowflake_managed
    // https://docs.snowflake.com/release-notes/bcr-bundles/2026_01/bcr-2137 ).
    [Fact]
    public async Task Show_pipes_has_the_documented_columns_in_order()
    {
        await using var h = await Start();
        h.Rows("CREATE PIPE P ERROR_INTEGRATION = ERRORS COMMENT = 'c' AS COPY INTO T FROM @ST FILE_FORMAT = (FORMAT_NAME = F) PATTERN = '.*[.]csv'");

        var show = h.Result("SHOW PIPES LIKE 'P' IN SCHEMA D.S");

        show.Columns.Should().Equal(
            "created_on", "name", "database_name", "schema_name", "definition", "owner", "notification_channel", "comment",
            "integration", "pattern", "error_integration", "owner_role_type", "invalid_reason", "kind", "is_snowflake_managed");
        var row = show.Rows.Should().ContainSingle().Which;
        row[9].Should().Be(".*[.]csv");
        row[10].Should().Be("ERRORS");
        row[13].Should().Be("STAGE");
        row[14].Should().Be(false);
        h.Result("DESC PIPE P").Columns.Should().Equal(show.Columns);
    }

    // https://docs.snowflake.com/en/sql-reference/functions/system_pipe_status : the name is a string, resolved like any
    // object name (unqualified: current database and schema); a missing pipe is the usual "does not exist" error.
    [Fact]
    public async Task Pipe_status_resolves_its_argument_like_an_object_name()
    {
        await using var h = await Start();
        h.Rows(Pipe);
        h.Rows("USE SCHEMA D.PUBLIC");

        using var status = JsonDocument.Parse((string)h.Scalar("SELECT SYSTEM$PIPE_STATUS('D.S.P')")!);
        status.RootElement.EnumerateObject().Select(p => p.Name).Should().StartWith(["executionState", "pendingFileCount"]);
        h.Error("SELECT SYSTEM$PIPE_STATUS('P')").SnowflakeErrorCode.Should().Be(2003);
        h.Rows("USE SCHEMA D.S");
        h.Scalar("SELECT SYSTEM$PIPE_STATUS('p')").Should().NotBeNull("unquoted names are case-insensitive");
        h.Error("SELECT SYSTEM$PIPE_STATUS('\"p\"')").SnowflakeErrorCode.Should().Be(2003);
    }

    // https://docs.snowflake.com/en/user-guide/data-load-snowpipe-errors-sns (sample message): "stageLocation":"s3://mybucket/mypath"
    // without a trailing slash, and each "fileName" is the path under it with a leading slash ("/file1.csv_0_0_0.csv.gz").
    [Fact]
    public async Task Ingest_failed_file_names_the_stage_url_without_a_trailing_slash()
    {
        await using var s3 = await LocalS3.StartAsync(new LocalS3Options { TimeProvider = _time });
        await using var h = await StartOnS3StageAsync(s3, "CREATE PIPE P ERROR_INTEGRATION = ERRORS AS COPY INTO T FROM @EXT");
        using var client = s3.CreateClient();
        await client.PutObjectAsync(new PutObjectRequest { BucketName = "mybucket", Key = "mypath/2026/bad.csv", ContentBody = "ID,NAME\nx,b\n" });

        h.Rows("ALTER PIPE P REFRESH").Select(r => r[0]).Should().Equal("2026/bad.csv");
        await h.Snowflake.WaitForIdleAsync();

        using var body = JsonDocument.Parse(h.Snowflake.Notifications.Should().ContainSingle().Which.Body);
        body.RootElement.GetProperty("stageLocation").GetString().Should().Be("s3://mybucket/mypath");
        body.RootElement.GetProperty("messages")[0].GetProperty("fileName").GetString().Should().Be("/2026/bad.csv");
        body.RootElement.GetProperty("timestamp").GetString().Should().Be("2026-11-20T08:00:00.000Z");
    }

    // https://docs.snowflake.com/en/sql-reference/sql/alter-pipe (REFRESH queues files staged within the last 7 days) and
    // https://docs.snowflake.com/en/user-guide/data-load-snowpipe-intro (load history: the pipe's metadata keeps the path and
    // name of each loaded file for 14 days and prevents loading a file of the same name again, even modified).
    [Fact]
    public async Task Refresh_sees_7_days_of_staged_files_and_the_pipe_remembers_loaded_names_for_14_days()
    {
        await using var s3 = await LocalS3.StartAsync(new LocalS3Options { TimeProvider = _time });
        await using var h = await StartOnS3StageAsync(s3, "CREATE PIPE P AS COPY INTO T FROM @EXT");
        using var client = s3.CreateClient();
        Task Upload(string key, string body) => client.PutObjectAsync(new PutObjectRequest { BucketName = "mybucket", Key = "mypath/" + key, ContentBody = body });

        await Upload("old.csv", "ID,NAME\n0,old\n");
        _time.Advance(TimeSpan.FromDays(8));
        await Upload("a.csv", "ID,NAME\n1,a\n");
        h.Rows("ALTER PIPE P REFRESH").Select(r => r[0]).Should().Equal(["a.csv"], "old.csv was staged more than 7 days ago");
        await h.Snowflake.WaitForIdleAsync();

        _time.Advance(TimeSpan.FromDays(10));
        await Upload("a.csv", "ID,NAME\n2,a again\n");
        h.Rows("ALTER PIPE P REFRESH").Should().BeEmpty("a.csv is in the pipe's load history, whatever its content");

        _time.Advance(TimeSpan.FromDays(5));
        await Upload("a.csv", "ID,NAME\n3,a much later\n");
        h.Rows("ALTER PIPE P REFRESH").Select(r => r[0]).Should().Equal(["a.csv"], "the load 15 days ago left the pipe's 14-day history");
        await h.Snowflake.WaitForIdleAsync();
        h.Rows("SELECT ID FROM T ORDER BY ID").Select(r => r[0]).Should().Equal(1, 3);
    }

    public void Dispose() => _files.Delete(recursive: true);

    private static DateTimeOffset Utc(object? value) => value switch
    {
        DateTimeOffset o => o.ToUniversalTime(),
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, d.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : d.Kind)).ToUniversalTime(),
        _ => throw new InvalidOperationException("not a timestamp: " + value),
    };

    private static object?[] ShowRow(LocalSnowflakeHarness h) => h.Result("SHOW PIPES LIKE 'P' IN SCHEMA D.S").Rows.Single();

    private static string State(LocalSnowflakeHarness h)
    {
        using var status = JsonDocument.Parse((string)h.Scalar("SELECT SYSTEM$PIPE_STATUS('D.S.P')")!);
        return status.RootElement.GetProperty("executionState").GetString()!;
    }

    // LocalSnowflake on LocalS3 with bucket "mybucket", the Setup objects, an external stage EXT on s3://mybucket/mypath/ and
    // the given CREATE PIPE on it.
    private async Task<LocalSnowflakeHarness> StartOnS3StageAsync(LocalS3 s3, string createPipe)
    {
        AWSConfigs.InitializeCollections = true;
        using (var client = s3.CreateClient())
        {
            await client.PutBucketAsync("mybucket");
        }

        var h = await LocalSnowflakeHarness.StartAsync(new LocalSnowflakeOptions { TimeProvider = _time, S3 = s3 });
        h.Rows(Setup);
        h.Rows("""
            CREATE STORAGE INTEGRATION SI TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' ENABLED = TRUE
              STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::111122223333:role/r' STORAGE_ALLOWED_LOCATIONS = ('s3://mybucket/mypath/');
            CREATE STAGE EXT URL = 's3://mybucket/mypath/' STORAGE_INTEGRATION = SI FILE_FORMAT = (FORMAT_NAME = F);
            """);
        h.Rows(createPipe);
        return h;
    }

    private async Task<LocalSnowflakeHarness> Start()
    {
        var h = await LocalSnowflakeHarness.StartAsync(new LocalSnowflakeOptions { TimeProvider = _time });
        h.Rows(Setup);
        return h;
    }

    private void Put(LocalSnowflakeHarness h, string name, string content) => h.PutText(_files, "@ST", name, content);
}
