using System.Diagnostics;
using SnowMedallion.Execution;

namespace SnowMedallion.Benchmarks.Infrastructure;

/// <summary>Cost of materializing a result through <see cref="SnowflakeResult"/>: a floor for every other figure.</summary>
internal sealed class ResultMaterializationBenchmark : IBenchmark
{
    public string Name => "result-materialization";

    public Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var rows = context.Size(1_000_000, 100_000);
        var clock = Stopwatch.StartNew();
        var list = new List<IReadOnlyList<object?>>(rows);
        for (var i = 0; i < rows; i++)
        {
            list.Add(new object?[] { i, "name", null });
        }

        var result = new SnowflakeResult(["ID", "NAME", "NOTE"], list);
        long sum = 0;
        for (var i = 0; i < result.Rows.Count; i++)
        {
            sum += (int)result.Rows[i][0]!;
        }

        clock.Stop();
        GC.KeepAlive(sum);
        return Task.FromResult<IReadOnlyList<BenchmarkResult>>(
            [new BenchmarkResult("result-materialization", rows / clock.Elapsed.TotalSeconds, "rows/s")]);
    }
}
