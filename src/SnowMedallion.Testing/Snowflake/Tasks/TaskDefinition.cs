namespace SnowMedallion.Testing.Snowflake.Tasks;

/// <summary>The parsed form of <c>CREATE TASK</c> (https://docs.snowflake.com/en/sql-reference/sql/create-task).</summary>
internal sealed record TaskDefinition
{
    /// <summary>The task name as written (1 to 3 parts, stored form); the engine resolves it.</summary>
    public required IReadOnlyList<string> NameParts { get; init; }

    /// <summary>Whether OR REPLACE was given.</summary>
    public bool OrReplace { get; init; }

    /// <summary>Whether IF NOT EXISTS was given.</summary>
    public bool IfNotExists { get; init; }

    /// <summary>The WAREHOUSE, or null for a serverless task.</summary>
    public string? Warehouse { get; init; }

    /// <summary>USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE for a serverless task.</summary>
    public string? ManagedWarehouseSize { get; init; }

    /// <summary>The SCHEDULE, or null (a child task, or one only run by EXECUTE TASK).</summary>
    public TaskSchedule? Schedule { get; init; }

    /// <summary>The predecessors named in AFTER, each as written (1 to 3 parts).</summary>
    public IReadOnlyList<IReadOnlyList<string>> After { get; init; } = [];

    /// <summary>The WHEN condition's SQL text, or null.</summary>
    public string? Condition { get; init; }

    /// <summary>The ERROR_INTEGRATION name (stored form), or null.</summary>
    public string? ErrorIntegration { get; init; }

    /// <summary>SUSPEND_TASK_AFTER_NUM_FAILURES (default 10; 0 means never).</summary>
    public int SuspendAfterFailures { get; init; } = 10;

    /// <summary>ALLOW_OVERLAPPING_EXECUTION.</summary>
    public bool AllowOverlappingExecution { get; init; }

    /// <summary>USER_TASK_TIMEOUT_MS, or null for the default.</summary>
    public long? TimeoutMilliseconds { get; init; }

    /// <summary>The COMMENT, or null.</summary>
    public string? Comment { get; init; }

    /// <summary>The SQL the task runs (its definition).</summary>
    public required string Definition { get; init; }
}
