using System.Globalization;
using System.Text.Json;
using Amazon.S3;
using CustomerPipeline.SampleData;
using Microsoft.Extensions.Time.Testing;
using SnowMedallion.Execution;
using SnowMedallion.Ingestion;
using SnowMedallion.Model;
using SnowMedallion.Sql;
using SnowMedallion.Testing;

namespace CustomerPipeline.Local;

/// <summary>
/// The reference pipeline on the embedded local default: a LocalS3 and a LocalSnowflake on one fake clock,
/// one session to run SQL, and the reads the sample shows (pipe status, copy history, task history, SILVER,
/// GOLD, rejects). The sample's run, its test, the defect demonstration and the benchmark build on it.
/// </summary>
public sealed class LocalCustomerPipeline : IAsyncDisposable
{
    /// <summary>The pipe's name.</summary>
    public const string PipeName = "SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_SRC_TO_SL_PIPE";

    /// <summary>The task's name.</summary>
    public const string TaskName = "SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_SRC_TO_SL_TASK";

    /// <summary>The stream's name.</summary>
    public const string StreamName = "SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_SRC_TO_SL_STREAM";

    /// <summary>New York, where the task's cron runs.</summary>
    public static TimeZoneInfo NewYork => LocalRunOptions.NewYork;

    private System.Data.Common.DbConnection? _connection;

    private LocalCustomerPipeline(FakeTimeProvider clock, LocalS3 s3, LocalSnowflake snowflake, MedallionPipeline pipeline)
    {
        Clock = clock;
        S3 = s3;
        Snowflake = snowflake;
        Pipeline = pipeline;
        _connection = snowflake.CreateConnection();
        Sql = new DbConnectionExecutor(_connection);
        S3Client = s3.CreateClient();
    }

    /// <summary>The clock both emulators follow.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>The local S3.</summary>
    public LocalS3 S3 { get; }

    /// <summary>The local Snowflake.</summary>
    public LocalSnowflake Snowflake { get; }

    /// <summary>The pipeline (<see cref="CustomerPipelineDefinition.Create"/>).</summary>
    public MedallionPipeline Pipeline { get; }

    /// <summary>One session on the local Snowflake.</summary>
    public DbConnectionExecutor Sql { get; }

    /// <summary>An S3 client of the local S3.</summary>
    public IAmazonS3 S3Client { get; }

    /// <summary>The pipe.</summary>
    public Pipe Pipe => Pipeline.Pipes.Single();

    /// <summary>The stage's S3 location (where files go).</summary>
    public S3Location StageLocation => Pipe.Stage.Url ?? throw new InvalidOperationException($"Stage {Pipe.Stage.QualifiedName} has no URL.");

    /// <summary>Starts both emulators on a fake clock set to <paramref name="start"/>.</summary>
    public static async Task<LocalCustomerPipeline> StartAsync(DateTimeOffset start, MedallionPipeline? pipeline = null, CancellationToken cancellationToken = default)
    {
        var clock = new FakeTimeProvider(start);
        var s3 = await LocalS3.StartAsync(new LocalS3Options { TimeProvider = clock }, cancellationToken);
        try
        {
            var snowflake = await LocalSnowflake.StartAsync(new LocalSnowflakeOptions { TimeProvider = clock, S3 = s3 }, cancellationToken);
            return new LocalCustomerPipeline(clock, s3, snowflake, pipeline ?? CustomerPipelineDefinition.Create());
        }
        catch
        {
            await s3.DisposeAsync();
            throw;
        }
    }

    /// <summary>Renders the deploy script and runs it statement by statement; returns the statements.</summary>
    public async Task<IReadOnlyList<string>> DeployAsync(CancellationToken cancellationToken = default)
    {
        var script = new SnowflakeSqlRenderer().Render(Pipeline);
        foreach (var statement in script.Statements)
        {
            await Sql.ExecuteAsync(new SnowflakeStatement(statement), cancellationToken);
        }

        return script.Statements;
    }

    /// <summary>Creates the stage's bucket and wires its ObjectCreated events to the pipe (SnowMedallion.Ingestion).</summary>
    public async Task<NotificationWiringResult> CreateBucketAndWireAsync(CancellationToken cancellationToken = default)
    {
        await S3Client.PutBucketAsync(StageLocation.Bucket, cancellationToken);
        return await new BucketNotificationWiring(S3Client, Sql).WirePipeAsync(Pipe, cancellationToken);
    }

    /// <summary>Runs one statement in the session.</summary>
    public Task<SnowflakeResult> ExecuteAsync(string sql, CancellationToken cancellationToken = default) =>
        Sql.ExecuteAsync(new SnowflakeStatement(sql), cancellationToken);

    /// <summary>Moves the clock to the next time New York's wall clock shows <paramref name="time"/> (plus <paramref name="after"/>).</summary>
    public (DateTimeOffset From, DateTimeOffset To) AdvanceTo(TimeOnly time, TimeSpan after = default)
    {
        var from = Clock.GetUtcNow();
        var to = NextInNewYork(from, time) + after;
        Clock.Advance(to - from);
        return (from, to);
    }

    /// <summary>
    /// Waits for the emulator to be idle, then reads; again (in real time) until <paramref name="done"/> holds or
    /// <paramref name="limit"/> passes, and returns the last read.
    /// </summary>
    public async Task<T> WaitAsync<T>(Func<CancellationToken, Task<T>> read, Func<T, bool> done, TimeSpan limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(done);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        while (true)
        {
            try
            {
                await Snowflake.WaitForIdleAsync(timeout.Token);
                var value = await read(cancellationToken);
                if (done(value))
                {
                    return value;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return await read(cancellationToken);
            }
        }
    }

    /// <summary>Waits until COPY_HISTORY lists every one of <paramref name="files"/> (names relative to the stage).</summary>
    public Task<IReadOnlyList<CopyHistoryRow>> WaitForFilesAsync(IReadOnlyCollection<string> files, TimeSpan limit, CancellationToken cancellationToken = default) =>
        WaitAsync(CopyHistoryAsync, h => files.All(f => h.Any(r => SameFile(r.FileName, f))), limit, cancellationToken);

    /// <summary>Waits until TASK_HISTORY has more than <paramref name="runsBefore"/> finished runs.</summary>
    public Task<IReadOnlyList<TaskRunRow>> WaitForTaskRunAsync(int runsBefore, TimeSpan limit, CancellationToken cancellationToken = default) =>
        WaitAsync(TaskHistoryAsync, h => h.Count(r => IsFinished(r.State)) > runsBefore, limit, cancellationToken);

    /// <summary>SYSTEM$PIPE_STATUS of the pipe.</summary>
    public async Task<PipeStatus> PipeStatusAsync(CancellationToken cancellationToken = default)
    {
        var result = await ExecuteAsync($"SELECT SYSTEM$PIPE_STATUS('{PipeName}') AS STATUS", cancellationToken);
        var json = Text(result.Rows[0][0]) ?? "{}";
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new PipeStatus(
            root.TryGetProperty("executionState", out var state) ? state.GetString() : null,
            root.TryGetProperty("pendingFileCount", out var pending) && pending.ValueKind == JsonValueKind.Number ? pending.GetInt64() : null,
            root.TryGetProperty("lastIngestedFilePath", out var last) ? last.GetString() : null,
            json);
    }

    /// <summary>COPY_HISTORY of BRONZE.WORK_CUSTOMER_COPY over the last 14 days, oldest first.</summary>
    public async Task<IReadOnlyList<CopyHistoryRow>> CopyHistoryAsync(CancellationToken cancellationToken = default)
    {
        var result = await ExecuteAsync(
            "SELECT FILE_NAME, STATUS, ROW_COUNT, ROW_PARSED, FIRST_ERROR_MESSAGE, PIPE_NAME, LAST_LOAD_TIME "
            + "FROM TABLE(SNOWLAKE_DB.INFORMATION_SCHEMA.COPY_HISTORY(TABLE_NAME => 'SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_COPY', "
            + "START_TIME => DATEADD(DAY, -14, CURRENT_TIMESTAMP()))) ORDER BY LAST_LOAD_TIME, FILE_NAME", cancellationToken);
        return [.. Enumerable.Range(0, result.Rows.Count).Select(i => new CopyHistoryRow(
            result.Text(i, "FILE_NAME") ?? string.Empty,
            result.Text(i, "STATUS"),
            Number(result.Value(i, "ROW_COUNT")) ?? 0,
            Number(result.Value(i, "ROW_PARSED")) ?? 0,
            result.Text(i, "FIRST_ERROR_MESSAGE"),
            result.Text(i, "PIPE_NAME"),
            Text(result.Value(i, "LAST_LOAD_TIME"))))];
    }

    /// <summary>TASK_HISTORY of the task, oldest first.</summary>
    public async Task<IReadOnlyList<TaskRunRow>> TaskHistoryAsync(CancellationToken cancellationToken = default)
    {
        var result = await ExecuteAsync(
            "SELECT NAME, STATE, SCHEDULED_TIME, COMPLETED_TIME, RETURN_VALUE, ERROR_CODE, ERROR_MESSAGE "
            + "FROM TABLE(SNOWLAKE_DB.INFORMATION_SCHEMA.TASK_HISTORY(TASK_NAME => 'WORK_CUSTOMER_SRC_TO_SL_TASK')) ORDER BY SCHEDULED_TIME", cancellationToken);
        return [.. Enumerable.Range(0, result.Rows.Count).Select(i => new TaskRunRow(
            result.Text(i, "NAME") ?? string.Empty,
            result.Text(i, "STATE") ?? string.Empty,
            Text(result.Value(i, "SCHEDULED_TIME")),
            Text(result.Value(i, "COMPLETED_TIME")),
            Text(result.Value(i, "RETURN_VALUE")),
            Text(result.Value(i, "ERROR_CODE")),
            result.Text(i, "ERROR_MESSAGE")))];
    }

    /// <summary>The rows of SILVER.CUSTOMER or GOLD.CUSTOMER_VIEW, by last then first name.</summary>
    public async Task<IReadOnlyList<SilverCustomer>> CustomersAsync(string relation = "SNOWLAKE_DB.SILVER.CUSTOMER", CancellationToken cancellationToken = default)
    {
        var result = await ExecuteAsync(
            "SELECT FIRST_NAME, LAST_NAME, COMPANYNAME, PHONE, ADDRESSLINE1, ADDRESSLINE2, CITY, STATE, COUNTRY, POSTALCODE, PROVINCE, "
            + $"PROCESS_NAME, INSERT_DTS, UPDATE_DTS, MD5_HASH FROM {relation} ORDER BY LAST_NAME, FIRST_NAME", cancellationToken);
        return [.. result.Rows.Select(r => new SilverCustomer(
            Text(r[0]) ?? string.Empty, Text(r[1]) ?? string.Empty, Text(r[2]), Text(r[3]), Text(r[4]), Text(r[5]), Text(r[6]),
            Text(r[7]), Text(r[8]), Text(r[9]), Text(r[10]), Text(r[11]), Timestamp(r[12]), Timestamp(r[13]), Text(r[14])))];
    }

    /// <summary>The rows of SILVER.CUSTOMER_REJECTS.</summary>
    public async Task<IReadOnlyList<RejectRow>> RejectsAsync(CancellationToken cancellationToken = default)
    {
        var result = await ExecuteAsync(
            "SELECT REJECT_REASON, SOURCE_FILE_NAME, SOURCE_FILE_ROW_NUMBER, FIRST_NAME, LAST_NAME, COMPANYNAME "
            + "FROM SNOWLAKE_DB.SILVER.CUSTOMER_REJECTS ORDER BY SOURCE_FILE_NAME, SOURCE_FILE_ROW_NUMBER", cancellationToken);
        return [.. result.Rows.Select(r => new RejectRow(Text(r[0]) ?? string.Empty, Text(r[1]), Number(r[2]), Text(r[3]), Text(r[4]), Text(r[5])))];
    }

    /// <summary>A single number (COUNT(*) and the like).</summary>
    public async Task<long> CountAsync(string sql, CancellationToken cancellationToken = default)
    {
        var result = await ExecuteAsync(sql, cancellationToken);
        return Number(result.Rows[0][0]) ?? 0;
    }

    /// <summary>The next instant after <paramref name="after"/> when New York's wall clock shows <paramref name="time"/>.</summary>
    public static DateTimeOffset NextInNewYork(DateTimeOffset after, TimeOnly time)
    {
        var day = DateOnly.FromDateTime(InNewYork(after).DateTime);
        for (var i = 0; i < 3; i++)
        {
            var wall = day.AddDays(i).ToDateTime(time);
            var candidate = new DateTimeOffset(wall, NewYork.GetUtcOffset(wall));
            if (candidate > after)
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No {time} in New York after {after}.");
    }

    /// <summary>An instant on New York's wall clock.</summary>
    public static DateTimeOffset InNewYork(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, NewYork);

    /// <summary>COPY_HISTORY names a file by its path under the stage; the sample names it relative to the upload folder.</summary>
    public static bool SameFile(string historyName, string sampleName)
    {
        ArgumentNullException.ThrowIfNull(historyName);
        ArgumentNullException.ThrowIfNull(sampleName);
        return historyName.Equals(sampleName, StringComparison.Ordinal) || historyName.EndsWith("/" + sampleName, StringComparison.Ordinal);
    }

    /// <summary>SUCCEEDED, FAILED (or FAILED_AND_AUTO_SUSPENDED), SKIPPED or CANCELLED.</summary>
    public static bool IsFinished(string state) => state is "SUCCEEDED" or "FAILED" or "FAILED_AND_AUTO_SUSPENDED" or "SKIPPED" or "CANCELLED";

    /// <summary>The procedure's JSON summary (a run's RETURN_VALUE), or null.</summary>
    public static BatchOutcome? ParseSummary(string? returnValue) =>
        returnValue is { Length: > 0 } json && json.TrimStart().StartsWith('{')
            ? JsonSerializer.Deserialize<BatchOutcome>(json, SummaryJson)
            : null;

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        S3Client.Dispose();
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }

        await Snowflake.DisposeAsync();
        await S3.DisposeAsync();
    }

    private static readonly JsonSerializerOptions SummaryJson = new() { PropertyNameCaseInsensitive = true };

    private static string? Text(object? value) => value switch
    {
        null or DBNull => null,
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("yyyy-MM-dd HH:mm:ss.ffffff zzz", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static long? Number(object? value) => value is null or DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static DateTime Timestamp(object? value) => value switch
    {
        DateTime d => d,
        DateTimeOffset d => d.UtcDateTime,
        string s => DateTime.Parse(s, CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"Expected a timestamp, got {value ?? "NULL"}."),
    };
}
