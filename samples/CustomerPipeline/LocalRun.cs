using CustomerPipeline.Local;

namespace CustomerPipeline;

/// <summary>The no-argument command: runs the whole reference pipeline locally (LocalS3 + LocalSnowflake).</summary>
public static class LocalRun
{
    /// <summary>Runs the pipeline end to end on the embedded local default and prints what happened.</summary>
    public static Task<int> RunLocalAsync(CancellationToken cancellationToken) => LocalRunCommand.RunAsync(cancellationToken);
}
