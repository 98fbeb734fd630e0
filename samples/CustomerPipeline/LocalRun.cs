namespace CustomerPipeline;

/// <summary>The no-argument command: runs the whole reference pipeline locally (LocalS3 + LocalSnowflake).</summary>
public static class LocalRun
{
    /// <summary>Runs the pipeline end to end on the embedded local default.</summary>
    public static Task<int> RunLocalAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Console.Error.WriteLine("The local end-to-end run is not yet available; try: dotnet run --project samples/CustomerPipeline -- script");
        return Task.FromResult(2);
    }
}
