using System.Diagnostics;
using System.Reflection;
using SnowMedallion.Benchmarks.Infrastructure;

// Usage: dotnet run -c Release --project tests/SnowMedallion.Benchmarks -- [--quick] [--filter NAME]
var quick = args.Contains("--quick");
var filterIndex = Array.IndexOf(args, "--filter");
var filter = filterIndex >= 0 && filterIndex + 1 < args.Length ? args[filterIndex + 1] : null;

#if DEBUG
Console.Error.WriteLine("warning: benchmarks built in Debug; run with -c Release for real figures.");
#endif

var benchmarks = typeof(Program).Assembly.GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .Where(b => filter is null || b.Name.Contains(filter, StringComparison.OrdinalIgnoreCase))
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

if (benchmarks.Count == 0)
{
    Console.Error.WriteLine(filter is null ? "No benchmarks found." : $"No benchmark matches '{filter}'.");
    return 1;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };

var failed = 0;
foreach (var benchmark in benchmarks)
{
    var work = Directory.CreateTempSubdirectory($"snowmedallion-bench-{benchmark.Name}-");
    var clock = Stopwatch.StartNew();
    Console.Error.WriteLine($"== {benchmark.Name}{(quick ? " (quick)" : string.Empty)}");
    try
    {
        var results = await benchmark.RunAsync(new BenchmarkContext(quick, work, Console.Error), cancellation.Token);
        foreach (var result in results)
        {
            Console.WriteLine(result);
        }
    }
    catch (Exception ex) when (ex is not OperationCanceledException)
    {
        failed++;
        Console.Error.WriteLine($"{benchmark.Name} failed: {ex}");
    }
    finally
    {
        Console.Error.WriteLine($"   ({clock.Elapsed.TotalSeconds:0.0} s)");
        try { work.Delete(recursive: true); } catch (IOException) { }
    }
}

return failed == 0 ? 0 : 1;

