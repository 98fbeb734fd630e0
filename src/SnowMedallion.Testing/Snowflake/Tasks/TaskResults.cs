using System.Text.Json;

namespace SnowMedallion.Testing.Snowflake.Tasks;

/// <summary>The result sets of SHOW TASKS, DESC TASK and TASK_HISTORY.</summary>
internal static class TaskResults
{
    private static readonly LocalColumn[] ShowColumns =
    [
        Column("created_on", "TIMESTAMP_LTZ(3)", typeof(DateTimeOffset)),
        Column("name", "TEXT", typeof(string)),
        Column("id", "TEXT", typeof(string)),
        Column("database_name", "TEXT", typeof(string)),
        Column("schema_name", "TEXT", typeof(string)),
        Column("owner", "TEXT", typeof(string)),
        Column("comment", "TEXT", typeof(string)),
        Column("warehouse", "TEXT", typeof(string)),
        Column("schedule", "TEXT", typeof(string)),
        Column("predecessors", "TEXT", typeof(string)),
        Column("state", "TEXT", typeof(string)),
        Column("definition", "TEXT", typeof(string)),
        Column("condition", "TEXT", typeof(string)),
        Column("allow_overlapping_execution", "TEXT", typeof(string)),
        Column("error_integration", "TEXT", typeof(string)),
        Column("last_committed_on", "TIMESTAMP_LTZ(3)", typeof(DateTimeOffset)),
        Column("last_suspended_on", "TIMESTAMP_LTZ(3)", typeof(DateTimeOffset)),
        Column("owner_role_type", "TEXT", typeof(string)),
        Column("config", "TEXT", typeof(string)),
        Column("budget", "TEXT", typeof(string)),
        Column("task_relations", "TEXT", typeof(string)),
        Column("last_suspended_reason", "TEXT", typeof(string)),
    ];

    private static readonly LocalColumn[] HistoryColumns =
    [
        Column("QUERY_ID", "TEXT", typeof(string)),
        Column("NAME", "TEXT", typeof(string)),
        Column("DATABASE_NAME", "TEXT", typeof(string)),
        Column("SCHEMA_NAME", "TEXT", typeof(string)),
        Column("QUERY_TEXT", "TEXT", typeof(string)),
        Column("CONDITION_TEXT", "TEXT", typeof(string)),
        Column("STATE", "TEXT", typeof(string)),
        Column("ERROR_CODE", "TEXT", typeof(string)),
        Column("ERROR_MESSAGE", "TEXT", typeof(string)),
        Column("SCHEDULED_TIME", "TIMESTAMP_LTZ(3)", typeof(DateTimeOffset)),
        Column("QUERY_START_TIME", "TIMESTAMP_LTZ(3)", typeof(DateTimeOffset)),
        Column("NEXT_SCHEDULED_TIME", "TIMESTAMP_LTZ(3)", typeof(DateTimeOffset)),
        Column("COMPLETED_TIME", "TIMESTAMP_LTZ(3)", typeof(DateTimeOffset)),
        Column("ROOT_TASK_ID", "TEXT", typeof(string)),
        Column("GRAPH_VERSION", "NUMBER(38,0)", typeof(long)),
        Column("RUN_ID", "NUMBER(38,0)", typeof(long)),
        Column("RETURN_VALUE", "TEXT", typeof(string)),
        Column("SCHEDULED_FROM", "TEXT", typeof(string)),
        Column("ATTEMPT_NUMBER", "NUMBER(38,0)", typeof(long)),
    ];

    /// <summary>SHOW TASKS (https://docs.snowflake.com/en/sql-reference/sql/show-tasks).</summary>
    /// <param name="tasks">The tasks to list.</param>
    /// <returns>The result, ordered by database, schema and name.</returns>
    public static LocalResult Show(IEnumerable<TaskEntry> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var rows = tasks
            .OrderBy(t => t.Path.Database, StringComparer.Ordinal).ThenBy(t => t.Path.Schema, StringComparer.Ordinal).ThenBy(t => t.Path.Name, StringComparer.Ordinal)
            .Select(Row)
            .ToList();
        return new LocalResult(ShowColumns, rows);
    }

    /// <summary>SHOW TERSE TASKS: created_on, name, kind (NULL for tasks), database_name, schema_name, schedule.</summary>
    /// <param name="tasks">The tasks to list.</param>
    /// <returns>The result, ordered by database, schema and name.</returns>
    public static LocalResult ShowTerse(IEnumerable<TaskEntry> tasks)
    {
        var full = Show(tasks);
        int[] kept = [0, 1, -1, 3, 4, 8];
        var columns = kept.Select(i => i < 0 ? Column("kind", "TEXT", typeof(string)) : ShowColumns[i]).ToArray();
        var rows = full.Rows.Select(row => kept.Select(i => i < 0 ? null : row[i]).ToArray()).ToList();
        return new LocalResult(columns, rows);
    }

    /// <summary>TASK_HISTORY (https://docs.snowflake.com/en/sql-reference/functions/task_history).</summary>
    /// <param name="runs">Every run, most recent first (as <see cref="LocalTaskScheduler.History"/> returns them).</param>
    /// <param name="taskName">TASK_NAME: an unqualified name, case-insensitive, or null.</param>
    /// <param name="resultLimit">RESULT_LIMIT (1 to 10000, default 100).</param>
    /// <param name="errorOnly">ERROR_ONLY: only FAILED (FAILED_AND_AUTO_SUSPENDED included) and CANCELLED runs.</param>
    /// <param name="nextScheduled">The next scheduled time of each task, for NEXT_SCHEDULED_TIME.</param>
    /// <returns>The result.</returns>
    public static LocalResult History(
        IEnumerable<TaskRun> runs,
        string? taskName,
        int resultLimit,
        bool errorOnly,
        Func<TaskEntry, DateTimeOffset?> nextScheduled)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(nextScheduled);
        if (resultLimit is < 1 or > 10_000)
        {
            throw new LocalSnowflakeException(1044, "22023", "Invalid argument RESULT_LIMIT: it must be between 1 and 10000.");
        }

        var rows = runs
            .Where(r => taskName is null || string.Equals(r.Task.Path.Name, taskName, StringComparison.OrdinalIgnoreCase))
            .Where(r => !errorOnly || r.State is TaskRunState.Failed or TaskRunState.Cancelled)
            .Take(resultLimit)
            .Select(r => new object?[]
            {
                r.QueryId,
                r.Task.Path.Name,
                r.Task.Path.Database,
                r.Task.Path.Schema,
                r.QueryText,
                r.ConditionText,
                r.StateText,
                r.ErrorCode?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                r.ErrorMessage,
                r.ScheduledTime,
                r.QueryStartTime,
                r.State == TaskRunState.Scheduled ? null : nextScheduled(r.Task),
                r.CompletedTime,
                r.RootTaskId,
                (long)r.GraphVersion,
                r.RunId,
                r.ReturnValue,
                r.ScheduledFrom,
                1L,
            })
            .ToList();
        return new LocalResult(HistoryColumns, rows);
    }

    private static object?[] Row(TaskEntry task)
    {
        var definition = task.Definition;
        var predecessors = JsonSerializer.Serialize(task.Predecessors.Select(p => p.ToString()).ToArray());
        var relations = JsonSerializer.Serialize(new { Predecessors = task.Predecessors.Select(p => p.ToString()).ToArray() });
        return
        [
            task.CreatedOn,
            task.Path.Name,
            task.Id,
            task.Path.Database,
            task.Path.Schema,
            task.Owner,
            definition.Comment ?? string.Empty,
            definition.Warehouse,
            definition.Schedule?.Text,
            predecessors,
            task.StateText,
            definition.Definition,
            definition.Condition,
            definition.AllowOverlappingExecution ? "true" : "false",
            definition.ErrorIntegration ?? "null",
            task.LastCommittedOn,
            task.LastSuspendedOn,
            "ROLE",
            null,
            null,
            relations,
            task.LastSuspendedReason,
        ];
    }

    private static LocalColumn Column(string name, string type, Type clrType) => new(name, type, clrType);
}
