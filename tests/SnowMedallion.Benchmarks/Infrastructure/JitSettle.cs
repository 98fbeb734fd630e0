using System.Runtime;

namespace SnowMedallion.Benchmarks.Infrastructure;

/// <summary>
/// Waits for the JIT to go quiet before a timed stage. On a 2-core machine the tiered compiler's background thread
/// recompiling methods that just got hot (after an upload, a load) competes with DuckDB's two threads and adds
/// 100-200 ms of noise to a sub-second stage; a stage should measure the pipeline, not the warm-up before it.
/// </summary>
internal static class JitSettle
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    /// <summary>Returns once no method was compiled for 300 ms (at most 5 s).</summary>
    public static async Task WaitAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Limit;
        var count = JitInfo.GetCompiledMethodCount();
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(Quiet, cancellationToken);
            var now = JitInfo.GetCompiledMethodCount();
            if (now == count)
            {
                return;
            }

            count = now;
        }
    }
}
