namespace SnowMedallion.Testing;

/// <summary>Options of a <see cref="LocalSnowflake"/>.</summary>
public sealed class LocalSnowflakeOptions
{
    /// <summary>
    /// The clock: CURRENT_TIMESTAMP, created_on, load times and task schedules read it. Use a
    /// <c>FakeTimeProvider</c> to move time in tests. Default: the system clock.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// The LocalS3 that external <c>s3://</c> stages read from (and whose bucket notifications reach
    /// auto-ingest pipes). Null: external stages fail with an error saying so.
    /// </summary>
    public LocalS3? S3 { get; set; }

    /// <summary>
    /// Folder for internal stages' files (PUT). Default: a temporary folder deleted when the emulator is disposed.
    /// </summary>
    public string? StageDirectory { get; set; }
}
