using Microsoft.Extensions.Time.Testing;
using SnowMedallion.Testing.Snowflake;
using SnowMedallion.Testing.Snowflake.Tasks;

namespace SnowMedallion.Testing.Tests.Snowflake.Tasks;

// Task behaviour: https://docs.snowflake.com/en/user-guide/tasks-intro and
// https://docs.snowflake.com/en/sql-reference/functions/task_history
public sealed class LocalTaskSchedulerTests : IDisposable
{
    private static readonly ObjectPath Root = new("DB", "PUBLIC", "ROOT");
    private static readonly ObjectPath Child = new("DB", "PUBLIC", "CHILD");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 6, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeExecutor _executor = new();
    private readonly List<Task> _work = [];
    private readonly List<TaskRun> _failed = [];
    private readonly LocalTaskScheduler _scheduler;

    public LocalTaskSchedulerTests()
    {
        _scheduler = new LocalTaskScheduler(_time, _executor, t => { lock (_work) { _work.Add(t); } }, _failed.Add);
    }

    public void Dispose() => _scheduler.Dispose();

    private async Task IdleAsync()
    {
        while (true)
        {
            Task[] pending;
            lock (_work)
            {
                pending = [.. _work];
                _work.Clear();
            }

            if (pending.Length == 0)
            {
                return;
            }

            await Task.WhenAll(pending);
        }
    }

    private void Create(string ddl, params ObjectPath[] predecessors)
    {
        var definition = TaskDdlParser.ParseCreate(ddl);
        _scheduler.Create(new ObjectPath("DB", "PUBLIC", definition.NameParts[^1]), definition, predecessors, "SYSADMIN");
    }

    [Fact]
    public async Task New_task_is_suspended_and_does_not_run()
    {
        Create("CREATE TASK root SCHEDULE = '1 MINUTE' AS SELECT 1");

        _time.Advance(TimeSpan.FromMinutes(10));
        await IdleAsync();

        _scheduler.Find(Root)!.StateText.Should().Be("suspended");
        _executor.Bodies.Should().BeEmpty();
    }

    [Fact]
    public async Task Jump_over_several_due_times_runs_once_per_due_time_in_order()
    {
        Create("CREATE TASK root SCHEDULE = 'USING CRON 0 0 * * * America/New_York' AS SELECT 1");
        _scheduler.Resume(Root);

        _time.Advance(TimeSpan.FromDays(3));
        await IdleAsync();

        _executor.Bodies.Select(b => b.ScheduledTime).Should().Equal(
            new DateTimeOffset(2026, 3, 7, 5, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 3, 8, 5, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 3, 9, 4, 0, 0, TimeSpan.Zero));
        _scheduler.History().Where(r => r.State == TaskRunState.Succeeded).Should().HaveCount(3);
        _scheduler.History()[0].State.Should().Be(TaskRunState.Scheduled, "the next run of a started task is listed as SCHEDULED");
    }

    [Fact]
    public async Task False_condition_records_skipped_without_running_the_body()
    {
        Create("CREATE TASK root SCHEDULE = '1 MINUTE' WHEN SYSTEM$STREAM_HAS_DATA('S') AS SELECT 1");
        _executor.Condition = false;
        _scheduler.Resume(Root);

        _time.Advance(TimeSpan.FromMinutes(1));
        await IdleAsync();

        _executor.Bodies.Should().BeEmpty();
        var run = _scheduler.History().Single(r => r.State != TaskRunState.Scheduled);
        run.State.Should().Be(TaskRunState.Skipped);
        run.ConditionText.Should().Be("SYSTEM$STREAM_HAS_DATA('S')");
        run.QueryId.Should().BeNull();
    }

    [Fact]
    public async Task Failed_run_records_its_error_and_reports_it()
    {
        Create("CREATE TASK root SCHEDULE = '1 MINUTE' AS CALL p()");
        _executor.Failure = new LocalSnowflakeException(100183, "P0000", "Execution error in store procedure P:\nboom");
        _scheduler.Resume(Root);

        _time.Advance(TimeSpan.FromMinutes(1));
        await IdleAsync();

        var run = _scheduler.History().Single(r => r.State != TaskRunState.Scheduled);
        run.State.Should().Be(TaskRunState.Failed);
        run.ErrorCode.Should().Be(100183);
        run.ErrorMessage.Should().Be("Execution error in store procedure P:\nboom");
        _failed.Should().ContainSingle().Which.Should().BeSameAs(run);
    }

    [Fact]
    public async Task Task_suspends_itself_after_the_configured_consecutive_failures()
    {
        Create("CREATE TASK root SCHEDULE = '1 MINUTE' SUSPEND_TASK_AFTER_NUM_FAILURES = 3 AS CALL p()");
        _executor.Failure = new LocalSnowflakeException(100183, "P0000", "boom");
        _scheduler.Resume(Root);

        _time.Advance(TimeSpan.FromMinutes(10));
        await IdleAsync();

        _scheduler.History().Count(r => r.State == TaskRunState.Failed).Should().Be(3);
        var task = _scheduler.Find(Root)!;
        task.StateText.Should().Be("suspended");
        task.LastSuspendedReason.Should().Be("SUSPENDED_DUE_TO_ERRORS");
    }

    [Fact]
    public async Task Success_resets_the_consecutive_failure_count()
    {
        Create("CREATE TASK root SCHEDULE = '1 MINUTE' SUSPEND_TASK_AFTER_NUM_FAILURES = 2 AS CALL p()");
        _scheduler.Resume(Root);
        _executor.FailOn = n => n % 2 == 1;

        _time.Advance(TimeSpan.FromMinutes(6));
        await IdleAsync();

        _scheduler.Find(Root)!.StateText.Should().Be("started");
        _executor.Bodies.Should().HaveCount(6);
    }

    [Fact]
    public async Task Child_runs_after_its_predecessor_succeeds_and_not_after_it_fails()
    {
        Create("CREATE TASK root SCHEDULE = '1 MINUTE' AS SELECT 1");
        Create("CREATE TASK child AFTER root AS SELECT 2", Root);
        _scheduler.Resume(Child);
        _scheduler.Resume(Root);

        _time.Advance(TimeSpan.FromMinutes(1));
        await IdleAsync();
        _executor.FailOn = _ => true;
        _time.Advance(TimeSpan.FromMinutes(1));
        await IdleAsync();

        _executor.Bodies.Select(b => b.Task.Path.Name).Should().Equal("ROOT", "CHILD", "ROOT");
        var childRun = _scheduler.History().Single(r => r.Task.Path == Child);
        var rootRun = _scheduler.History().Last(r => r.Task.Path == Root);
        childRun.RunId.Should().Be(rootRun.RunId, "a graph run shares the root's run id");
    }

    [Fact]
    public async Task Execute_task_runs_once_now_even_when_suspended()
    {
        Create("CREATE TASK root SCHEDULE = '1 MINUTE' AS SELECT 1");

        _scheduler.ExecuteNow(Root);
        await IdleAsync();

        var run = _scheduler.History().Should().ContainSingle().Subject;
        run.State.Should().Be(TaskRunState.Succeeded);
        run.ScheduledFrom.Should().Be("EXECUTE TASK");
        run.QueryId.Should().NotBeNull();
    }

    [Fact]
    public void Altering_a_started_root_is_refused_until_it_is_suspended()
    {
        Create("CREATE TASK root SCHEDULE = '1 MINUTE' AS SELECT 1");
        _scheduler.Resume(Root);

        var act = () => _scheduler.Alter(Root, t => (t.Definition with { Definition = "SELECT 2" }, t.Predecessors), requiresSuspendedGraph: true);

        act.Should().Throw<LocalSnowflakeException>().WithMessage("*since that root task is not suspended*SUSPEND*");
    }

    private sealed class FakeExecutor : ITaskRunExecutor
    {
        private int _count;

        public bool Condition { get; set; } = true;

        public LocalSnowflakeException? Failure { get; set; }

        public Func<int, bool>? FailOn { get; set; }

        public List<TaskRun> Bodies { get; } = [];

        public bool EvaluateCondition(TaskEntry task, string condition) => Condition;

        public TaskBodyOutcome RunBody(TaskEntry task, TaskRun run)
        {
            Bodies.Add(run);
            var n = _count++;
            if (Failure is not null)
            {
                throw Failure;
            }

            if (FailOn?.Invoke(n) == true)
            {
                throw new LocalSnowflakeException(100183, "P0000", "failed on purpose");
            }

            return new TaskBodyOutcome($"query-{n}");
        }
    }
}
