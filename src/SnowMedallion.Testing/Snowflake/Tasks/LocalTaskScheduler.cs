using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SnowMedallion.Testing.Snowflake.Tasks;

/// <summary>
/// Holds LocalSnowflake's tasks and runs them on the <see cref="TimeProvider"/>'s clock: a timer made
/// with <see cref="TimeProvider.CreateTimer"/> fires at the next due time, and every due time passed
/// (one or many, as when a test advances a FakeTimeProvider by days) queues one run, in order. Runs
/// execute one at a time in the background: WHEN first (false gives SKIPPED), then the statement;
/// children (AFTER) follow a predecessor that SUCCEEDED; SUSPEND_TASK_AFTER_NUM_FAILURES consecutive
/// failures suspend the task (https://docs.snowflake.com/en/user-guide/tasks-intro).
/// </summary>
internal sealed class LocalTaskScheduler : IDisposable
{
    /// <summary>How many runs TASK_HISTORY keeps per task (Snowflake keeps 7 days; the emulator keeps a count).</summary>
    public const int HistoryPerTask = 10_000;

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly ITaskRunExecutor _executor;
    private readonly Action<Task> _trackBackgroundWork;
    private readonly Action<TaskRun>? _onRunFailed;
    private readonly ILogger _logger;
    private readonly Dictionary<ObjectPath, TaskEntry> _tasks = [];
    private readonly List<TaskRun> _history = [];
    private readonly Queue<QueuedRun> _queue = new();
    private readonly Dictionary<long, HashSet<ObjectPath>> _succeededByGraphRun = [];
    private readonly ITimer _timer;
    private bool _workerRunning;
    private bool _disposed;

    /// <summary>Creates the scheduler.</summary>
    /// <param name="time">The clock every schedule follows.</param>
    /// <param name="executor">Runs conditions and statements.</param>
    /// <param name="trackBackgroundWork">Receives every background worker task (so WaitForIdleAsync can await it).</param>
    /// <param name="onRunFailed">Called after a run FAILED (to publish USER_TASK_FAILED).</param>
    /// <param name="logger">The logger.</param>
    public LocalTaskScheduler(
        TimeProvider time,
        ITaskRunExecutor executor,
        Action<Task> trackBackgroundWork,
        Action<TaskRun>? onRunFailed = null,
        ILogger? logger = null)
    {
        _time = time;
        _executor = executor;
        _trackBackgroundWork = trackBackgroundWork;
        _onRunFailed = onRunFailed;
        _logger = logger ?? NullLogger.Instance;
        _timer = time.CreateTimer(_ => Tick(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>A snapshot of every task.</summary>
    public IReadOnlyList<TaskEntry> Tasks
    {
        get
        {
            lock (_gate)
            {
                return [.. _tasks.Values];
            }
        }
    }

    /// <summary>True while a run is queued or executing.</summary>
    public bool IsBusy
    {
        get
        {
            lock (_gate)
            {
                return _workerRunning || _queue.Count > 0;
            }
        }
    }

    /// <summary>Finds a task.</summary>
    /// <param name="path">Its name.</param>
    /// <returns>The task, or null.</returns>
    public TaskEntry? Find(ObjectPath path)
    {
        lock (_gate)
        {
            return _tasks.GetValueOrDefault(path);
        }
    }

    /// <summary>CREATE [OR REPLACE] TASK. The new task is suspended.</summary>
    /// <param name="path">Its resolved name.</param>
    /// <param name="definition">Its definition.</param>
    /// <param name="predecessors">Its resolved predecessors (each must exist).</param>
    /// <param name="owner">The owning role.</param>
    /// <returns>The status message Snowflake returns.</returns>
    public string Create(ObjectPath path, TaskDefinition definition, IReadOnlyList<ObjectPath> predecessors, string owner)
    {
        ArgumentNullException.ThrowIfNull(definition);
        lock (_gate)
        {
            if (_tasks.TryGetValue(path, out var existing))
            {
                if (definition.IfNotExists)
                {
                    return $"{path.Name} already exists, statement succeeded.";
                }

                if (!definition.OrReplace)
                {
                    throw new LocalSnowflakeException(2002, "42710", $"SQL compilation error:\nObject '{path}' already exists.");
                }

                existing.Dropped = true;
                _tasks.Remove(path);
            }

            ValidatePredecessors(path, definition, predecessors);
            var now = _time.GetUtcNow();
            _tasks[path] = new TaskEntry
            {
                Path = path,
                Id = Guid.NewGuid().ToString("D"),
                CreatedOn = now,
                Owner = owner,
                Definition = definition,
                Predecessors = predecessors,
                LastCommittedOn = now,
            };
            Rearm();
            return $"Task {path.Name} successfully created.";
        }
    }

    /// <summary>DROP TASK.</summary>
    /// <param name="path">The task.</param>
    /// <param name="ifExists">IF EXISTS was given.</param>
    /// <returns>The status message.</returns>
    public string Drop(ObjectPath path, bool ifExists)
    {
        lock (_gate)
        {
            if (!_tasks.TryGetValue(path, out var task))
            {
                return ifExists ? $"Drop statement executed successfully ({path.Name} already dropped)." : throw DoesNotExist(path);
            }

            // https://docs.snowflake.com/en/sql-reference/sql/drop-task: the root task must be suspended before any task
            // of its graph is dropped (a standalone task need not be); former children left without predecessors
            // become standalone or root tasks, suspended.
            var children = ChildrenLocked(path);
            if (task.Predecessors.Count > 0 || children.Count > 0)
            {
                foreach (var root in Roots(task))
                {
                    if (root.Started)
                    {
                        throw new LocalSnowflakeException(91092, "22023",
                            $"Unable to update graph with root task {root.Path} since that root task is not suspended. Run ALTER TASK {root.Path} SUSPEND first, then drop {path}.");
                    }
                }
            }

            _tasks.Remove(path);
            task.Dropped = true;
            foreach (var child in children)
            {
                child.Predecessors = [.. child.Predecessors.Where(p => p != path)];
                if (child.Predecessors.Count == 0)
                {
                    SuspendLocked(child, "CHILD_BECAME_ROOT");
                }
            }

            Rearm();
            return $"{path.Name} successfully dropped.";
        }
    }

    /// <summary>ALTER TASK RESUME.</summary>
    /// <param name="path">The task.</param>
    public void Resume(ObjectPath path)
    {
        lock (_gate)
        {
            var task = Get(path);
            if (task.Definition.Schedule is null && task.Predecessors.Count == 0)
            {
                throw LocalSnowflakeException.Unsupported(
                    $"resuming task {path}, which has neither SCHEDULE nor AFTER (a triggered task); give it a SCHEDULE or run it with EXECUTE TASK");
            }

            foreach (var predecessor in task.Predecessors)
            {
                if (!_tasks.ContainsKey(predecessor))
                {
                    throw new LocalSnowflakeException(91089, "22023",
                        $"Task {path} cannot be resumed: its predecessor {predecessor} no longer exists. Remove it with ALTER TASK ... REMOVE AFTER.");
                }
            }

            if (task.Started)
            {
                return;
            }

            var now = _time.GetUtcNow();
            task.Started = true;
            task.ResumedAt = now;
            task.NextScheduledTime = task.Predecessors.Count == 0 ? task.Definition.Schedule?.NextAfter(now, now) : null;
            Rearm();
        }
    }

    /// <summary>
    /// SYSTEM$TASK_DEPENDENTS_ENABLE: resumes the task and, recursively, every task that runs after it
    /// (https://docs.snowflake.com/en/sql-reference/functions/system_task_dependents_enable).
    /// </summary>
    /// <param name="path">The task (it need not be a root task).</param>
    public void ResumeWithDependents(ObjectPath path)
    {
        lock (_gate)
        {
            var pending = new Stack<TaskEntry>([Get(path)]);
            var seen = new HashSet<ObjectPath>();
            var order = new List<TaskEntry>();
            while (pending.TryPop(out var task))
            {
                if (!seen.Add(task.Path))
                {
                    continue;
                }

                order.Add(task);
                foreach (var child in ChildrenLocked(task.Path))
                {
                    pending.Push(child);
                }
            }

            // Dependents first, the named task last, as one resumes a graph by hand.
            for (var i = order.Count - 1; i >= 0; i--)
            {
                Resume(order[i].Path);
            }
        }
    }

    /// <summary>ALTER TASK SUSPEND (also used for automatic suspension).</summary>
    /// <param name="path">The task.</param>
    /// <param name="reason">USER_SUSPENDED or SUSPENDED_DUE_TO_ERRORS.</param>
    public void Suspend(ObjectPath path, string reason = "USER_SUSPENDED")
    {
        lock (_gate)
        {
            SuspendLocked(Get(path), reason);
        }
    }

    /// <summary>Changes a task (ALTER TASK SET / UNSET / MODIFY / ADD AFTER / REMOVE AFTER).</summary>
    /// <param name="path">The task.</param>
    /// <param name="change">Makes the new definition and predecessors from the current ones.</param>
    /// <param name="requiresSuspendedGraph">True for changes Snowflake only allows while the root task is suspended.</param>
    public void Alter(
        ObjectPath path,
        Func<TaskEntry, (TaskDefinition Definition, IReadOnlyList<ObjectPath> Predecessors)> change,
        bool requiresSuspendedGraph)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            var task = Get(path);
            if (requiresSuspendedGraph)
            {
                foreach (var root in Roots(task))
                {
                    if (root.Started)
                    {
                        throw new LocalSnowflakeException(91092, "22023",
                            $"Unable to update graph with root task {root.Path} since that root task is not suspended. Run ALTER TASK {root.Path} SUSPEND first, then resume it after the change.");
                    }
                }
            }

            var (definition, predecessors) = change(task);
            ValidatePredecessors(path, definition, predecessors);

            // A child left without predecessors becomes a root task, suspended
            // (https://docs.snowflake.com/en/release-notes/bcr-bundles/2023_08/bcr-1385-1414, CHILD_BECAME_ROOT).
            if (task.Predecessors.Count > 0 && predecessors.Count == 0)
            {
                SuspendLocked(task, "CHILD_BECAME_ROOT");
            }

            task.Definition = definition;
            task.Predecessors = predecessors;
            task.GraphVersion++;
            task.LastCommittedOn = _time.GetUtcNow();
            if (task.Started)
            {
                var now = _time.GetUtcNow();
                task.NextScheduledTime = task.Predecessors.Count == 0 ? definition.Schedule?.NextAfter(now, task.ResumedAt ?? now) : null;
            }

            Rearm();
        }
    }

    /// <summary>EXECUTE TASK: queues one run now (also for a suspended task).</summary>
    /// <param name="path">The task.</param>
    public void ExecuteNow(ObjectPath path)
    {
        lock (_gate)
        {
            var task = Get(path);
            if (task.Predecessors.Count > 0)
            {
                throw new LocalSnowflakeException(91091, "22023",
                    $"Task {path} is a child task: EXECUTE TASK runs root or standalone tasks. Execute its root task instead.");
            }

            var now = _time.GetUtcNow();
            EnqueueLocked(new QueuedRun(task, now, now.ToUnixTimeMilliseconds(), "EXECUTE TASK", task.Id));
        }
    }

    /// <summary>
    /// A snapshot of the runs, most recent first, plus the next SCHEDULED run of each started root task when it is due
    /// within 8 days (https://docs.snowflake.com/en/sql-reference/functions/task_history).
    /// </summary>
    /// <returns>The runs.</returns>
    public IReadOnlyList<TaskRun> History()
    {
        lock (_gate)
        {
            var runs = new List<TaskRun>(_history);
            var horizon = _time.GetUtcNow().AddDays(8);
            foreach (var task in _tasks.Values)
            {
                if (task.Started && task.NextScheduledTime is { } next && next <= horizon)
                {
                    runs.Add(new TaskRun
                    {
                        Task = task,
                        QueryText = task.Definition.Definition,
                        ConditionText = task.Definition.Condition,
                        ScheduledTime = next,
                        RunId = next.ToUnixTimeMilliseconds(),
                        RootTaskId = task.Id,
                        GraphVersion = task.GraphVersion,
                        ScheduledFrom = "SCHEDULE",
                    });
                }
            }

            return [.. runs.OrderByDescending(r => r.ScheduledTime).ThenByDescending(r => r.QueryStartTime ?? DateTimeOffset.MaxValue)];
        }
    }

    /// <summary>The root tasks of <paramref name="task"/>'s graph (the task itself when standalone).</summary>
    /// <param name="task">A task.</param>
    /// <returns>Its roots.</returns>
    public IReadOnlyList<TaskEntry> Roots(TaskEntry task)
    {
        ArgumentNullException.ThrowIfNull(task);
        lock (_gate)
        {
            return [.. SelfAndAncestorsLocked(task).Where(t => t.Predecessors.Count == 0)];
        }
    }

    // The task and every task it runs after, transitively, each once.
    private List<TaskEntry> SelfAndAncestorsLocked(TaskEntry task)
    {
        var found = new List<TaskEntry>();
        var seen = new HashSet<ObjectPath>();
        var pending = new Stack<TaskEntry>([task]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current.Path))
            {
                continue;
            }

            found.Add(current);
            foreach (var predecessor in current.Predecessors)
            {
                if (_tasks.TryGetValue(predecessor, out var p))
                {
                    pending.Push(p);
                }
            }
        }

        return found;
    }

    // The tasks that run after the task at 'path'.
    private List<TaskEntry> ChildrenLocked(ObjectPath path) => [.. _tasks.Values.Where(t => t.Predecessors.Contains(path))];

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            while (_queue.TryDequeue(out var queued))
            {
                _history.Add(NewRun(queued, TaskRunState.Cancelled));
            }
        }

        _timer.Dispose();
    }

    private void ValidatePredecessors(ObjectPath path, TaskDefinition definition, IReadOnlyList<ObjectPath> predecessors)
    {
        foreach (var predecessor in predecessors)
        {
            if (predecessor == path || !_tasks.ContainsKey(predecessor))
            {
                throw predecessor == path
                    ? new LocalSnowflakeException(91090, "22023", $"Task {path} cannot be its own predecessor.")
                    : DoesNotExist(predecessor);
            }
        }

        foreach (var predecessor in predecessors)
        {
            // All tasks of a graph share one schema
            // (https://docs.snowflake.com/en/sql-reference/functions/system_get_predecessor_return_value).
            if (predecessor.Database != path.Database || predecessor.Schema != path.Schema)
            {
                throw new LocalSnowflakeException(91093, "22023",
                    $"Task {path} cannot run after {predecessor}: all tasks of a task graph must be in the same schema. Create the task in {predecessor.Database}.{predecessor.Schema} or its predecessor in {path.Database}.{path.Schema}.");
            }

            // A graph runs start to finish with no loops (https://docs.snowflake.com/en/user-guide/tasks-graphs).
            if (SelfAndAncestorsLocked(_tasks[predecessor]).Any(t => t.Path == path))
            {
                throw new LocalSnowflakeException(91094, "22023",
                    $"Task {path} cannot run after {predecessor}, which already runs after {path}: that would make a loop in the task graph. Remove one of the two AFTER links.");
            }
        }

        if (predecessors.Count > 0 && definition.Schedule is not null)
        {
            throw new LocalSnowflakeException(91086, "22023",
                $"Task {path} has both a SCHEDULE and AFTER predecessors: a child task runs after its predecessors, so remove its SCHEDULE.");
        }
    }

    private TaskEntry Get(ObjectPath path) => _tasks.TryGetValue(path, out var task) ? task : throw DoesNotExist(path);

    private static LocalSnowflakeException DoesNotExist(ObjectPath path) =>
        new(2003, "02000", $"SQL compilation error:\nTask '{path}' does not exist or not authorized.");

    private void SuspendLocked(TaskEntry task, string reason)
    {
        if (!task.Started)
        {
            return;
        }

        task.Started = false;
        task.NextScheduledTime = null;
        task.LastSuspendedOn = _time.GetUtcNow();
        task.LastSuspendedReason = reason;
        Rearm();
    }

    /// <summary>Arms the timer for the earliest due time of any started scheduled task.</summary>
    private void Rearm()
    {
        if (_disposed)
        {
            return;
        }

        DateTimeOffset? earliest = null;
        foreach (var task in _tasks.Values)
        {
            if (task.Started && task.NextScheduledTime is { } next && (earliest is null || next < earliest))
            {
                earliest = next;
            }
        }

        if (earliest is not { } due)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var wait = due - _time.GetUtcNow();
        _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.FromTicks(1), Timeout.InfiniteTimeSpan);
    }

    private void Tick()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = _time.GetUtcNow();
            var due = new List<QueuedRun>();
            foreach (var task in _tasks.Values)
            {
                while (task.Started && task.NextScheduledTime is { } next && next <= now)
                {
                    due.Add(new QueuedRun(task, next, next.ToUnixTimeMilliseconds(), "SCHEDULE", task.Id));
                    task.NextScheduledTime = task.Definition.Schedule?.NextAfter(next, task.ResumedAt ?? next);
                }
            }

            foreach (var run in due.OrderBy(r => r.ScheduledTime))
            {
                EnqueueLocked(run);
            }

            Rearm();
        }
    }

    private void EnqueueLocked(QueuedRun run)
    {
        if (_disposed)
        {
            return;
        }

        _queue.Enqueue(run);
        if (!_workerRunning)
        {
            _workerRunning = true;
            _trackBackgroundWork(Task.Run(ProcessQueue));
        }
    }

    private void ProcessQueue()
    {
        while (true)
        {
            QueuedRun? queued;
            lock (_gate)
            {
                if (!_queue.TryDequeue(out queued))
                {
                    _workerRunning = false;
                    return;
                }
            }

            Execute(queued);
        }
    }

    private TaskRun NewRun(QueuedRun queued, TaskRunState state) => new()
    {
        Task = queued.Task,
        QueryText = queued.Task.Definition.Definition,
        ConditionText = queued.Task.Definition.Condition,
        ScheduledTime = queued.ScheduledTime,
        RunId = queued.RunId,
        RootTaskId = queued.RootTaskId,
        GraphVersion = queued.Task.GraphVersion,
        ScheduledFrom = queued.ScheduledFrom,
        State = state,
        CompletedTime = state == TaskRunState.Cancelled ? _time.GetUtcNow() : null,
    };

    private void Execute(QueuedRun queued)
    {
        var task = queued.Task;
        TaskRun run;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            // A scheduled run queued by a clock jump, of a task suspended since (by hand or after too
            // many failures), would never have become due: it does not happen.
            if (!task.Started && !task.Dropped && queued.ScheduledFrom == "SCHEDULE")
            {
                return;
            }

            run = NewRun(queued, task.Dropped ? TaskRunState.Cancelled : TaskRunState.Executing);
            run.Predecessors = PredecessorValuesLocked(task, run.RunId);
            _history.Add(run);
            TrimHistory(task);
            if (task.Dropped)
            {
                return;
            }
        }

        var failed = false;
        try
        {
            if (task.Definition.Condition is { Length: > 0 } condition && !_executor.EvaluateCondition(task, condition))
            {
                Finish(run, TaskRunState.Skipped);
                return;
            }

            // QUERY_ID is set once the statement starts, so a failed run has one too
            // (https://docs.snowflake.com/en/sql-reference/functions/task_history).
            run.QueryStartTime = _time.GetUtcNow();
            run.QueryId = Procedures.QueryIds.Next();
            var outcome = _executor.RunBody(task, run);
            run.QueryId = outcome.QueryId;
            run.ReturnValue = outcome.ReturnValue;
            Finish(run, TaskRunState.Succeeded);
        }
        catch (LocalSnowflakeException ex)
        {
            run.ErrorCode = ex.SnowflakeErrorCode;
            run.ErrorMessage = ex.Message;
            failed = true;
        }
#pragma warning disable CA1031 // A task run must never take the scheduler down: any emulator fault fails the run.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            TaskLog.Unexpected(_logger, ex, task.Path.ToString());
            run.ErrorCode = 100000;
            run.ErrorMessage = $"LocalSnowflake internal error while running task {task.Path}: {ex.Message}";
            failed = true;
        }

        if (failed)
        {
            Finish(run, TaskRunState.Failed);
            TaskLog.RunFailed(_logger, task.Path.ToString(), run.ErrorCode ?? 0, run.ErrorMessage ?? string.Empty);
            _onRunFailed?.Invoke(run);
        }
    }

    private void Finish(TaskRun run, TaskRunState state)
    {
        var task = run.Task;
        lock (_gate)
        {
            run.State = state;
            run.CompletedTime = _time.GetUtcNow();
            switch (state)
            {
                case TaskRunState.Succeeded:
                    task.ConsecutiveFailures = 0;
                    QueueChildrenLocked(run);
                    break;
                case TaskRunState.Failed:
                    task.ConsecutiveFailures++;
                    var limit = task.Definition.SuspendAfterFailures;
                    if (limit > 0 && task.ConsecutiveFailures >= limit && task.Started)
                    {
                        run.AutoSuspended = true;
                        SuspendLocked(task, "SUSPENDED_DUE_TO_ERRORS");
                        TaskLog.AutoSuspended(_logger, task.Path.ToString(), task.ConsecutiveFailures);
                    }

                    break;
            }
        }

        TaskLog.RunFinished(_logger, task.Path.ToString(), run.ScheduledTime, state);
    }

    // The immediate predecessors' latest succeeded runs in this graph run, then their ancestors', nearest first.
    private List<PredecessorValue> PredecessorValuesLocked(TaskEntry task, long graphRun)
    {
        var values = new List<PredecessorValue>();
        var seen = new HashSet<ObjectPath>();
        var level = task.Predecessors.ToList();
        var direct = true;
        while (level.Count > 0)
        {
            var next = new List<ObjectPath>();
            foreach (var path in level.Where(seen.Add))
            {
                var latest = _history.LastOrDefault(r => r.RunId == graphRun && r.Task.Path == path && r.State == TaskRunState.Succeeded);
                values.Add(new PredecessorValue(path.Name, latest?.ReturnValue, direct));
                if (_tasks.TryGetValue(path, out var predecessor))
                {
                    next.AddRange(predecessor.Predecessors);
                }
            }

            level = next;
            direct = false;
        }

        return values;
    }

    private void QueueChildrenLocked(TaskRun run)
    {
        if (!_succeededByGraphRun.TryGetValue(run.RunId, out var succeeded))
        {
            succeeded = [];
            _succeededByGraphRun[run.RunId] = succeeded;
            if (_succeededByGraphRun.Count > 1000)
            {
                _succeededByGraphRun.Remove(_succeededByGraphRun.Keys.Min());
            }
        }

        succeeded.Add(run.Task.Path);
        var now = _time.GetUtcNow();
        foreach (var child in _tasks.Values)
        {
            if (child.Started && child.Predecessors.Contains(run.Task.Path) && child.Predecessors.All(succeeded.Contains))
            {
                EnqueueLocked(new QueuedRun(child, now, run.RunId, run.ScheduledFrom, run.RootTaskId));
            }
        }
    }

    private void TrimHistory(TaskEntry task)
    {
        var count = 0;
        for (var i = _history.Count - 1; i >= 0; i--)
        {
            if (_history[i].Task == task && ++count > HistoryPerTask)
            {
                _history.RemoveAt(i);
            }
        }
    }

    private sealed record QueuedRun(TaskEntry Task, DateTimeOffset ScheduledTime, long RunId, string ScheduledFrom, string RootTaskId);
}
