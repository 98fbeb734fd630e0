namespace SnowMedallion.Testing.Snowflake.Tasks;

/// <summary>The states of a task run in TASK_HISTORY.</summary>
internal enum TaskRunState
{
    /// <summary>Due later.</summary>
    Scheduled,

    /// <summary>Running now.</summary>
    Executing,

    /// <summary>The statement completed.</summary>
    Succeeded,

    /// <summary>The condition or the statement failed.</summary>
    Failed,

    /// <summary>The WHEN condition was false: the statement did not run.</summary>
    Skipped,

    /// <summary>Canceled (e.g. LocalSnowflake was disposed while it was queued).</summary>
    Cancelled,
}

/// <summary>One run of a task, as TASK_HISTORY shows it (https://docs.snowflake.com/en/sql-reference/functions/task_history).</summary>
internal sealed class TaskRun
{
    /// <summary>The task.</summary>
    public required TaskEntry Task { get; init; }

    /// <summary>The statement text the run executes.</summary>
    public required string QueryText { get; init; }

    /// <summary>The WHEN condition text, if any.</summary>
    public string? ConditionText { get; init; }

    /// <summary>When the run was scheduled.</summary>
    public required DateTimeOffset ScheduledTime { get; init; }

    /// <summary>The graph run id: the root run's scheduled time in epoch milliseconds.</summary>
    public required long RunId { get; init; }

    /// <summary>The root task's id.</summary>
    public required string RootTaskId { get; init; }

    /// <summary>The graph version the run used.</summary>
    public required int GraphVersion { get; init; }

    /// <summary>SCHEDULE or EXECUTE TASK.</summary>
    public required string ScheduledFrom { get; init; }

    /// <summary>The run's state.</summary>
    public TaskRunState State { get; set; } = TaskRunState.Scheduled;

    /// <summary>True for the failed run after which the task suspended itself (SUSPEND_TASK_AFTER_NUM_FAILURES).</summary>
    public bool AutoSuspended { get; set; }

    /// <summary>
    /// The STATE TASK_HISTORY shows: the state in upper case, except FAILED_AND_AUTO_SUSPENDED for the run that
    /// suspended its task (https://docs.snowflake.com/en/release-notes/bcr-bundles/2023_03/bcr-990).
    /// </summary>
    public string StateText => State == TaskRunState.Failed && AutoSuspended ? "FAILED_AND_AUTO_SUSPENDED" : State.ToString().ToUpperInvariant();

    /// <summary>When its statement started.</summary>
    public DateTimeOffset? QueryStartTime { get; set; }

    /// <summary>When it completed.</summary>
    public DateTimeOffset? CompletedTime { get; set; }

    /// <summary>Its statement's query id.</summary>
    public string? QueryId { get; set; }

    /// <summary>The error code when it failed.</summary>
    public int? ErrorCode { get; set; }

    /// <summary>The error message when it failed.</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>The value set with SYSTEM$SET_RETURN_VALUE, if any.</summary>
    public string? ReturnValue { get; set; }

    /// <summary>The values its predecessors set in the same graph run (for SYSTEM$GET_PREDECESSOR_RETURN_VALUE).</summary>
    public IReadOnlyList<PredecessorValue> Predecessors { get; set; } = [];
}

/// <summary>The outcome of a task body the executor ran.</summary>
/// <param name="QueryId">The statement's query id.</param>
/// <param name="ReturnValue">The value the run set with SYSTEM$SET_RETURN_VALUE, if any.</param>
internal sealed record TaskBodyOutcome(string QueryId, string? ReturnValue = null);

/// <summary>
/// Runs a task's SQL for the scheduler. Each call runs in its own session as the task owner; a failure
/// is a <see cref="LocalSnowflakeException"/> carrying Snowflake's code and message.
/// </summary>
internal interface ITaskRunExecutor
{
    /// <summary>Evaluates a WHEN condition.</summary>
    /// <param name="task">The task.</param>
    /// <param name="condition">The condition's SQL.</param>
    /// <returns>Whether the task should run.</returns>
    bool EvaluateCondition(TaskEntry task, string condition);

    /// <summary>Runs the task's statement.</summary>
    /// <param name="task">The task.</param>
    /// <param name="run">The run (for its ids).</param>
    /// <returns>The outcome.</returns>
    TaskBodyOutcome RunBody(TaskEntry task, TaskRun run);
}
