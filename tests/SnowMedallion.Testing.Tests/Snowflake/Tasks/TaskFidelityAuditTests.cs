using Microsoft.Extensions.Time.Testing;

namespace SnowMedallion.Testing.Tests.Snowflake.Tasks;

// Session 6 fidelity audit of tasks: each test pins one documented behaviour the emulator got wrong before.
public sealed class TaskFidelityAuditTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 6, 12, 0, 0, TimeSpan.Zero));
    private LocalSnowflakeHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await LocalSnowflakeHarness.StartAsync(new LocalSnowflakeOptions { TimeProvider = _time });
        _h.Rows("CREATE DATABASE DB");
        _h.Rows("CREATE SCHEMA DB.S");
        _h.Rows("USE SCHEMA DB.S");
        _h.Rows("CREATE TABLE RUNS (N INT)");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task AdvanceAsync(TimeSpan by)
    {
        _time.Advance(by);
        await _h.Snowflake.WaitForIdleAsync();
    }

    // The failed run that makes a task reach SUSPEND_TASK_AFTER_NUM_FAILURES shows as FAILED_AND_AUTO_SUSPENDED in
    // INFORMATION_SCHEMA.TASK_HISTORY, also with ERROR_ONLY => TRUE; the failures before it stay FAILED.
    // https://docs.snowflake.com/en/release-notes/bcr-bundles/2023_03/bcr-990
    // https://docs.snowflake.com/en/release-notes/bcr-bundles/2023_08/bcr-1412
    [Fact]
    public async Task Run_that_auto_suspends_the_task_is_failed_and_auto_suspended_in_task_history()
    {
        _h.Rows("CREATE TASK FAILS SCHEDULE = '1 MINUTE' SUSPEND_TASK_AFTER_NUM_FAILURES = 2 AS INSERT INTO NO_SUCH_TABLE VALUES (1)");
        _h.Rows("ALTER TASK FAILS RESUME");

        await AdvanceAsync(TimeSpan.FromMinutes(5));

        _h.Rows("SELECT STATE FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY(TASK_NAME => 'FAILS')) ORDER BY SCHEDULED_TIME")
            .Select(r => r[0]).Should().Equal("FAILED", "FAILED_AND_AUTO_SUSPENDED");
        _h.Rows("SELECT STATE FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY(ERROR_ONLY => TRUE)) ORDER BY SCHEDULED_TIME")
            .Select(r => r[0]).Should().Equal("FAILED", "FAILED_AND_AUTO_SUSPENDED");
    }

    // ROOT_TASK_ID => '<id>' (the id column of SHOW TASKS) returns the runs of that root task and of its graph's children.
    // https://docs.snowflake.com/en/sql-reference/functions/task_history
    [Fact]
    public async Task Task_history_root_task_id_returns_the_runs_of_one_graph()
    {
        _h.Rows("CREATE TASK ROOT_A SCHEDULE = '1 MINUTE' AS INSERT INTO RUNS VALUES (1)");
        _h.Rows("CREATE TASK CHILD_A AFTER ROOT_A AS INSERT INTO RUNS VALUES (2)");
        _h.Rows("CREATE TASK OTHER SCHEDULE = '1 MINUTE' AS INSERT INTO RUNS VALUES (3)");
        _h.Rows("ALTER TASK CHILD_A RESUME");
        _h.Rows("ALTER TASK ROOT_A RESUME");
        _h.Rows("ALTER TASK OTHER RESUME");
        await AdvanceAsync(TimeSpan.FromMinutes(1));
        var show = _h.Result("SHOW TASKS LIKE 'ROOT_A'");
        var rootId = (string)show.Rows[0][show.Columns.IndexOf("id")]!;

        var names = _h.Rows($"SELECT DISTINCT NAME FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY(ROOT_TASK_ID => '{rootId}')) ORDER BY NAME");

        names.Select(r => r[0]).Should().Equal("CHILD_A", "ROOT_A");
    }

    // A child whose predecessors are all removed becomes a root task and is suspended; SHOW TASKS gives the reason
    // CHILD_BECAME_ROOT. https://docs.snowflake.com/en/release-notes/bcr-bundles/2023_08/bcr-1385-1414
    [Fact]
    public void Child_whose_last_predecessor_is_removed_is_suspended_as_child_became_root()
    {
        _h.Rows("CREATE TASK ROOT_B SCHEDULE = '1 MINUTE' AS INSERT INTO RUNS VALUES (1)");
        _h.Rows("CREATE TASK CHILD_B AFTER ROOT_B AS INSERT INTO RUNS VALUES (2)");
        _h.Rows("ALTER TASK CHILD_B RESUME");

        _h.Rows("ALTER TASK CHILD_B REMOVE AFTER ROOT_B");

        var show = _h.Result("SHOW TASKS LIKE 'CHILD_B'");
        show.Rows[0][show.Columns.IndexOf("state")].Should().Be("suspended");
        show.Rows[0][show.Columns.IndexOf("predecessors")].Should().Be("[]");
        show.Rows[0][show.Columns.IndexOf("last_suspended_reason")].Should().Be("CHILD_BECAME_ROOT");
    }

    // The syntax offers WAREHOUSE or USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE, not both.
    // https://docs.snowflake.com/en/sql-reference/sql/create-task
    [Fact]
    public void Warehouse_and_serverless_initial_size_together_are_rejected()
    {
        var error = _h.Error("CREATE TASK BOTH WAREHOUSE = COMPUTE_WH USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE = 'XSMALL' AS SELECT 1");

        error.Message.Should().Contain("WAREHOUSE").And.Contain("USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE");
        _h.Result("SHOW TASKS LIKE 'BOTH'").Rows.Should().BeEmpty();
    }

    // The current CREATE TASK syntax has OVERLAP_POLICY = { NO_OVERLAP | ALLOW_CHILD_OVERLAP | ALLOW_ALL_OVERLAP } and
    // LOG_LEVEL; both are accepted (they change nothing on the emulator, which runs one run at a time), other values are not.
    // https://docs.snowflake.com/en/sql-reference/sql/create-task
    [Fact]
    public void Overlap_policy_and_log_level_are_accepted_and_a_wrong_overlap_policy_is_rejected()
    {
        _h.Rows("CREATE TASK OVERLAP_T SCHEDULE = '1 MINUTE' OVERLAP_POLICY = NO_OVERLAP LOG_LEVEL = 'INFO' AS SELECT 1");
        var error = _h.Error("CREATE TASK OVERLAP_BAD OVERLAP_POLICY = SOMETIMES AS SELECT 1");

        _h.Result("SHOW TASKS LIKE 'OVERLAP_T'").Rows.Should().ContainSingle();
        error.Message.Should().Contain("OVERLAP_POLICY").And.Contain("NO_OVERLAP");
    }

    // SHOW TASKS ... ROOT ONLY lists root (and standalone) tasks only; SHOW TERSE TASKS gives created_on, name, kind,
    // database_name, schema_name, schedule. https://docs.snowflake.com/en/sql-reference/sql/show-tasks
    [Fact]
    public void Show_tasks_root_only_and_terse()
    {
        _h.Rows("CREATE TASK ROOT_C SCHEDULE = '5 MINUTES' AS INSERT INTO RUNS VALUES (1)");
        _h.Rows("CREATE TASK CHILD_C AFTER ROOT_C AS INSERT INTO RUNS VALUES (2)");

        var roots = _h.Result("SHOW TASKS IN SCHEMA DB.S ROOT ONLY");
        var terse = _h.Result("SHOW TERSE TASKS LIKE 'ROOT_C'");

        roots.Rows.Select(r => r[roots.Columns.IndexOf("name")]).Should().Equal("ROOT_C");
        terse.Columns.Should().Equal("created_on", "name", "kind", "database_name", "schema_name", "schedule");
        terse.Rows.Should().ContainSingle().Which.Skip(1).Should().Equal(new object?[] { "ROOT_C", null, "DB", "S", "5 MINUTES" });
    }

    // SCHEDULED_TIME_RANGE_START / _END must fall within the last 7 days, otherwise the function returns an error.
    // https://docs.snowflake.com/en/sql-reference/functions/task_history
    [Fact]
    public void Task_history_time_range_older_than_seven_days_is_an_error()
    {
        var error = _h.Error("""
            SELECT * FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY(
              SCHEDULED_TIME_RANGE_START => DATEADD('day', -8, CURRENT_TIMESTAMP())))
            """);
        var recent = _h.Rows("""
            SELECT * FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY(
              SCHEDULED_TIME_RANGE_START => DATEADD('day', -6, CURRENT_TIMESTAMP()), SCHEDULED_TIME_RANGE_END => CURRENT_TIMESTAMP()))
            """);

        error.Message.Should().Contain("SCHEDULED_TIME_RANGE_START").And.Contain("7 days");
        recent.Should().BeEmpty();
    }

    // SYSTEM$TASK_DEPENDENTS_ENABLE('<name>') resumes the task and, recursively, every task that depends on it.
    // https://docs.snowflake.com/en/sql-reference/functions/system_task_dependents_enable
    [Fact]
    public async Task Task_dependents_enable_resumes_the_task_and_its_dependents()
    {
        _h.Rows("CREATE TASK ROOT_D SCHEDULE = '1 MINUTE' AS INSERT INTO RUNS VALUES (1)");
        _h.Rows("CREATE TASK CHILD_D AFTER ROOT_D AS INSERT INTO RUNS VALUES (2)");
        _h.Rows("CREATE TASK GRANDCHILD_D AFTER CHILD_D AS INSERT INTO RUNS VALUES (3)");
        _h.Rows("CREATE TASK UNRELATED_D SCHEDULE = '1 MINUTE' AS INSERT INTO RUNS VALUES (4)");

        _h.Rows("SELECT SYSTEM$TASK_DEPENDENTS_ENABLE('db.s.root_d')");
        await AdvanceAsync(TimeSpan.FromMinutes(1));

        var show = _h.Result("SHOW TASKS IN SCHEMA DB.S");
        show.Rows.ToDictionary(r => (string)r[show.Columns.IndexOf("name")]!, r => r[show.Columns.IndexOf("state")])
            .Should().BeEquivalentTo(new Dictionary<string, object?>
            {
                ["ROOT_D"] = "started", ["CHILD_D"] = "started", ["GRANDCHILD_D"] = "started", ["UNRELATED_D"] = "suspended",
            });
        _h.Rows("SELECT N FROM RUNS ORDER BY N").Select(r => r[0]).Should().Equal(1, 2, 3);
        _h.Error("SELECT SYSTEM$TASK_DEPENDENTS_ENABLE('NO_SUCH_TASK')").Message.Should().Contain("NO_SUCH_TASK");
    }

    // A task graph runs start to finish with no loops: ADD AFTER that would close a loop is refused.
    // https://docs.snowflake.com/en/user-guide/tasks-graphs
    [Fact]
    public void Add_after_that_would_make_a_loop_is_refused()
    {
        _h.Rows("CREATE TASK LOOP_A AS INSERT INTO RUNS VALUES (1)");
        _h.Rows("CREATE TASK LOOP_B AFTER LOOP_A AS INSERT INTO RUNS VALUES (2)");
        _h.Rows("CREATE TASK LOOP_C AFTER LOOP_B AS INSERT INTO RUNS VALUES (3)");

        var error = _h.Error("ALTER TASK LOOP_A ADD AFTER LOOP_C");

        error.Message.Should().Contain("LOOP_A").And.Contain("LOOP_C").And.Contain("loop");
        var show = _h.Result("SHOW TASKS LIKE 'LOOP_A'");
        show.Rows[0][show.Columns.IndexOf("predecessors")].Should().Be("[]");
    }

    // All tasks of a graph are in the same schema (the predecessor name of SYSTEM$GET_PREDECESSOR_RETURN_VALUE is
    // unqualified for that reason). https://docs.snowflake.com/en/sql-reference/functions/system_get_predecessor_return_value
    [Fact]
    public void Predecessor_in_another_schema_is_refused()
    {
        _h.Rows("CREATE SCHEMA DB.OTHER");
        _h.Rows("CREATE TASK DB.OTHER.ROOT_E SCHEDULE = '1 MINUTE' AS SELECT 1");

        var error = _h.Error("CREATE TASK DB.S.CHILD_E AFTER DB.OTHER.ROOT_E AS SELECT 2");

        error.Message.Should().Contain("DB.OTHER.ROOT_E").And.Contain("same schema");
        _h.Result("SHOW TASKS LIKE 'CHILD_E' IN ACCOUNT").Rows.Should().BeEmpty();
    }

    // EXECUTE TASK <name> RETRY LAST is documented; the emulator does not retry graph runs and says so by name.
    // https://docs.snowflake.com/en/sql-reference/sql/execute-task
    [Fact]
    public void Execute_task_retry_last_is_unsupported_by_name()
    {
        _h.Rows("CREATE TASK RETRY_T AS SELECT 1");

        var error = _h.Error("EXECUTE TASK RETRY_T RETRY LAST");

        error.SqlState.Should().Be("0A000");
        error.Message.Should().Contain("RETRY LAST");
    }

    // QUERY_ID is populated once a run has started, so a FAILED run has one: the documented filter for completed or
    // running runs, WHERE QUERY_ID IS NOT NULL, keeps it. The USER_TASK_FAILED example also carries the failed run's queryId.
    // https://docs.snowflake.com/en/sql-reference/functions/task_history, https://docs.snowflake.com/en/user-guide/tasks-errors-payload
    [Fact]
    public async Task Failed_run_has_a_query_id()
    {
        _h.Rows("CREATE TASK FAILS_Q SCHEDULE = '1 MINUTE' AS INSERT INTO NO_SUCH_TABLE VALUES (1)");
        _h.Rows("ALTER TASK FAILS_Q RESUME");

        await AdvanceAsync(TimeSpan.FromMinutes(1));

        _h.Rows("SELECT STATE FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY(TASK_NAME => 'FAILS_Q')) WHERE QUERY_ID IS NOT NULL")
            .Select(r => r[0]).Should().Equal("FAILED");
    }

    // The root task must be suspended before any task of its graph is dropped; a standalone task can be dropped while
    // started. https://docs.snowflake.com/en/sql-reference/sql/drop-task
    [Fact]
    public void Dropping_a_task_of_a_started_graph_is_refused_but_a_started_standalone_task_can_be_dropped()
    {
        _h.Rows("CREATE TASK ROOT_F SCHEDULE = '1 MINUTE' AS INSERT INTO RUNS VALUES (1)");
        _h.Rows("CREATE TASK CHILD_F AFTER ROOT_F AS INSERT INTO RUNS VALUES (2)");
        _h.Rows("CREATE TASK ALONE_F SCHEDULE = '1 MINUTE' AS INSERT INTO RUNS VALUES (3)");
        _h.Rows("ALTER TASK ROOT_F RESUME");
        _h.Rows("ALTER TASK ALONE_F RESUME");

        var error = _h.Error("DROP TASK CHILD_F");
        _h.Rows("DROP TASK ALONE_F");

        error.Message.Should().Contain("ROOT_F").And.Contain("SUSPEND");
        _h.Result("SHOW TASKS LIKE 'CHILD_F'").Rows.Should().ContainSingle();
        _h.Result("SHOW TASKS LIKE 'ALONE_F'").Rows.Should().BeEmpty();
    }

    // When a predecessor is dropped, its former children that have no predecessor left become standalone or root
    // tasks, suspended. https://docs.snowflake.com/en/sql-reference/sql/drop-task
    [Fact]
    public void Dropping_a_predecessor_leaves_its_children_as_suspended_root_tasks()
    {
        _h.Rows("CREATE TASK ROOT_G SCHEDULE = '1 MINUTE' AS INSERT INTO RUNS VALUES (1)");
        _h.Rows("CREATE TASK OTHER_G SCHEDULE = '1 MINUTE' AS INSERT INTO RUNS VALUES (2)");
        _h.Rows("CREATE TASK ONLY_CHILD_G AFTER ROOT_G AS INSERT INTO RUNS VALUES (3)");
        _h.Rows("CREATE TASK SHARED_CHILD_G AFTER ROOT_G, OTHER_G AS INSERT INTO RUNS VALUES (4)");
        _h.Rows("ALTER TASK ONLY_CHILD_G RESUME");
        _h.Rows("ALTER TASK SHARED_CHILD_G RESUME");

        _h.Rows("DROP TASK ROOT_G");

        var show = _h.Result("SHOW TASKS LIKE '%CHILD_G'");
        var rows = show.Rows.ToDictionary(r => (string)r[show.Columns.IndexOf("name")]!);
        rows["ONLY_CHILD_G"][show.Columns.IndexOf("predecessors")].Should().Be("[]");
        rows["ONLY_CHILD_G"][show.Columns.IndexOf("state")].Should().Be("suspended");
        rows["SHARED_CHILD_G"][show.Columns.IndexOf("predecessors")].Should().Be("[\"DB.S.OTHER_G\"]");
        rows["SHARED_CHILD_G"][show.Columns.IndexOf("state")].Should().Be("started");
    }

    // ALTER TASK ... UNSET takes the properties SET takes (CONFIG, LOG_LEVEL, session parameters, ...), not only the ones
    // the emulator acts on. https://docs.snowflake.com/en/sql-reference/sql/alter-task
    [Fact]
    public void Unset_accepts_the_properties_set_accepts()
    {
        _h.Rows("CREATE TASK UNSET_T SCHEDULE = '1 MINUTE' OVERLAP_POLICY = ALLOW_ALL_OVERLAP LOG_LEVEL = 'INFO' TASK_AUTO_RETRY_ATTEMPTS = 2 AS SELECT 1");

        _h.Rows("ALTER TASK UNSET_T UNSET OVERLAP_POLICY, LOG_LEVEL, TASK_AUTO_RETRY_ATTEMPTS, CONFIG");

        var show = _h.Result("SHOW TASKS LIKE 'UNSET_T'");
        show.Rows[0][show.Columns.IndexOf("allow_overlapping_execution")].Should().Be("false");
    }

    // TASK_HISTORY returns the next scheduled run only when it falls within the next 8 days.
    // https://docs.snowflake.com/en/sql-reference/functions/task_history
    [Fact]
    public void Task_history_lists_the_next_scheduled_run_only_within_eight_days()
    {
        _h.Rows("CREATE TASK MONTHLY SCHEDULE = 'USING CRON 0 0 1 * * UTC' AS INSERT INTO RUNS VALUES (1)");
        _h.Rows("CREATE TASK DAILY SCHEDULE = 'USING CRON 0 0 * * * UTC' AS INSERT INTO RUNS VALUES (2)");
        _h.Rows("ALTER TASK MONTHLY RESUME");
        _h.Rows("ALTER TASK DAILY RESUME");

        var scheduled = _h.Rows("SELECT NAME FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY()) WHERE STATE = 'SCHEDULED'");

        scheduled.Select(r => r[0]).Should().Equal("DAILY");
    }

    // CREATE TASK ... WITH TAG ( ... ) / WITH CONTACT ( ... ) are documented; the emulator does not keep tags and says so
    // by name (0A000) rather than with a syntax error. https://docs.snowflake.com/en/sql-reference/sql/create-task
    [Theory]
    [InlineData("CREATE TASK TAGGED WITH TAG (COST_CENTER = 'x') AS SELECT 1", "WITH TAG")]
    [InlineData("CREATE TASK TAGGED WITH CONTACT (SUPPORT = ME) AS SELECT 1", "WITH CONTACT")]
    public void Create_task_with_tag_or_contact_is_unsupported_by_name(string sql, string construct)
    {
        var error = _h.Error(sql);

        error.SqlState.Should().Be("0A000");
        error.Message.Should().Contain(construct);
    }

    // RESULT_LIMIT is a number from 1 to 10000; anything else is the function's argument error, not an emulator crash.
    // https://docs.snowflake.com/en/sql-reference/functions/task_history
    [Fact]
    public void Task_history_result_limit_that_is_not_a_number_is_an_argument_error()
    {
        var error = _h.Error("SELECT * FROM TABLE(INFORMATION_SCHEMA.TASK_HISTORY(RESULT_LIMIT => 'many'))");

        error.Message.Should().Contain("RESULT_LIMIT");
    }
}

