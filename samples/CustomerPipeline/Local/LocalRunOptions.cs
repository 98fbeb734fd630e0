using CustomerPipeline.SampleData;

namespace CustomerPipeline.Local;

/// <summary>Settings of <see cref="CustomerPipelineRun"/>.</summary>
public sealed record LocalRunOptions
{
    /// <summary>New York, where the task's cron runs.</summary>
    public static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    /// <summary>When the run starts on the emulator's clock: 2026-11-25 14:00 in New York by default.</summary>
    public DateTimeOffset Start { get; init; } = new(2026, 11, 25, 14, 0, 0, TimeSpan.FromHours(-5));

    /// <summary>The seed of the sample data.</summary>
    public int Seed { get; init; } = CustomerDataGenerator.DefaultSeed;

    /// <summary>Where to write the sample's files; null writes them to a temporary folder deleted at the end.</summary>
    public string? DataFolder { get; init; }

    /// <summary>How long to wait, in real time, for the pipe or a task run before giving up.</summary>
    public TimeSpan WaitLimit { get; init; } = TimeSpan.FromSeconds(60);
}
