using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using CustomerPipeline.Local;
using CustomerPipeline.SampleData;
using DuckDB.NET.Data;
using SnowMedallion.Benchmarks.Infrastructure;
using SnowMedallion.Ingestion;
using SnowMedallion.Testing.Snowflake.Streams;

namespace SnowMedallion.Benchmarks.Pipeline;

/// <summary>
/// The reference pipeline at volume: 1,000,000 customer rows in 10 CSV files uploaded to LocalS3 with the SDK
/// uploader, ingested by the pipe (auto-ingest from the bucket notification), merged into SILVER by the nightly
/// task's generated procedure; then 10,000 changed rows merged into the 1,000,000-row SILVER. Next to it, in the
/// same run, raw DuckDB does the same work: read_csv of the same files into a bronze table, then the procedure's
/// statements (count, rejects, unchanged count, de-duplicated MERGE) in one transaction; once with plain VARCHAR
/// columns, and once with the reference tables' COLLATE 'en-ci' as DuckDB's NOCASE, as LocalSnowflake stores them, so
/// that the cost of the collation and the emulator's own cost show apart. An untimed warm-up at a
/// tenth of the size and 40 small nights comes first, each timed stage starts once the JIT is quiet (<see cref="JitSettle"/>), and
/// alternating rounds follow (one with --quick), each with three incremental nights (every night changes the same
/// 10,000 rows again, to a new version). A stage's figure is the median of its rounds (of every night, for the
/// incremental merge); the ingest + merge goal is judged on the median of the rounds' own ratios, because raw and local
/// run within seconds of each other in a round while this VM's speed drifts between rounds.
/// </summary>
internal sealed class CustomerPipelineBenchmark : IBenchmark
{
    private const int Files = 10;
    private const int WarmUpNights = 40;
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 14, 0, 0, TimeSpan.FromHours(-5));
    private static readonly TimeSpan WaitLimit = TimeSpan.FromMinutes(10);

    public string Name => "customer-pipeline";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var rows = context.Size(1_000_000, 100_000);
        var changed = context.Size(10_000, 1_000);
        var log = context.Log;

        var clock = Stopwatch.StartNew();
        var bulk = new BulkCustomerFiles();
        var initialFolder = Path.Combine(context.WorkDirectory.FullName, "initial");
        var initial = bulk.WriteInitial(initialFolder, rows, Files);
        var nights = context.Size(3, 1);
        var changedPaths = Enumerable.Range(1, nights)
            .Select(night => bulk.WriteChanged(ChangedPath(context.WorkDirectory.FullName, night), rows, changed, version: 1 + night))
            .ToList();
        var bytes = initial.Sum(p => new FileInfo(p).Length);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated {rows:N0} rows in {Files} files ({bytes / 1048576.0:0.0} MiB) + {changed:N0} changed rows in {clock.Elapsed.TotalSeconds:0.0} s"));

        // An untimed warm-up at a tenth of the size runs every code path once, so the timed rounds measure the pipeline
        // rather than the JIT compiling it (on 2 cores the tiered compiler competes with DuckDB's two threads).
        if (!context.Quick)
        {
            var warmUp = Path.Combine(context.WorkDirectory.FullName, "warm-up");
            var warmUpFiles = bulk.WriteInitial(Path.Combine(warmUp, "initial"), rows / 10, Files);
            IReadOnlyList<string> warmUpChanged = [bulk.WriteChanged(ChangedPath(warmUp, 1), rows / 10, changed / 10)];
            RawDuckDb(warmUpFiles, warmUpChanged, rows / 10, changed / 10, nocase: false, TextWriter.Null);
            RawDuckDb(warmUpFiles, warmUpChanged, rows / 10, changed / 10, nocase: true, TextWriter.Null);
            await LocalAsync(warmUp, warmUpFiles, warmUpChanged, rows / 10, changed / 10, TextWriter.Null, cancellationToken);
            await WarmUpNightsAsync(Path.Combine(warmUp, "nights"), bulk, log, cancellationToken);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up at {rows / 10:N0} rows and {WarmUpNights} small nights done in {clock.Elapsed.TotalSeconds:0.0} s"));
        }

        // Alternating rounds, medians per stage: one busy moment on a 2-core machine does not decide the figures.
        var rounds = context.Size(5, 1);
        var raws = new List<Timings>();
        var nocases = new List<Timings>();
        var locals = new List<Timings>();
        for (var round = 1; round <= rounds; round++)
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round} of {rounds}"));
            await JitSettle.WaitAsync(cancellationToken);
            raws.Add(RawDuckDb(initial, changedPaths, rows, changed, nocase: false, log));
            nocases.Add(RawDuckDb(initial, changedPaths, rows, changed, nocase: true, log));
            locals.Add(await LocalAsync(context.WorkDirectory.FullName, initial, changedPaths, rows, changed, log, cancellationToken));
        }

        var raw = Timings.Median(raws);
        var nocase = Timings.Median(nocases);
        var local = Timings.Median(locals);

        var rawTotal = raw.Ingest + raw.Merge;
        var localTotal = local.Ingest + local.Merge;
        var pairedTotal = Statistics.Median(raws.Zip(locals, (r, l) => (l.Ingest + l.Merge) / (r.Ingest + r.Merge)));
        var pairedNights = Statistics.Median(nocases.Zip(locals, (n, l) => n.Nights.Zip(l.Nights, (nn, ln) => ln / nn)).SelectMany(r => r));
        var localNights = locals.SelectMany(l => l.Nights).ToList();
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"local incremental nights: {string.Join(", ", localNights.Select(n => n.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)))} s; under 0.5 s: {localNights.Count(n => n < TimeSpan.FromSeconds(0.5))} of {localNights.Count}"));
        return
        [
            new BenchmarkResult("customer-pipeline-upload", local.Upload.TotalSeconds, "s"),
            new BenchmarkResult("customer-pipeline-upload-throughput", bytes / 1048576.0 / local.Upload.TotalSeconds, "MiB/s"),
            new BenchmarkResult("customer-pipeline-raw-duckdb-ingest", raw.Ingest.TotalSeconds, "s"),
            new BenchmarkResult("customer-pipeline-ingest", local.Ingest.TotalSeconds, "s", local.Ingest / raw.Ingest, "raw DuckDB read_csv"),
            new BenchmarkResult("customer-pipeline-raw-duckdb-merge", raw.Merge.TotalSeconds, "s"),
            new BenchmarkResult("customer-pipeline-merge", local.Merge.TotalSeconds, "s", local.Merge / raw.Merge, "raw DuckDB MERGE"),
            new BenchmarkResult("customer-pipeline-ingest-merge", localTotal.TotalSeconds, "s", localTotal / rawTotal, "raw DuckDB read_csv + MERGE, ratio of the medians"),
            new BenchmarkResult("customer-pipeline-ingest-merge-paired", localTotal.TotalSeconds, "s", pairedTotal,
                "raw DuckDB read_csv + MERGE of the same round, median of the rounds' ratios (goal <= 1.3)"),
            new BenchmarkResult("customer-pipeline-raw-duckdb-incremental-merge", raw.Incremental.TotalSeconds, "s"),
            new BenchmarkResult("customer-pipeline-incremental-merge", local.Incremental.TotalSeconds, "s", local.Incremental / raw.Incremental,
                string.Create(CultureInfo.InvariantCulture, $"raw DuckDB MERGE of {changed:N0} into {rows:N0}; median of {localNights.Count} nights (goal < 0.5 s)")),

            // The same statements on NOCASE columns: what DuckDB itself needs for the reference tables' collation.
            new BenchmarkResult("customer-pipeline-raw-duckdb-nocase-merge", nocase.Merge.TotalSeconds, "s"),
            new BenchmarkResult("customer-pipeline-merge-vs-nocase", local.Merge.TotalSeconds, "s", local.Merge / nocase.Merge, "raw DuckDB MERGE on NOCASE columns"),
            new BenchmarkResult("customer-pipeline-raw-duckdb-nocase-incremental-merge", nocase.Incremental.TotalSeconds, "s"),
            new BenchmarkResult("customer-pipeline-incremental-merge-vs-nocase", local.Incremental.TotalSeconds, "s", local.Incremental / nocase.Incremental,
                "raw DuckDB MERGE on NOCASE columns"),
            new BenchmarkResult("customer-pipeline-incremental-merge-vs-nocase-paired", local.Incremental.TotalSeconds, "s", pairedNights,
                "raw DuckDB MERGE on NOCASE columns, median of the ratios of nights of the same round"),
        ];
    }

    /// <summary>
    /// Runs <see cref="WarmUpNights"/> small nights (100 changed rows into 1,000) so that the code of a night is tiered
    /// up before the timed rounds. One night calls much of it only a few times, and .NET recompiles a method at full
    /// optimization after 30 calls: without these nights a third round's night still compiled about 70 methods (30-40 ms
    /// of JIT on a background thread, on 2 cores shared with DuckDB); with them it compiles 0-20 (the log says how many).
    /// </summary>
    private static async Task WarmUpNightsAsync(string work, BulkCustomerFiles bulk, TextWriter log, CancellationToken cancellationToken)
    {
        const int Rows = 1_000;
        const int Changed = 100;
        await using var local = await LocalCustomerPipeline.StartAsync(Start, cancellationToken: cancellationToken);
        await local.DeployAsync(cancellationToken);
        await local.CreateBucketAndWireAsync(cancellationToken);
        var uploader = new S3Uploader(local.S3Client);
        var initial = bulk.WriteInitial(Path.Combine(work, "initial"), Rows, 1);
        Check((await uploader.UploadFolderAsync(work, local.StageLocation, "initial/*.csv", cancellationToken: cancellationToken)).Succeeded, "warm-up upload failed");
        await local.WaitForFilesAsync(["initial/" + Path.GetFileName(initial[0])], WaitLimit, cancellationToken);
        // The first night merges the initial file, so that moving the clock to 09:00 afterwards never crosses midnight
        // (a run started by that move would race the next upload).
        var (_, first, _) = await TimeNightAsync(local, settle: false, cancellationToken);
        Check(first.State == "SUCCEEDED", $"warm-up night 0: {first.State} {first.ErrorMessage}");
        var compiled = JitInfo.GetCompiledMethodCount();
        for (var night = 1; night <= WarmUpNights; night++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"changed-{night:00}.csv");
            var path = bulk.WriteChanged(Path.Combine(work, "changed", name), Rows, Changed);
            local.AdvanceTo(new TimeOnly(9, 0));
            var upload = await uploader.UploadFileAsync(path, local.StageLocation with { Prefix = local.StageLocation.Prefix + "changed/" }, cancellationToken: cancellationToken);
            Check(upload.Succeeded, "warm-up upload of a changed file failed");
            await local.WaitForFilesAsync(["changed/" + name], WaitLimit, cancellationToken);
            var (_, run, _) = await TimeNightAsync(local, settle: false, cancellationToken);
            Check(run.State == "SUCCEEDED", $"warm-up night {night}: {run.State} {run.ErrorMessage}");
        }

        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up nights compiled {JitInfo.GetCompiledMethodCount() - compiled} methods"));
    }

    private static async Task<Timings> LocalAsync(
        string work, IReadOnlyList<string> initial, IReadOnlyList<string> changedPaths, int rows, int changed, TextWriter log, CancellationToken cancellationToken)
    {
        await using var local = await LocalCustomerPipeline.StartAsync(Start, cancellationToken: cancellationToken);
        await local.DeployAsync(cancellationToken);
        await local.CreateBucketAndWireAsync(cancellationToken);
        var uploader = new S3Uploader(local.S3Client);

        // Upload with the pipe paused, so that upload and ingest are timed apart; resuming the pipe loads the queued files.
        await local.ExecuteAsync($"ALTER PIPE {LocalCustomerPipeline.PipeName} SET PIPE_EXECUTION_PAUSED = TRUE", cancellationToken);
        var clock = Stopwatch.StartNew();
        var summary = await uploader.UploadFolderAsync(work, local.StageLocation, "initial/*.csv", cancellationToken: cancellationToken);
        var upload = clock.Elapsed;
        if (!summary.Succeeded || summary.Files != initial.Count)
        {
            throw new InvalidOperationException($"Upload: {summary.Files} of {initial.Count} files, failures: {string.Join("; ", summary.Failures.Select(f => f.Reason))}");
        }

        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"local: upload {upload.TotalSeconds:0.00} s"));

        await JitSettle.WaitAsync(cancellationToken);
        clock.Restart();
        await local.ExecuteAsync($"ALTER PIPE {LocalCustomerPipeline.PipeName} SET PIPE_EXECUTION_PAUSED = FALSE", cancellationToken);
        var names = initial.Select(p => "initial/" + Path.GetFileName(p)).ToList();
        var history = await local.WaitForFilesAsync(names, WaitLimit, cancellationToken);
        var ingest = clock.Elapsed;
        var loaded = history.Where(r => names.Any(n => LocalCustomerPipeline.SameFile(r.FileName, n))).Sum(r => r.RowCount);
        Check(loaded == rows, $"the pipe loaded {loaded:N0} of {rows:N0} rows ({string.Join(", ", history.Select(h => $"{h.FileName} {h.Status} {h.RowCount}"))})");
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"local: ingest {ingest.TotalSeconds:0.00} s"));

        var merge = await TimeNightAsync(local, settle: true, cancellationToken);
        // The run's RETURN_VALUE carries the procedure's own counts: check SILVER itself.
        var silver = await local.CountAsync("SELECT COUNT(*) FROM SNOWLAKE_DB.SILVER.CUSTOMER", cancellationToken);
        Check(merge.Run.State == "SUCCEEDED" && silver == rows, $"night 1: {merge.Run.State}, SILVER holds {silver:N0} of {rows:N0} rows {merge.Run.ErrorMessage}");
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"local: merge {merge.Elapsed.TotalSeconds:0.00} s ({merge.Compiled} methods compiled meanwhile)"));

        var nights = new List<TimeSpan>();
        foreach (var changedPath in changedPaths)
        {
            local.AdvanceTo(new TimeOnly(9, 0));
            // The file's path under the work folder is its key under the stage's prefix ("changed/<night>/...").
            var name = Path.GetRelativePath(work, changedPath).Replace(Path.DirectorySeparatorChar, '/');
            var folder = local.StageLocation with { Prefix = local.StageLocation.Prefix + name[..(name.LastIndexOf('/') + 1)] };
            summary = await uploader.UploadFileAsync(changedPath, folder, cancellationToken: cancellationToken);
            Check(summary.Succeeded, $"upload of {name} failed");
            await local.WaitForFilesAsync([name], WaitLimit, cancellationToken);

            var incremental = await TimeNightAsync(local, settle: true, cancellationToken);
            // A changed row takes every column of its new version, INSERT_DTS included: count the rows of the newest load.
            var updated = await local.CountAsync(
                "SELECT COUNT(*) FROM SNOWLAKE_DB.SILVER.CUSTOMER WHERE INSERT_DTS = (SELECT MAX(INSERT_DTS) FROM SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_COPY)",
                cancellationToken);
            Check(incremental.Run.State == "SUCCEEDED" && updated == changed, $"{name}: {incremental.Run.State}, {updated:N0} of {changed:N0} changed rows updated {incremental.Run.ErrorMessage}");
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"local: incremental merge {incremental.Elapsed.TotalSeconds:0.000} s ({incremental.Compiled} methods compiled meanwhile)"));
            nights.Add(incremental.Elapsed);
        }

        return new Timings(upload, ingest, merge.Elapsed, nights);
    }

    /// <summary>
    /// Moves the clock past midnight in New York and times the task run, from the move to the run's end (LocalSnowflake
    /// idle: the run, its WHEN check and its commit are done); TASK_HISTORY is read afterwards, untimed, to check it.
    /// </summary>
    private static async Task<(TimeSpan Elapsed, TaskRunRow Run, long Compiled)> TimeNightAsync(LocalCustomerPipeline local, bool settle, CancellationToken cancellationToken)
    {
        var before = (await local.TaskHistoryAsync(cancellationToken)).Count(r => LocalCustomerPipeline.IsFinished(r.State));
        if (settle)
        {
            await JitSettle.WaitAsync(cancellationToken);
        }

        var compiled = JitInfo.GetCompiledMethodCount();
        var clock = Stopwatch.StartNew();
        local.AdvanceTo(new TimeOnly(0, 0), TimeSpan.FromMinutes(5));
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            limit.CancelAfter(WaitLimit);
            await local.Snowflake.WaitForIdleAsync(limit.Token);
        }

        var elapsed = clock.Elapsed;
        compiled = JitInfo.GetCompiledMethodCount() - compiled;
        var history = await local.WaitForTaskRunAsync(before, WaitLimit, cancellationToken);
        var finished = history.Where(r => LocalCustomerPipeline.IsFinished(r.State)).ToList();
        Check(finished.Count > before, "no task run finished");
        return (elapsed, finished[^1], compiled);
    }

    /// <param name="nocase">
    /// Declare the text columns the reference pipeline collates with 'en-ci' (BRONZE's eleven CSV columns, every text
    /// column of SILVER) as NOCASE, as LocalSnowflake does: joins, the window and the hash comparison then fold case.
    /// </param>
    private static Timings RawDuckDb(IReadOnlyList<string> initial, IReadOnlyList<string> changedPaths, int rows, int changed, bool nocase, TextWriter log)
    {
        var name = nocase ? "raw DuckDB (NOCASE)" : "raw DuckDB";
        var text = nocase ? "VARCHAR COLLATE NOCASE" : "VARCHAR";
        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        Exec(db, "SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;");
        // LocalSnowflake's database settings (no automatic checkpoint, no vacuum). With DuckDB's default threshold the
        // third night's COMMIT also checkpointed SILVER (0.66-0.71 s against 0.36-0.45 s for the other nights), so the
        // baseline timed work the emulator never does.
        Exec(db, RowIdentity.DatabaseSettingsSql);
        Exec(db, $"""
            CREATE TABLE BRONZE (COMPANYNAME {text}, PHONE {text}, ADDRESSLINE1 {text}, ADDRESSLINE2 {text}, CITY {text}, STATE {text},
              POSTALCODE {text}, COUNTRY {text}, PROVINCE {text}, FIRST_NAME {text}, LAST_NAME {text},
              INSERT_DTS TIMESTAMP NOT NULL, UPDATE_DTS TIMESTAMP NOT NULL, SOURCE_FILE_NAME VARCHAR NOT NULL, SOURCE_FILE_ROW_NUMBER BIGINT NOT NULL, BATCH INTEGER);
            CREATE TABLE SILVER (FIRST_NAME {text} NOT NULL, LAST_NAME {text} NOT NULL, COMPANYNAME {text}, PHONE {text}, ADDRESSLINE1 {text} NOT NULL,
              ADDRESSLINE2 {text}, CITY {text}, STATE {text} NOT NULL, COUNTRY {text} NOT NULL, POSTALCODE {text}, PROVINCE {text},
              TIME_ZONE {text} NOT NULL, SOURCE_SYS_NAME {text} NOT NULL, INSTNC_ST_NM {text} NOT NULL, PROCESS_ID {text} NOT NULL,
              PROCESS_NAME {text} NOT NULL, INSERT_DTS TIMESTAMP NOT NULL, UPDATE_DTS TIMESTAMP NOT NULL, MD5_HASH {text} NOT NULL);
            CREATE TABLE REJECTS (REJECT_REASON VARCHAR, REJECTED_DTS TIMESTAMP, SOURCE_FILE_NAME VARCHAR, SOURCE_FILE_ROW_NUMBER BIGINT,
              FIRST_NAME VARCHAR, LAST_NAME VARCHAR, ADDRESSLINE1 VARCHAR, STATE VARCHAR, COUNTRY VARCHAR);
            """);

        var clock = Stopwatch.StartNew();
        foreach (var path in initial)
        {
            Exec(db, Ingest(path, "initial/" + Path.GetFileName(path), batch: 1));
        }

        var ingest = clock.Elapsed;
        Check(Scalar(db, "SELECT COUNT(*) FROM BRONZE") == rows, "raw ingest row count");
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: ingest {ingest.TotalSeconds:0.00} s"));

        clock.Restart();
        Upsert(db, batch: 1);
        var merge = clock.Elapsed;
        Check(Scalar(db, "SELECT COUNT(*) FROM SILVER") == rows, "raw merge row count");
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: merge {merge.TotalSeconds:0.00} s"));

        var nights = new List<TimeSpan>();
        for (var night = 0; night < changedPaths.Count; night++)
        {
            var batch = 2 + night;
            Exec(db, Ingest(changedPaths[night], "changed/" + Path.GetFileName(changedPaths[night]), batch));
            clock.Restart();
            Upsert(db, batch);
            nights.Add(clock.Elapsed);
            Check(Scalar(db, "SELECT COUNT(*) FROM SILVER") == rows, "raw incremental row count");
            Check(Scalar(db, $"SELECT COUNT(*) FROM SILVER WHERE INSERT_DTS = (SELECT MAX(INSERT_DTS) FROM BRONZE WHERE BATCH = {batch})") == changed, "raw incremental changed rows");
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: incremental merge of {changed:N0} {nights[^1].TotalSeconds:0.000} s"));
        }

        return new Timings(TimeSpan.Zero, ingest, merge, nights);
    }

    private static string Ingest(string path, string name, int batch) =>
        "INSERT INTO BRONZE SELECT c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, now()::TIMESTAMP, now()::TIMESTAMP, "
        + $"'{name}', row_number() OVER (), {batch} FROM read_csv('{path.Replace("'", "''", StringComparison.Ordinal)}', auto_detect = false, header = false, skip = 1, "
        + "delim = ',', quote = '\"', escape = '\"', columns = {'c1': 'VARCHAR', 'c2': 'VARCHAR', 'c3': 'VARCHAR', 'c4': 'VARCHAR', 'c5': 'VARCHAR', "
        + "'c6': 'VARCHAR', 'c7': 'VARCHAR', 'c8': 'VARCHAR', 'c9': 'VARCHAR', 'c10': 'VARCHAR', 'c11': 'VARCHAR'}, "
        + "nullstr = ['NULL', 'null', ''], allow_quoted_nulls = true, strict_mode = true)";

    /// <summary>The generated procedure's statements, in DuckDB's dialect, reading one batch of BRONZE.</summary>
    private static void Upsert(DuckDBConnection db, int batch)
    {
        const string Hash = "md5(COALESCE(CAST(TRIM(COMPANYNAME) AS VARCHAR), '') || COALESCE(CAST(TRIM(PHONE) AS VARCHAR), '') || COALESCE(CAST(TRIM(ADDRESSLINE1) AS VARCHAR), '') || "
            + "COALESCE(CAST(TRIM(ADDRESSLINE2) AS VARCHAR), '') || COALESCE(CAST(TRIM(CITY) AS VARCHAR), '') || COALESCE(CAST(TRIM(STATE) AS VARCHAR), '') || "
            + "COALESCE(CAST(TRIM(COUNTRY) AS VARCHAR), '') || COALESCE(CAST(TRIM(POSTALCODE) AS VARCHAR), '') || COALESCE(CAST(TRIM(PROVINCE) AS VARCHAR), ''))";
        var batchSql = "SELECT FIRST_NAME, LAST_NAME, COMPANYNAME, PHONE, ADDRESSLINE1, ADDRESSLINE2, CITY, STATE, COUNTRY, POSTALCODE, PROVINCE, "
            + $"'EST' AS TIME_ZONE, 'CUSTOMER' AS SOURCE_SYS_NAME, 'STANDARD' AS INSTNC_ST_NM, 'session-1' AS PROCESS_ID, 'WORK_CUSTOMER_SRC_TO_SL_SP' AS PROCESS_NAME, "
            + $"INSERT_DTS, UPDATE_DTS, {Hash} AS MD5_HASH, SOURCE_FILE_NAME AS SM_FILE, SOURCE_FILE_ROW_NUMBER AS SM_ROW "
            + $"FROM BRONZE WHERE BATCH = {batch} AND FIRST_NAME IS NOT NULL AND LAST_NAME IS NOT NULL";
        const string Valid = "ADDRESSLINE1 IS NOT NULL AND STATE IS NOT NULL AND COUNTRY IS NOT NULL";
        var source = $"SELECT * FROM ({batchSql}) WHERE {Valid} QUALIFY row_number() OVER (PARTITION BY FIRST_NAME, LAST_NAME ORDER BY SM_FILE DESC, SM_ROW DESC) = 1";

        Exec(db, "BEGIN TRANSACTION");
        Scalar(db, $"SELECT COUNT(*) FROM BRONZE WHERE BATCH = {batch}");
        Exec(db, $"INSERT INTO REJECTS SELECT 'NULL in NOT NULL column(s)', now(), SM_FILE, SM_ROW, FIRST_NAME, LAST_NAME, ADDRESSLINE1, STATE, COUNTRY FROM ({batchSql}) WHERE NOT ({Valid})");
        Scalar(db, $"SELECT CAST(COALESCE(SUM(CASE WHEN T.MD5_HASH = S.MD5_HASH THEN 1 ELSE 0 END), 0) AS BIGINT) FROM ({source}) AS S JOIN SILVER AS T ON T.FIRST_NAME = S.FIRST_NAME AND T.LAST_NAME = S.LAST_NAME");
        Exec(db, $"""
            MERGE INTO SILVER AS T USING ({source}) AS S ON T.FIRST_NAME = S.FIRST_NAME AND T.LAST_NAME = S.LAST_NAME
            WHEN MATCHED AND T.MD5_HASH = S.MD5_HASH THEN UPDATE SET UPDATE_DTS = S.UPDATE_DTS
            WHEN MATCHED THEN UPDATE SET COMPANYNAME = S.COMPANYNAME, PHONE = S.PHONE, ADDRESSLINE1 = S.ADDRESSLINE1, ADDRESSLINE2 = S.ADDRESSLINE2,
              CITY = S.CITY, STATE = S.STATE, COUNTRY = S.COUNTRY, POSTALCODE = S.POSTALCODE, PROVINCE = S.PROVINCE, TIME_ZONE = S.TIME_ZONE,
              SOURCE_SYS_NAME = S.SOURCE_SYS_NAME, INSTNC_ST_NM = S.INSTNC_ST_NM, PROCESS_ID = S.PROCESS_ID, PROCESS_NAME = S.PROCESS_NAME,
              INSERT_DTS = S.INSERT_DTS, UPDATE_DTS = S.UPDATE_DTS, MD5_HASH = S.MD5_HASH
            WHEN NOT MATCHED THEN INSERT (FIRST_NAME, LAST_NAME, COMPANYNAME, PHONE, ADDRESSLINE1, ADDRESSLINE2, CITY, STATE, COUNTRY, POSTALCODE, PROVINCE,
              TIME_ZONE, SOURCE_SYS_NAME, INSTNC_ST_NM, PROCESS_ID, PROCESS_NAME, INSERT_DTS, UPDATE_DTS, MD5_HASH)
            VALUES (S.FIRST_NAME, S.LAST_NAME, S.COMPANYNAME, S.PHONE, S.ADDRESSLINE1, S.ADDRESSLINE2, S.CITY, S.STATE, S.COUNTRY, S.POSTALCODE, S.PROVINCE,
              S.TIME_ZONE, S.SOURCE_SYS_NAME, S.INSTNC_ST_NM, S.PROCESS_ID, S.PROCESS_NAME, S.INSERT_DTS, S.UPDATE_DTS, S.MD5_HASH)
            """);
        Exec(db, "COMMIT");
    }

    private static void Exec(DuckDBConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(DuckDBConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("customer-pipeline: " + message);
        }
    }

    // Changed file of night n (from 1), in a folder of its own under the work folder: "changed/n/customers-changed.csv".
    private static string ChangedPath(string work, int night) =>
        Path.Combine(work, "changed", night.ToString(CultureInfo.InvariantCulture), "customers-changed.csv");

    /// <summary>One round of one pipeline: a time per stage, and one per incremental night.</summary>
    private sealed record Timings(TimeSpan Upload, TimeSpan Ingest, TimeSpan Merge, IReadOnlyList<TimeSpan> Nights)
    {
        public TimeSpan Incremental => Statistics.Median(Nights);

        // Stage medians over the rounds; the incremental figure is the median of every night of every round.
        public static Timings Median(IReadOnlyList<Timings> rounds) => new(
            Statistics.Median(rounds.Select(r => r.Upload)),
            Statistics.Median(rounds.Select(r => r.Ingest)),
            Statistics.Median(rounds.Select(r => r.Merge)),
            rounds.SelectMany(r => r.Nights).ToList());
    }
}
