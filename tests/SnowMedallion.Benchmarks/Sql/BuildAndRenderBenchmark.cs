using System.Diagnostics;
using System.Globalization;
using SnowMedallion.Benchmarks.Infrastructure;
using SnowMedallion.Building;
using SnowMedallion.Model;
using SnowMedallion.Sql;
using static SnowMedallion.Model.DataType;

namespace SnowMedallion.Benchmarks.Sql;

/// <summary>
/// Cost of declaring, validating and rendering a wide pipeline: N bronze-to-silver flows (stage, pipe, stream,
/// two tables, reject table, upsert procedure, task, view; 10 objects and 11 statements each).
/// </summary>
internal sealed class BuildAndRenderBenchmark : IBenchmark
{
    public string Name => "build-render";

    public Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var flows = context.Size(500, 50);
        var components = Enumerable.Range(0, flows).SelectMany(Flow).ToArray();

        _ = new SnowflakeSqlRenderer().Render(Medallion.Database("WARMUP").Add(Flow(0).ToArray()).Build());
        var clock = Stopwatch.StartNew();
        var pipeline = Medallion.Database("LAKE").Add(components).Build();
        var built = clock.Elapsed;
        clock.Restart();
        var script = new SnowflakeSqlRenderer().Render(pipeline);
        var rendered = clock.Elapsed;
        context.Log.WriteLine($"{flows} flows: {pipeline.OrderedObjects.Count} objects, {script.Statements.Count} statements, {script.ToString().Length} characters");
        return Task.FromResult<IReadOnlyList<BenchmarkResult>>(
        [
            new BenchmarkResult("build-validate", pipeline.OrderedObjects.Count / built.TotalSeconds, "objects/s"),
            new BenchmarkResult("render", script.Statements.Count / rendered.TotalSeconds, "statements/s"),
        ]);
    }

    private static IEnumerable<ComponentBuilder> Flow(int i)
    {
        var n = i.ToString("D4", CultureInfo.InvariantCulture);
        var location = new S3Location("bucket", $"in/{n}/");
        var raw = Bronze.Table("RAW_" + n).Columns(Varchar(100), "ID", "NAME", "CITY")
            .Column("FILE", Varchar(500), notNull: true).Column("ROW", Number(), notNull: true);
        var stream = Bronze.Stage("STAGE_" + n, location, Medallion.S3StorageIntegration("S3_" + n, "arn:aws:iam::1:role/r", location), Bronze.CsvFormat("CSV_" + n).SkipHeader(1))
            .Pipe("PIPE_" + n, raw, p => p.AutoIngest().Fields("ID", "NAME", "CITY").FileName("FILE").FileRowNumber("ROW"))
            .Stream("STREAM_" + n, appendOnly: true);
        var clean = Silver.Table("CLEAN_" + n).ColumnsLike(raw, "ID", "NAME", "CITY").Column("HASH", Varchar(32)).NotNull("ID", "HASH");
        yield return stream;
        yield return Silver.UpsertProcedure("UPSERT_" + n, stream, clean).Key("ID").Hash("HASH", "NAME", "CITY")
            .Task("TASK_" + n, t => t.Warehouse("WH").Cron("0 0 * * *", "UTC").WhenStreamHasData());
        yield return Gold.View("VIEW_" + n, clean);
    }
}
