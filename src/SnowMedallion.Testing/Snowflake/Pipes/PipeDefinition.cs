using SnowMedallion.Testing.Snowflake.Engine.Catalog;

namespace SnowMedallion.Testing.Snowflake.Pipes;

/// <summary>A pipe, as CREATE PIPE defined it, with the objects its COPY resolved to at creation.</summary>
/// <param name="Path">The pipe's name.</param>
/// <param name="CreatedOn">When it was created; its load history starts here (recreating a pipe drops its history).</param>
/// <param name="AutoIngest">AUTO_INGEST = TRUE: loads files announced on <see cref="NotificationChannel"/>.</param>
/// <param name="ErrorIntegration">ERROR_INTEGRATION, if any (INGEST_FAILED_FILE messages).</param>
/// <param name="Comment">COMMENT, if any.</param>
/// <param name="Definition">The COPY statement (SHOW PIPES <c>definition</c>).</param>
/// <param name="Table">The COPY's target table.</param>
/// <param name="Stage">The named stage the COPY reads, or null (user or table stage).</param>
/// <param name="StageGeneration">The stage's generation at creation: a recreated stage stops the pipe.</param>
/// <param name="StageUrl">The external stage's URL (<c>s3://bucket/prefix/</c>), or null for an internal stage.</param>
/// <param name="StageLocation">The stage location as COPY_HISTORY and notifications show it.</param>
/// <param name="SourcePath">The path after <c>@stage/</c> in the COPY (files outside it are not the pipe's).</param>
/// <param name="Pattern">The COPY's PATTERN, if any.</param>
/// <param name="FileFormat">The named file format the COPY uses (its own or the stage's), or null.</param>
/// <param name="NotificationChannel">The SQS ARN of auto-ingest pipes, else null.</param>
internal sealed record PipeDefinition(
    ObjectPath Path,
    DateTimeOffset CreatedOn,
    bool AutoIngest,
    string? ErrorIntegration,
    string? Comment,
    string Definition,
    ObjectPath Table,
    ObjectPath? Stage,
    long StageGeneration,
    string? StageUrl,
    string StageLocation,
    string SourcePath,
    string? Pattern,
    ObjectPath? FileFormat,
    string? NotificationChannel) : ISchemaObject
{
    /// <summary>The catalog kind name.</summary>
    public const string Kind = "Pipe";

    /// <summary>Queue, pause flag and status timestamps; shared by copies made by ALTER (<c>with</c>).</summary>
    public PipeRuntime Runtime { get; init; } = new();
}

/// <summary>A pipe's mutable state. All members are guarded by <see cref="Gate"/>.</summary>
internal sealed class PipeRuntime
{
    /// <summary>Guards this object.</summary>
    public Lock Gate { get; } = new();

    /// <summary>Files waiting to be loaded.</summary>
    public PipeLoadQueue Queue { get; } = new();

    /// <summary>PIPE_EXECUTION_PAUSED.</summary>
    public bool Paused { get; set; }

    /// <summary>True while a background load is draining the queue.</summary>
    public bool Draining { get; set; }

    /// <summary>True once the pipe was dropped or replaced: nothing more is loaded.</summary>
    public bool Retired { get; set; }

    /// <summary>Notifications received and not yet processed.</summary>
    public int OutstandingMessages { get; set; }

    /// <summary>SYSTEM$PIPE_STATUS lastIngestedTimestamp.</summary>
    public DateTimeOffset? LastIngestedTimestamp { get; set; }

    /// <summary>SYSTEM$PIPE_STATUS lastIngestedFilePath.</summary>
    public string? LastIngestedFilePath { get; set; }

    /// <summary>SYSTEM$PIPE_STATUS lastReceivedMessageTimestamp.</summary>
    public DateTimeOffset? LastReceivedMessageTimestamp { get; set; }

    /// <summary>SYSTEM$PIPE_STATUS lastForwardedMessageTimestamp.</summary>
    public DateTimeOffset? LastForwardedMessageTimestamp { get; set; }

    /// <summary>SYSTEM$PIPE_STATUS lastForwardedFilePath (<c>bucket/key</c>).</summary>
    public string? LastForwardedFilePath { get; set; }

    /// <summary>SYSTEM$PIPE_STATUS lastPulledFromChannelTimestamp.</summary>
    public DateTimeOffset? LastPulledFromChannelTimestamp { get; set; }

    /// <summary>SYSTEM$PIPE_STATUS lastPipeErrorTimestamp.</summary>
    public DateTimeOffset? LastPipeErrorTimestamp { get; set; }

    /// <summary>SYSTEM$PIPE_STATUS error.</summary>
    public string? Error { get; set; }
}
