namespace SnowMedallion.Model;

/// <summary>
/// When a task runs: every fixed interval (whole minutes) or on a cron expression in an IANA time zone.
/// Create one with <see cref="Every"/> or <see cref="UsingCron"/>.
/// </summary>
public sealed record TaskSchedule
{
    private TaskSchedule(TimeSpan? interval, string? cron, string? timeZone)
    {
        Interval = interval;
        Cron = cron;
        TimeZone = timeZone;
    }

    /// <summary>The interval, for an interval schedule.</summary>
    public TimeSpan? Interval { get; }

    /// <summary>The five-field cron expression, for a cron schedule.</summary>
    public string? Cron { get; }

    /// <summary>The IANA time zone of a cron schedule, e.g. <c>America/New_York</c>.</summary>
    public string? TimeZone { get; }

    /// <summary>Runs every <paramref name="interval"/> (rendered in minutes).</summary>
    /// <param name="interval">The interval: whole minutes, at least one.</param>
    /// <returns>The schedule.</returns>
    public static TaskSchedule Every(TimeSpan interval) => new(interval, null, null);

    /// <summary>Runs on a cron expression (<c>minute hour day-of-month month day-of-week</c>) in a time zone.</summary>
    /// <param name="cron">The cron expression, e.g. <c>0 0 * * *</c>.</param>
    /// <param name="timeZone">The IANA time zone, e.g. <c>America/New_York</c>.</param>
    /// <returns>The schedule.</returns>
    public static TaskSchedule UsingCron(string cron, string timeZone)
    {
        ArgumentNullException.ThrowIfNull(cron);
        ArgumentNullException.ThrowIfNull(timeZone);
        return new(null, cron, timeZone);
    }
}

/// <summary>A task's WHEN condition: a stream has data, or a SQL boolean expression.</summary>
public sealed record TaskCondition
{
    private TaskCondition(Stream? stream, string? sql)
    {
        Stream = stream;
        Sql = sql;
    }

    /// <summary>The stream tested by <c>SYSTEM$STREAM_HAS_DATA</c>, for a stream condition.</summary>
    public Stream? Stream { get; }

    /// <summary>The boolean SQL expression, for an expression condition.</summary>
    public string? Sql { get; }

    /// <summary><c>WHEN SYSTEM$STREAM_HAS_DATA('stream')</c>: the run is skipped while the stream is empty.</summary>
    /// <param name="stream">The stream.</param>
    /// <returns>The condition.</returns>
    public static TaskCondition StreamHasData(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new(stream, null);
    }

    /// <summary>A boolean SQL expression.</summary>
    /// <param name="sql">The expression.</param>
    /// <returns>The condition.</returns>
    public static TaskCondition Expression(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return new(null, sql);
    }
}

/// <summary>The one SQL statement a task runs.</summary>
public abstract record TaskAction
{
    /// <summary>The objects the statement uses.</summary>
    public abstract IEnumerable<PipelineObject> References { get; }
}

/// <summary><c>CALL procedure('literal', ...)</c>.</summary>
/// <param name="Procedure">The procedure called.</param>
/// <param name="Arguments">The arguments, rendered as string literals (<see langword="null"/> renders NULL).</param>
public sealed record CallProcedure(Procedure Procedure, IReadOnlyList<string?> Arguments) : TaskAction
{
    /// <inheritdoc/>
    public override IEnumerable<PipelineObject> References => [Procedure];
}

/// <summary>Any single SQL statement.</summary>
/// <param name="Sql">The statement text.</param>
/// <param name="Uses">The objects the statement uses, created before the task.</param>
public sealed record SqlStatementAction(string Sql, IReadOnlyList<PipelineObject> Uses) : TaskAction
{
    /// <inheritdoc/>
    public override IEnumerable<PipelineObject> References => Uses;
}

/// <summary>
/// A Snowflake task (named <c>SnowflakeTask</c> to avoid clashing with <see cref="System.Threading.Tasks.Task"/>).
/// It runs its action on a schedule or after predecessor tasks, on a warehouse or serverless.
/// </summary>
/// <param name="Schema">The schema holding the task.</param>
/// <param name="Name">The task's exact name.</param>
/// <param name="Action">The statement it runs.</param>
public sealed record SnowflakeTask(Schema Schema, string Name, TaskAction Action) : SchemaObject(Schema, Name)
{
    /// <summary>The warehouse it runs on; <see langword="null"/> for a serverless task.</summary>
    public string? Warehouse { get; init; }

    /// <summary>For a serverless task, <c>USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE</c>, e.g. <c>XSMALL</c>.</summary>
    public string? ServerlessInitialWarehouseSize { get; init; }

    /// <summary>The schedule of a root task.</summary>
    public TaskSchedule? Schedule { get; init; }

    /// <summary>The predecessor tasks (<c>AFTER</c>) of a child task.</summary>
    public IReadOnlyList<SnowflakeTask> After { get; init; } = [];

    /// <summary>The WHEN condition.</summary>
    public TaskCondition? When { get; init; }

    /// <summary>The notification integration task failures are reported to (<c>ERROR_INTEGRATION</c>).</summary>
    public NotificationIntegration? ErrorIntegration { get; init; }

    /// <summary><c>SUSPEND_TASK_AFTER_NUM_FAILURES</c>; <see langword="null"/> for Snowflake's default (10).</summary>
    public int? SuspendAfterNumFailures { get; init; }

    /// <summary>Whether the task is started after creation (<c>ALTER TASK ... RESUME</c>).</summary>
    public bool Started { get; init; }

    /// <inheritdoc/>
    public override ObjectKind Kind => ObjectKind.Task;

    /// <inheritdoc/>
    public override IEnumerable<PipelineObject> Dependencies =>
        new PipelineObject?[] { Schema, ErrorIntegration }.OfType<PipelineObject>()
            .Concat(Action.References)
            .Concat(When?.Stream is { } stream ? [stream] : [])
            .Concat(After);
}
