namespace SnowMedallion.Testing.Snowflake.Tasks;

/// <summary>A task in the catalog, with its run-time state.</summary>
internal sealed class TaskEntry
{
    /// <summary>The task's resolved name.</summary>
    public required ObjectPath Path { get; init; }

    /// <summary>The task's id (SHOW TASKS <c>id</c>).</summary>
    public required string Id { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedOn { get; init; }

    /// <summary>The owning role.</summary>
    public required string Owner { get; init; }

    /// <summary>Its current definition.</summary>
    public required TaskDefinition Definition { get; set; }

    /// <summary>Its predecessors, resolved.</summary>
    public IReadOnlyList<ObjectPath> Predecessors { get; set; } = [];

    /// <summary>True when started (resumed); new tasks are suspended.</summary>
    public bool Started { get; set; }

    /// <summary>Consecutive failed runs (reset by a successful one).</summary>
    public int ConsecutiveFailures { get; set; }

    /// <summary>When it was last resumed (interval schedules count from it).</summary>
    public DateTimeOffset? ResumedAt { get; set; }

    /// <summary>Its next scheduled run, when started and scheduled.</summary>
    public DateTimeOffset? NextScheduledTime { get; set; }

    /// <summary>When it was last suspended.</summary>
    public DateTimeOffset? LastSuspendedOn { get; set; }

    /// <summary>Why it was last suspended (USER_SUSPENDED, SUSPENDED_DUE_TO_ERRORS).</summary>
    public string? LastSuspendedReason { get; set; }

    /// <summary>When its definition last changed.</summary>
    public DateTimeOffset? LastCommittedOn { get; set; }

    /// <summary>Version of the graph it belongs to; grows with each change.</summary>
    public int GraphVersion { get; set; } = 1;

    /// <summary>True once dropped or replaced: queued runs of it are canceled.</summary>
    public bool Dropped { get; set; }

    /// <summary>Snowflake's state text: <c>started</c> or <c>suspended</c>.</summary>
    public string StateText => Started ? "started" : "suspended";
}
