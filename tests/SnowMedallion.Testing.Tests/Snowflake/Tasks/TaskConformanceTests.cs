using System.Text.Json;
using SnowMedallion.Sql.Lexing;
using Microsoft.Extensions.Time.Testing;
using SnowMedallion.Testing.Snowflake.Tasks;

namespace SnowMedallion.Testing.Tests.Snowflake.Tasks;

// Tasks on LocalSnowflake, end to end through ADO.NET on a FakeTimeProvider.
// https://docs.snowflake.com/en/user-guide/tasks-intro, https://docs.snowflake.com/en/sql-reference/sql/create-task,
// https://docs.snowflake.com/en/user-guide/tasks-errors (error notifications), https://docs.snowflake.com/en/user-guide/tasks-errors-payload
public sealed class TaskConformanceTests : IAsyncLifetime
{
    private const string TopicArn = "arn:aws:sns:us-east-1:123456789012:S3_SF_Error_Notification";

    // Friday 2026-03-06 12:00 UTC: New York springs forward on Sunday 2026-03-08.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 6, 12, 0, 0, TimeSpan.Zero));
    private LocalSnowflakeHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await LocalSnowflakeHarness.StartAsync(new LocalSnowflakeOptions { TimeProvider = _time });
        _h.Rows("CREATE DATABASE DB");
        _h.Rows("CREATE SCHEMA DB.S");
        _h.Rows("USE SCHEMA DB.S");
        _h.Rows("CREATE TABLE RUNS (N INT)");
        _h.Rows($"""
            CREATE NOTIFICATION INTEGRATION ERRORS ENABLED = TRUE TYPE = QUEUE NOTIFICATION_PROVIDER = AWS_SNS DIRECTION = OUTBOUND
              AWS_SNS_TOPIC_ARN = '{TopicArn}' AWS_SNS_ROLE_ARN = 'arn:aws:iam::123456789012:role/sns'
            """);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private IReadOnlyList<TaskRun> History(string name) =>
        [.. TaskRuntime.For(_h.Snowflake.Engine).Scheduler.History().Where(r => r.Task.Path.Name == name && r.State != TaskRunState.Scheduled)];

    private async Task AdvanceAsync(TimeSpan by)
    {
        _time.Advance(by);
        await _h.Snowflake.WaitForIdleAsync();
    }

    [Fact]
    public async Task New_task_is_suspended_and_runs_only_after_resume()
    {
        _h.Rows("CREATE TASK T1 WAREHOUSE = COMPUTE_WH SCHEDULE = '1 MINUTE' AS INSERT INTO RUNS VALUES (1)");
        var show = _h.Result("SHOW TASKS LIKE 'T1'");
        show.Rows.Should().ContainSingle();
        show.Rows[0][show.Columns.IndexOf("state")].Should().Be("suspended");

        await AdvanceAsync(TimeSpan.FromMinutes(5));
        _h.Scalar("SELECT COUNT(*) FROM RUNS").Should().Be(0L);

        _h.Rows("ALTER TASK T1 RESUME");
        await AdvanceAsync(TimeSpan.FromMinutes(3));
        _h.Scalar("SELECT COUNT(*) FROM RUNS").Should().Be(3L);
        _h.Result("DESC TASK T1").Rows[0][show.Columns.IndexOf("state")].Should().Be("started");
    }

    [Fact]
    public async Task False_when_condition_records_skipped_and_does_not_run_the_statement()
    {
        _h.Rows("CREATE TASK T2 SCHEDULE = '1 MINUTE' WHEN 1 = 0 AS INSERT INTO RUNS VALUES (2)");
        _h.Rows("ALTER TASK T2 RESUME");

        await AdvanceAsync(TimeSpan.FromMinutes(1));

        _h.Scalar("SELECT COUNT(*) FROM RUNS").Should().Be(0L);
        var run = History("T2").Should().ContainSingle().Subject;
        run.State.Should().Be(TaskRunState.Skipped);
        run.ConditionText.Should().Be("1 = 0");
    }

    [Fact]
    public async Task Failed_run_records_the_error_and_publishes_user_task_failed()
    {
        var outside = _h.Error("INSERT INTO NO_SUCH_TABLE VALUES (1)");
        _h.Rows("CREATE TASK T3 SCHEDULE = '1 MINUTE' ERROR_INTEGRATION = ERRORS AS INSERT INTO NO_SUCH_TABLE VALUES (1)");
        _h.Rows("ALTER TASK T3 RESUME");

        await AdvanceAsync(TimeSpan.FromMinutes(1));

        var run = History("T3").Should().ContainSingle().Subject;
        run.State.Should().Be(TaskRunState.Failed);
        run.ErrorCode.Should().Be(outside.SnowflakeErrorCode);
        run.ErrorMessage.Should().Be(outside.Message);
        var message = _h.Snowflake.Notifications.Should().ContainSingle().Subject;
        message.TopicArn.Should().Be(TopicArn);
        message.IntegrationName.Should().Be("ERRORS");
        using var json = JsonDocument.Parse(message.Body);
        var root = json.RootElement;
        root.EnumerateObject().Select(p => p.Name).Should().Equal(
            "version", "messageId", "messageType", "timestamp", "accountName", "taskName", "taskId", "rootTaskName", "rootTaskId", "messages");
        root.GetProperty("messageType").GetString().Should().Be("USER_TASK_FAILED");
        root.GetProperty("taskName").GetString().Should().Be("DB.S.T3");
        root.GetProperty("rootTaskName").GetString().Should().Be("DB.S.T3");
        var entry = root.GetProperty("messages")[0];
        entry.EnumerateObject().Select(p => p.Name).Should().Equal(
            "runId", "scheduledTime", "queryStartTime", "completedTime", "queryId", "errorCode", "errorMessage");
        entry.GetProperty("scheduledTime").GetString().Should().Be("2026-03-06T12:01:00.000Z");
        entry.GetProperty("errorMessage").GetString().Should().Be(outside.Message);
    }

    [Fact]
    public async Task Task_suspends_itself_after_suspend_task_after_num_failures()
    {
        _h.Rows("CREATE TASK T4 SCHEDULE = '1 MINUTE' SUSPEND_TASK_AFTER_NUM_FAILURES = 2 AS INSERT INTO NO_SUCH_TABLE VALUES (1)");
        _h.Rows("ALTER TASK T4 RESUME");

        await AdvanceAsync(TimeSpan.FromMinutes(1));
        await AdvanceAsync(TimeSpan.FromMinutes(1));
        await AdvanceAsync(TimeSpan.FromMinutes(5));

        History("T4").Should().HaveCount(2).And.OnlyContain(r => r.State == TaskRunState.Failed);
        var show = _h.Result("SHOW TASKS LIKE 'T4' IN SCHEMA DB.S");
        show.Rows[0][show.Columns.IndexOf("state")].Should().Be("suspended");
        show.Rows[0][show.Columns.IndexOf("last_suspended_reason")].Should().Be("SUSPENDED_DUE_TO_ERRORS");
    }

    [Fact]
    public async Task Cron_task_runs_once_per_midnight_in_new_york_across_the_dst_change()
    {
        _h.Rows("CREATE TASK NIGHTLY SCHEDULE = 'USING CRON 0 0 * * * America/New_York' AS INSERT INTO RUNS VALUES (1)");
        _h.Rows("ALTER TASK NIGHTLY RESUME");

        await AdvanceAsync(TimeSpan.FromDays(3));

        _h.Scalar("SELECT COUNT(*) FROM RUNS").Should().Be(3L);
        History("NIGHTLY").Select(r => r.ScheduledTime).Should().BeEquivalentTo(
            [
                new DateTimeOffset(2026, 3, 7, 5, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 3, 8, 5, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 3, 9, 4, 0, 0, TimeSpan.Zero),
            ]);
    }

    [Fact]
    public async Task Child_task_runs_after_its_predecessor_succeeds()
    {
        _h.Rows("CREATE TASK ROOT_T SCHEDULE = '1 MINUTE' AS INSERT INTO RUNS VALUES (10)");
        _h.Rows("CREATE TASK CHILD_T AFTER ROOT_T AS INSERT INTO RUNS VALUES (20)");
        _h.Rows("ALTER TASK CHILD_T RESUME");
        _h.Rows("ALTER TASK ROOT_T RESUME");

        await AdvanceAsync(TimeSpan.FromMinutes(1));

        _h.Rows("SELECT N FROM RUNS ORDER BY N").Select(r => r[0]).Should().Equal(10, 20);
        var show = _h.Result("SHOW TASKS LIKE 'CHILD_T'");
        show.Rows[0][show.Columns.IndexOf("predecessors")].Should().Be("[\"DB.S.ROOT_T\"]");
    }

    // The documentation's example: a task sets a return value, a child task AFTER it reads it, TASK_HISTORY shows it.
    // https://docs.snowflake.com/en/sql-reference/functions/system_set_return_value
    [Fact]
    public async Task Return_value_set_by_a_task_is_in_task_history_and_read_by_its_child()
    {
        _h.Rows("CREATE TABLE RETURN_VALUES (STR VARCHAR)");
        _h.Rows("CREATE TASK SET_T SCHEDULE = '1 MINUTE' AS CALL SYSTEM$SET_RETURN_VALUE('The quick brown fox jumps over the lazy dog')");
        _h.Rows("CREATE TASK GET_T AFTER SET_T AS INSERT INTO RETURN_VALUES VALUES (SYSTEM$GET_PREDECESSOR_RETURN_VALUE())");
        _h.Rows("CREATE TASK GET_BY_NAME_T AFTER GET_T AS INSERT INTO RETURN_VALUES VALUES (SYSTEM$GET_PREDECESSOR_RETURN_VALUE('SET_T') || '!')");
        _h.Rows("ALTER TASK GET_BY_NAME_T RESUME");
        _h.Rows("ALTER TASK GET_T RESUME");
        _h.Rows("ALTER TASK SET_T RESUME");

        await AdvanceAsync(TimeSpan.FromMinutes(1));

        _h.Rows("SELECT STR FROM RETURN_VALUES ORDER BY STR").Select(r => r[0]).Should().Equal(
            "The quick brown fox jumps over the lazy dog", "The quick brown fox jumps over the lazy dog!");
        _h.Rows("SELECT NAME, RETURN_VALUE FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY()) WHERE STATE = 'SUCCEEDED' ORDER BY NAME")
            .Select(r => $"{r[0]}={r[1]}").Should().Equal("GET_BY_NAME_T=", "GET_T=", "SET_T=The quick brown fox jumps over the lazy dog");
    }

    [Fact]
    public async Task Return_value_functions_fail_the_run_with_a_clear_error_when_misused()
    {
        _h.Rows("CREATE TASK ROOT_ONLY_T AS INSERT INTO RUNS VALUES (SYSTEM$GET_PREDECESSOR_RETURN_VALUE())");
        _h.Rows("CREATE TASK TOO_BIG_T AS CALL SYSTEM$SET_RETURN_VALUE(?)".Replace("?", "'" + new string('x', TaskReturnValues.MaxBytes + 1) + "'", StringComparison.Ordinal));
        _h.Rows("CREATE TASK ROOT_OK_T AS CALL SYSTEM$SET_RETURN_VALUE('v')");
        _h.Rows("CREATE TASK WRONG_NAME_T AFTER ROOT_OK_T AS INSERT INTO RUNS VALUES (SYSTEM$GET_PREDECESSOR_RETURN_VALUE('root_ok_t'))");
        _h.Rows("ALTER TASK WRONG_NAME_T RESUME");

        _h.Rows("EXECUTE TASK ROOT_ONLY_T");
        _h.Rows("EXECUTE TASK TOO_BIG_T");
        _h.Rows("EXECUTE TASK ROOT_OK_T");
        await _h.Snowflake.WaitForIdleAsync();

        History("ROOT_ONLY_T").Should().ContainSingle().Which.ErrorMessage.Should().Contain("runs AFTER another task");
        History("ROOT_OK_T").Should().ContainSingle().Which.ReturnValue.Should().Be("v");
        History("WRONG_NAME_T").Should().ContainSingle().Which.ErrorMessage.Should().Contain("no predecessor of this task is named root_ok_t (names are case-sensitive");
        History("TOO_BIG_T").Should().ContainSingle().Which.ErrorMessage.Should().Contain("10,241 bytes").And.Contain("at most 10,240");
        // Outside a task the call records nothing and does not fail; reading a predecessor does.
        _h.Rows("CALL SYSTEM$SET_RETURN_VALUE('ignored')").Should().ContainSingle().Which[0].Should().BeNull();
        _h.Error("SELECT SYSTEM$GET_PREDECESSOR_RETURN_VALUE()").Message.Should().Contain("AFTER another task");
        _h.Error("SELECT SYSTEM$SET_RETURN_VALUE(CURRENT_DATE())").Message.Should().Contain("string literal or bind");
    }

    [Fact]
    public async Task Execute_task_runs_it_once_now()
    {
        _h.Rows("CREATE TASK T5 AS INSERT INTO RUNS VALUES (5)");

        _h.Rows("EXECUTE TASK T5");
        await _h.Snowflake.WaitForIdleAsync();

        _h.Scalar("SELECT COUNT(*) FROM RUNS").Should().Be(1L);
        History("T5").Should().ContainSingle().Which.State.Should().Be(TaskRunState.Succeeded);
    }

    [Fact]
    public void Altering_a_started_task_requires_suspending_it_first()
    {
        _h.Rows("CREATE TASK T6 SCHEDULE = '1 MINUTE' AS INSERT INTO RUNS VALUES (6)");
        _h.Rows("ALTER TASK T6 RESUME");

        var error = _h.Error("ALTER TASK T6 MODIFY AS INSERT INTO RUNS VALUES (7)");
        _h.Rows("ALTER TASK T6 SUSPEND");
        _h.Rows("ALTER TASK T6 MODIFY AS INSERT INTO RUNS VALUES (7)");

        error.Message.Should().Contain("not suspended");
        var show = _h.Result("SHOW TASKS LIKE 'T6'");
        show.Rows[0][show.Columns.IndexOf("definition")].Should().Be("INSERT INTO RUNS VALUES (7)");
    }

    [Fact]
    public async Task Task_history_lists_runs_newest_first_with_the_documented_columns()
    {
        _h.Rows("CREATE TASK T7 SCHEDULE = '1 MINUTE' AS INSERT INTO NO_SUCH_TABLE VALUES (1)");
        _h.Rows("CREATE TASK T8 SCHEDULE = '1 MINUTE' AS INSERT INTO RUNS VALUES (8)");
        _h.Rows("ALTER TASK T7 RESUME");
        _h.Rows("ALTER TASK T8 RESUME");
        await AdvanceAsync(TimeSpan.FromMinutes(2));

        var all = TaskHistoryFunction.Evaluate(_h.Snowflake.Engine, Arguments("TASK_NAME => 't8'"));
        var errors = TaskHistoryFunction.Evaluate(_h.Snowflake.Engine, Arguments("ERROR_ONLY => TRUE, RESULT_LIMIT => 1"));

        all.Columns.Select(c => c.Name).Should().StartWith(
            ["QUERY_ID", "NAME", "DATABASE_NAME", "SCHEMA_NAME", "QUERY_TEXT", "CONDITION_TEXT", "STATE", "ERROR_CODE", "ERROR_MESSAGE",
             "SCHEDULED_TIME", "QUERY_START_TIME", "NEXT_SCHEDULED_TIME", "COMPLETED_TIME", "ROOT_TASK_ID", "GRAPH_VERSION", "RUN_ID", "RETURN_VALUE"]);
        all.Rows.Select(r => r[6]).Should().Equal("SCHEDULED", "SUCCEEDED", "SUCCEEDED");
        all.Rows[0][0].Should().BeNull("a run that has not started has no query id");
        all.Rows[1][0].Should().NotBeNull();
        all.Rows[1][9].Should().Be(new DateTimeOffset(2026, 3, 6, 12, 2, 0, TimeSpan.Zero));
        errors.Rows.Should().ContainSingle();
        errors.Rows[0][1].Should().Be("T7");
        errors.Rows[0][6].Should().Be("FAILED");
        errors.Rows[0][8].Should().NotBeNull();
    }

    [Fact]
    public async Task Task_history_table_function_is_queryable_with_sql()
    {
        _h.Rows("CREATE TASK T9 SCHEDULE = '1 MINUTE' AS INSERT INTO NO_SUCH_TABLE VALUES (1)");
        _h.Rows("ALTER TASK T9 RESUME");
        await AdvanceAsync(TimeSpan.FromMinutes(1));

        var rows = _h.Rows("""
            SELECT NAME, STATE, ERROR_CODE IS NOT NULL, QUERY_TEXT
            FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY(TASK_NAME => 'T9', RESULT_LIMIT => 10))
            WHERE STATE <> 'SCHEDULED' ORDER BY SCHEDULED_TIME DESC
            """);

        rows.Should().ContainSingle();
        rows[0].Should().Equal("T9", "FAILED", true, "INSERT INTO NO_SUCH_TABLE VALUES (1)");
    }

    private static List<IReadOnlyList<SqlToken>> Arguments(string text)
    {
        var arguments = new List<IReadOnlyList<SqlToken>> { new List<SqlToken>() };
        foreach (var token in SnowflakeTokenizer.Tokenize(text))
        {
            if (token.Text == ",")
            {
                arguments.Add(new List<SqlToken>());
            }
            else
            {
                ((List<SqlToken>)arguments[^1]).Add(token);
            }
        }

        return arguments;
    }
}
