using CustomerPipeline.SampleData;
using SnowMedallion.Ingestion;

namespace CustomerPipeline.Local;

/// <summary>
/// Hears what <see cref="CustomerPipelineRun"/> does, step by step (the console prints it; a test ignores it).
/// Every method has an empty default.
/// </summary>
public interface IPipelineRunObserver
{
    /// <summary>A new stage of the run starts.</summary>
    void Stage(string title) { }

    /// <summary>A line of explanation.</summary>
    void Info(string message) { }

    /// <summary>The emulators are up.</summary>
    void Started(Uri s3ServiceUrl, DateTimeOffset clock) { }

    /// <summary>The sample's files were written.</summary>
    void SampleWritten(string folder, CustomerSampleData sample) { }

    /// <summary>The deploy script ran, statement by statement.</summary>
    void Deployed(IReadOnlyList<string> statements) { }

    /// <summary>
    /// Runs an upload; an observer may wrap it to show progress (the default passes no progress sink).
    /// </summary>
    Task<UploadSummary> UploadAsync(string label, Func<IProgress<UploadProgress>?, Task<UploadSummary>> upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        return upload(null);
    }

    /// <summary>Files went up.</summary>
    void Uploaded(UploadReport report) { }

    /// <summary>The pipe finished loading the files.</summary>
    void Loaded(LoadReport report) { }

    /// <summary>The clock moved.</summary>
    void ClockMoved(DateTimeOffset from, DateTimeOffset to) { }

    /// <summary>A night's task run finished (or was skipped).</summary>
    void Night(NightResult night) { }
}
