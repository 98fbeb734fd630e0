namespace SnowMedallion.Benchmarks.Infrastructure;

/// <summary>
/// One benchmark. Implementations are found by reflection, so adding a benchmark is adding a class:
/// no shared registration file to edit.
/// </summary>
internal interface IBenchmark
{
    /// <summary>Short name used by <c>--filter</c>.</summary>
    string Name { get; }

    /// <summary>Runs the benchmark and returns its measurements (each printed as one line).</summary>
    Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken);
}

/// <summary>What a benchmark run gets: size mode, a scratch folder, a log.</summary>
/// <param name="Quick">True with <c>--quick</c>: smaller inputs, same code paths.</param>
/// <param name="WorkDirectory">A scratch folder the benchmark owns; deleted after the run.</param>
/// <param name="Log">Progress output (standard error), kept apart from the result lines.</param>
internal sealed record BenchmarkContext(bool Quick, DirectoryInfo WorkDirectory, TextWriter Log)
{
    /// <summary>Picks the full or the quick size.</summary>
    public T Size<T>(T full, T quick) => Quick ? quick : full;
}

/// <summary>One measurement: <c>name: value unit (ratio r vs baseline)</c>.</summary>
internal sealed record BenchmarkResult(string Name, double Value, string Unit, double? Ratio = null, string? Baseline = null)
{
    public override string ToString()
    {
        var text = FormattableString.Invariant($"{Name}: {Value:0.###} {Unit}");
        return Ratio is { } r ? text + FormattableString.Invariant($" (ratio {r:0.###} vs {Baseline})") : text;
    }
}
