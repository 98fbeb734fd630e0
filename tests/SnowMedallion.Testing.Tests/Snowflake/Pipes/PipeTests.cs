using System.Text.Json;
using SnowMedallion.Testing.Snowflake.Pipes;

namespace SnowMedallion.Testing.Tests.Snowflake.Pipes;

/// <summary>
/// Pipes through LocalSnowflake on an internal stage (loads driven by ALTER PIPE REFRESH).
/// https://docs.snowflake.com/en/user-guide/data-load-snowpipe-intro , https://docs.snowflake.com/en/sql-reference/sql/alter-pipe ,
/// https://docs.snowflake.com/en/sql-reference/functions/system_pipe_status , https://docs.snowflake.com/en/user-guide/data-load-snowpipe-errors-sns
/// </summary>
public sealed class PipeTests : IDisposable
{
    private const string Setup = """
        CREATE DATABASE D; CREATE SCHEMA S;
        CREATE TABLE T (ID INT, NAME VARCHAR);
        CREATE FILE FORMAT F TYPE = CSV SKIP_HEADER = 1;
        CREATE STAGE ST;
        """;

    private const string Pipe = "CREATE PIPE P AS COPY INTO T FROM @ST FILE_FORMAT = (FORMAT_NAME = F)";

    private readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("pipe-tests-");

    [Fact]
    public async Task Refresh_loads_staged_files_in_the_background_and_never_loads_a_file_twice()
    {
        await using var h = await Start();
        Put(h, "a.csv", "ID,NAME\n1,a\n2,b\n");
        Put(h, "b.csv", "ID,NAME\n3,c\n");
        h.Rows(Pipe);

        h.Rows("ALTER PIPE P REFRESH").Select(r => (r[0], r[1])).Should().Equal(("a.csv", "SENT"), ("b.csv", "SENT"));
        await h.Snowflake.WaitForIdleAsync();

        h.Scalar("SELECT count(*) FROM T").Should().Be(3L);
        h.Rows("ALTER PIPE P REFRESH").Should().BeEmpty("both files are in the pipe's load history");

        // Snowpipe keys its load history on the path: a file staged again with new content is not reloaded.
        Put(h, "a.csv", "ID,NAME\n9,z\n");
        h.Rows("ALTER PIPE P REFRESH").Should().BeEmpty();
        await h.Snowflake.WaitForIdleAsync();
        h.Scalar("SELECT count(*) FROM T").Should().Be(3L);
    }

    [Fact]
    public async Task Refresh_with_a_prefix_queues_only_files_under_it()
    {
        await using var h = await Start();
        Put(h, "a.csv", "ID,NAME\n1,a\n", "2026/");
        Put(h, "b.csv", "ID,NAME\n2,b\n", "2025/");
        h.Rows(Pipe);

        h.Rows("ALTER PIPE P REFRESH PREFIX = '2026/'").Select(r => r[0]).Should().Equal("2026/a.csv");
        await h.Snowflake.WaitForIdleAsync();

        h.Rows("SELECT ID FROM T").Select(r => r[0]).Should().Equal(1);
    }

    [Fact]
    public async Task A_paused_pipe_keeps_files_pending_and_loads_them_when_resumed()
    {
        await using var h = await Start();
        Put(h, "a.csv", "ID,NAME\n1,a\n");
        h.Rows(Pipe);
        h.Rows("ALTER PIPE P SET PIPE_EXECUTION_PAUSED = TRUE");

        h.Rows("ALTER PIPE P REFRESH");
        await h.Snowflake.WaitForIdleAsync();

        h.Scalar("SELECT count(*) FROM T").Should().Be(0L);
        var paused = Status(h);
        paused.GetProperty("executionState").GetString().Should().Be("PAUSED");
        paused.GetProperty("pendingFileCount").GetInt32().Should().Be(1);
        paused.GetProperty("oldestPendingFilePath").GetString().Should().Be("a.csv");

        h.Rows("ALTER PIPE P SET PIPE_EXECUTION_PAUSED = FALSE");
        await h.Snowflake.WaitForIdleAsync();

        h.Scalar("SELECT count(*) FROM T").Should().Be(1L);
        var running = Status(h);
        running.GetProperty("executionState").GetString().Should().Be("RUNNING");
        running.GetProperty("pendingFileCount").GetInt32().Should().Be(0);
        running.TryGetProperty("oldestPendingFilePath", out _).Should().BeFalse();
        running.GetProperty("lastIngestedFilePath").GetString().Should().Be("a.csv");
    }

    [Fact]
    public async Task A_bad_file_is_skipped_and_published_as_ingest_failed_file()
    {
        await using var h = await Start();
        h.Rows("""
            CREATE NOTIFICATION INTEGRATION ERRORS ENABLED = TRUE TYPE = QUEUE NOTIFICATION_PROVIDER = AWS_SNS DIRECTION = OUTBOUND
              AWS_SNS_TOPIC_ARN = 'arn:aws:sns:us-east-1:111122223333:S3_SF_Error_Notification'
              AWS_SNS_ROLE_ARN = 'arn:aws:iam::111122223333:role/sns-publisher'
            """);
        Put(h, "good.csv", "ID,NAME\n1,a\n");
        Put(h, "bad.csv", "ID,NAME\nnot a number,b\n2,c\n");
        h.Rows("CREATE PIPE P ERROR_INTEGRATION = ERRORS AS COPY INTO T FROM @ST FILE_FORMAT = (FORMAT_NAME = F)");

        h.Rows("ALTER PIPE P REFRESH");
        await h.Snowflake.WaitForIdleAsync();

        h.Rows("SELECT ID FROM T").Select(r => r[0]).Should().Equal(1);
        var message = h.Snowflake.Notifications.Should().ContainSingle().Which;
        message.TopicArn.Should().Be("arn:aws:sns:us-east-1:111122223333:S3_SF_Error_Notification");
        using var body = JsonDocument.Parse(message.Body);
        var root = body.RootElement;
        root.EnumerateObject().Select(p => p.Name).Should().Equal(
            "version", "messageId", "messageType", "timestamp", "accountName", "pipeName", "tableName", "stageLocation", "messages");
        root.GetProperty("messageType").GetString().Should().Be("INGEST_FAILED_FILE");
        root.GetProperty("pipeName").GetString().Should().Be("D.S.P");
        root.GetProperty("tableName").GetString().Should().Be("D.S.T");
        var failed = root.GetProperty("messages").EnumerateArray().Should().ContainSingle().Which;
        failed.GetProperty("fileName").GetString().Should().Be("/bad.csv");
        failed.GetProperty("firstError").GetString().Should().NotBeNullOrEmpty();
        Status(h).GetProperty("error").GetString().Should().NotBeNullOrEmpty();

        // A failed file is not in the load history as loaded: fixed and refreshed, it loads.
        Put(h, "bad.csv", "ID,NAME\n2,c\n");
        h.Rows("ALTER PIPE P REFRESH").Select(r => r[0]).Should().Equal("bad.csv");
        await h.Snowflake.WaitForIdleAsync();
        h.Scalar("SELECT count(*) FROM T").Should().Be(2L);
    }

    [Fact]
    public async Task Dropping_what_the_pipe_needs_stops_it_with_the_documented_state()
    {
        await using var h = await Start();
        h.Rows(Pipe);
        State(h).Should().Be("RUNNING");

        h.Rows("DROP FILE FORMAT F");
        State(h).Should().Be("STOPPED_FILE_FORMAT_DROPPED");
        h.Rows("CREATE FILE FORMAT F TYPE = CSV SKIP_HEADER = 1");
        State(h).Should().Be("RUNNING");

        h.Rows("DROP TABLE T");
        State(h).Should().Be("STOPPED_MISSING_TABLE");
        h.Rows("CREATE TABLE T (ID INT, NAME VARCHAR)");

        h.Rows("CREATE OR REPLACE STAGE ST");
        State(h).Should().Be("STOPPED_STAGE_DROPPED");
    }

    [Fact]
    public async Task Show_and_describe_pipes()
    {
        await using var h = await Start();
        h.Rows(Pipe + " ");
        h.Rows("ALTER PIPE P SET COMMENT = 'loads T'");

        var show = h.Result("SHOW PIPES IN SCHEMA D.S");
        show.Columns.Should().StartWith(["created_on", "name", "database_name", "schema_name", "definition", "owner", "notification_channel", "comment"]);
        var row = show.Rows.Should().ContainSingle().Which;
        row[1].Should().Be("P");
        row[4].Should().Be("COPY INTO T FROM @ST FILE_FORMAT = (FORMAT_NAME = F)");
        row[6].Should().BeNull("only auto-ingest pipes have a notification channel");
        row[7].Should().Be("loads T");
        h.Result("DESC PIPE P").Rows.Should().ContainSingle();
        h.Scalar("DROP PIPE P").Should().Be("P successfully dropped.");
        h.Error("ALTER PIPE P REFRESH").SnowflakeErrorCode.Should().Be(2003);
    }

    public void Dispose() => _files.Delete(recursive: true);

    private static async Task<LocalSnowflakeHarness> Start()
    {
        var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows(Setup);
        return h;
    }

    private static JsonElement Status(LocalSnowflakeHarness h)
    {
        using var session = h.Snowflake.Engine.OpenSession();
        session.Use("D", "S");
        return JsonDocument.Parse(PipeHooks.Status(session, "P")).RootElement.Clone();
    }

    private static string State(LocalSnowflakeHarness h) => Status(h).GetProperty("executionState").GetString()!;

    private void Put(LocalSnowflakeHarness h, string name, string content, string folder = "") => h.PutText(_files, "@ST/" + folder, name, content);
}
