using Spectre.Console;

namespace CustomerPipeline.Local;

/// <summary>The no-argument command: runs the reference pipeline locally and prints what happened.</summary>
public static class LocalRunCommand
{
    /// <summary>Runs; 0 when every step did what the reference pipeline should, 1 otherwise (with the reason printed).</summary>
    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var report = new ConsoleReport();
        try
        {
            var result = await new CustomerPipelineRun(new LocalRunOptions(), report).RunAsync(cancellationToken);
            report.Result(result);
            return result.Succeeded ? 0 : 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            report.Console.MarkupLine("[yellow]Cancelled.[/]");
            return 130;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            report.Error(ex);
            return 1;
        }
    }
}
