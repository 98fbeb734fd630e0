using CustomerPipeline.SampleData;

namespace CustomerPipeline.Local;

/// <summary>
/// The reference pipeline end to end on the embedded local default: LocalS3 + LocalSnowflake on a fake clock.
/// Deploys the rendered script, creates the bucket, wires its event notification to the pipe, uploads the
/// day-1 files with the SDK uploader, waits for the pipe, moves the clock past midnight in New York, waits for
/// the task, then does the same with day 2 (SCD1: changed and unchanged customers) and a third night with
/// nothing new (the task is skipped). Program (no arguments) and the sample's test both run it.
/// </summary>
public sealed class CustomerPipelineRun
{
    private readonly LocalRunOptions _options;
    private readonly IPipelineRunObserver _observer;
    private readonly List<string> _problems = [];

    /// <summary>Creates a run.</summary>
    public CustomerPipelineRun(LocalRunOptions? options = null, IPipelineRunObserver? observer = null)
    {
        _options = options ?? new LocalRunOptions();
        _observer = observer ?? new SilentObserver();
    }

    /// <summary>
    /// Runs the whole flow and returns what happened. Steps that do not give the reference result are listed in
    /// <see cref="LocalRunResult.Problems"/>; a step that cannot go on (an emulator or SQL error) throws.
    /// </summary>
    public async Task<LocalRunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        _problems.Clear();
        var ownsFolder = _options.DataFolder is null;
        var folder = _options.DataFolder ?? Directory.CreateTempSubdirectory("snowmedallion-customer-pipeline-").FullName;
        try
        {
            return await RunInAsync(folder, cancellationToken);
        }
        finally
        {
            if (ownsFolder)
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                    // A temporary folder left behind is not worth failing the run for.
                }
            }
        }
    }

    private async Task<LocalRunResult> RunInAsync(string folder, CancellationToken cancellationToken)
    {
        _observer.Stage("Sample data");
        var sample = new CustomerDataGenerator(_options.Seed).CreateSample(DateOnly.FromDateTime(LocalCustomerPipeline.InNewYork(_options.Start).DateTime));
        sample.WriteTo(folder);
        _observer.SampleWritten(folder, sample);

        _observer.Stage("Local S3 and local Snowflake");
        var local = await LocalCustomerPipeline.StartAsync(_options.Start, cancellationToken: cancellationToken);
        await using var localScope = local;
        _observer.Started(local.S3.ServiceUrl, local.Clock.GetUtcNow());

        _observer.Stage("Deploy the reference pipeline (CustomerPipelineDefinition -> SnowflakeSqlRenderer -> DbConnectionExecutor)");
        var statements = await local.DeployAsync(cancellationToken);
        _observer.Deployed(statements);
        var wiring = await local.CreateBucketAndWireAsync(cancellationToken);
        _observer.Info($"Bucket s3://{wiring.Bucket}/{wiring.Prefix} sends s3:ObjectCreated:* to the pipe's channel {wiring.QueueArn} (BucketNotificationWiring).");

        var expected = new ExpectedSilver();
        var day1 = await RunDayAsync(local, "Day 1", "Night 1", sample.Day1, sample.Day1Folder, folder, expected, cancellationToken);

        var (from, to) = local.AdvanceTo(new TimeOnly(9, 0));
        _observer.ClockMoved(from, to);
        var day2 = await RunDayAsync(local, "Day 2", "Night 2", sample.Day2, sample.Day2Folder, folder, expected, cancellationToken);

        var night3 = await RunNightAsync(local, "Night 3", expectedOutcome: null, cancellationToken);
        return new LocalRunResult(folder, sample, statements.Count, wiring.QueueArn, day1, day2, night3, [.. _problems]);
    }

    private async Task<DayResult> RunDayAsync(
        LocalCustomerPipeline local, string label, string nightLabel, IReadOnlyList<SampleFile> files, string dayFolder, string folder,
        ExpectedSilver expected, CancellationToken cancellationToken)
    {
        var stage = local.StageLocation;
        _observer.Stage($"{label}: upload {files.Count} file(s) to {stage.Url}{dayFolder}/ at {LocalCustomerPipeline.InNewYork(local.Clock.GetUtcNow()):yyyy-MM-dd HH:mm} New York");
        var uploader = new SnowMedallion.Ingestion.S3Uploader(local.S3Client);
        var summary = await _observer.UploadAsync(label, progress => uploader.UploadFolderAsync(folder, stage, dayFolder + "/*.csv", progress, cancellationToken));
        var upload = new UploadReport(
            [.. summary.Objects.Select(o => o.Key)], summary.Files, summary.Bytes, summary.Skipped,
            [.. summary.Failures.Select(f => $"{f.Source}: {f.Reason}")], summary.Elapsed);
        _observer.Uploaded(upload);
        foreach (var failure in upload.Failures)
        {
            _problems.Add($"{label}: upload failed: {failure}");
        }

        _observer.Info("Waiting for the pipe (LocalSnowflake.WaitForIdleAsync) ...");
        var history = await local.WaitForFilesAsync([.. files.Select(f => f.Name)], _options.WaitLimit, cancellationToken);
        var load = new LoadReport(
            await local.PipeStatusAsync(cancellationToken), history,
            await local.CountAsync("SELECT COUNT(*) FROM SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_COPY", cancellationToken));
        _observer.Loaded(load);
        foreach (var file in files)
        {
            var row = history.FirstOrDefault(r => LocalCustomerPipeline.SameFile(r.FileName, file.Name));
            if (row is null)
            {
                _problems.Add($"{label}: the pipe did not load {file.Name} within {_options.WaitLimit.TotalSeconds:0} s (pipe status: {load.Status.Json}).");
            }
            else if (!string.Equals(row.Status, "Loaded", StringComparison.OrdinalIgnoreCase) || row.RowCount != file.Rows.Count)
            {
                _problems.Add($"{label}: {file.Name} is {row.Status} with {row.RowCount} of {file.Rows.Count} rows ({row.FirstErrorMessage}).");
            }
        }

        var night = await RunNightAsync(local, nightLabel, expected.Apply(files), cancellationToken, expected);
        return new DayResult(label, upload, load, night);
    }

    private async Task<NightResult> RunNightAsync(LocalCustomerPipeline local, string label, BatchOutcome? expectedOutcome, CancellationToken cancellationToken, ExpectedSilver? expectedSilver = null)
    {
        var finishedBefore = (await local.TaskHistoryAsync(cancellationToken)).Count(r => LocalCustomerPipeline.IsFinished(r.State));
        _observer.Stage($"{label}: the clock moves past midnight in New York{(expectedOutcome is null ? " (nothing new in the stream)" : string.Empty)}");
        var (from, to) = local.AdvanceTo(new TimeOnly(0, 0), TimeSpan.FromMinutes(5));
        _observer.ClockMoved(from, to);

        var history = await local.WaitForTaskRunAsync(finishedBefore, _options.WaitLimit, cancellationToken);
        var finished = history.Where(r => LocalCustomerPipeline.IsFinished(r.State)).ToList();
        var run = finished.Count > finishedBefore ? finished[^1] : null;
        var summary = LocalCustomerPipeline.ParseSummary(run?.ReturnValue);

        var night = new NightResult(
            label, local.Clock.GetUtcNow(), run, history, summary,
            await local.CustomersAsync("SNOWLAKE_DB.SILVER.CUSTOMER", cancellationToken),
            await local.CustomersAsync("SNOWLAKE_DB.GOLD.CUSTOMER_VIEW", cancellationToken),
            await local.RejectsAsync(cancellationToken));
        _observer.Night(night);

        var expectedState = expectedOutcome is null ? "SKIPPED" : "SUCCEEDED";
        if (run is null)
        {
            _problems.Add($"{label}: no finished task run appeared in TASK_HISTORY within {_options.WaitLimit.TotalSeconds:0} s.");
        }
        else if (run.State != expectedState)
        {
            _problems.Add($"{label}: the task run is {run.State}, expected {expectedState}{(run.ErrorMessage is null ? string.Empty : ": " + run.ErrorMessage)}.");
        }
        else if (expectedOutcome is not null && summary != expectedOutcome)
        {
            // The procedure sets its summary as the run's RETURN_VALUE (SYSTEM$SET_RETURN_VALUE); SILVER itself is compared below.
            _problems.Add($"{label}: the procedure reported {summary?.ToString() ?? run.ReturnValue ?? "no summary in RETURN_VALUE"}, expected {expectedOutcome}.");
        }

        if (expectedSilver is not null && run?.State == expectedState)
        {
            var actual = night.Silver
                .Select(c => (Key: (c.FirstName.ToUpperInvariant(), c.LastName.ToUpperInvariant()), c.CompanyName))
                .OrderBy(c => c.Key)
                .ToList();
            var wanted = expectedSilver.Rows.Values
                .Select(r => (Key: (r.Key.FirstName!.ToUpperInvariant(), r.Key.LastName!.ToUpperInvariant()), CompanyName: CustomerRecord.AsLoaded(r.CustomerName)))
                .OrderBy(c => c.Key)
                .ToList();
            if (!actual.SequenceEqual(wanted))
            {
                _problems.Add($"{label}: SILVER.CUSTOMER holds {actual.Count} customers; the SCD1 model of the uploaded files expects {wanted.Count} (keys or company names differ).");
            }
        }

        return night;
    }

    private sealed class SilentObserver : IPipelineRunObserver;
}
