using System.Runtime.CompilerServices;
using SnowMedallion.Testing.Snowflake.Copy;
using SnowMedallion.Testing.Snowflake.Engine;
using SnowMedallion.Testing.Snowflake.Engine.Catalog;
using SnowMedallion.Testing.Snowflake.Engine.Parsing;
using SnowMedallion.Testing.Snowflake.FileFormats;
using SnowMedallion.Testing.Snowflake.Notifications;
using SnowMedallion.Testing.Snowflake.Stages;

namespace SnowMedallion.Testing.Snowflake.Pipes;

/// <summary>
/// Snowpipe for one LocalSnowflake: receives S3 event notifications on the account's notification
/// channel, queues the announced files on the pipes whose stage and path they fall under, and loads them
/// in the background through the engine's COPY service (ON_ERROR default SKIP_FILE), one pipe at a time per
/// pipe, registered with the engine's background work so <c>WaitForIdleAsync</c> waits for them.
/// </summary>
/// <remarks>
/// https://docs.snowflake.com/en/user-guide/data-load-snowpipe-intro ,
/// https://docs.snowflake.com/en/user-guide/data-load-snowpipe-auto-s3 ,
/// https://docs.snowflake.com/en/sql-reference/sql/alter-pipe (REFRESH: files staged in the last 7 days).
/// </remarks>
internal sealed class PipeService
{
    /// <summary>How long a pipe remembers the files it loaded.</summary>
    public static readonly TimeSpan LoadHistoryRetention = TimeSpan.FromDays(14);

    /// <summary>How far back ALTER PIPE REFRESH looks.</summary>
    public static readonly TimeSpan RefreshWindow = TimeSpan.FromDays(7);

    private static readonly ConditionalWeakTable<SnowflakeEngine, PipeService> Services = [];

    private readonly SnowflakeEngine _engine;
    private readonly Lock _gate = new();
    private IDisposable? _subscription;

    private PipeService(SnowflakeEngine engine) => _engine = engine;

    /// <summary>
    /// Subscribes a handler to a queue ARN (LocalS3's <c>SubscribeQueue</c>); null when this LocalSnowflake has no
    /// LocalS3, in which case auto-ingest pipes only load through ALTER PIPE REFRESH.
    /// </summary>
    public Func<string, Func<string, CancellationToken, Task>, IDisposable>? SubscribeQueue { get; set; }

    /// <summary>The AWS region of the notification channel.</summary>
    public string Region { get; set; } = "us-west-2";

    /// <summary>The account's notification channel (one SQS queue for every auto-ingest pipe).</summary>
    public string Channel => NotificationChannel.Arn(_engine.AccountName, Region);

    private SchemaObjectStore<PipeDefinition> Pipes => _engine.Catalog.Objects<PipeDefinition>(PipeDefinition.Kind);

    /// <summary>The service of an engine (created on first use).</summary>
    public static PipeService For(SnowflakeEngine engine) => Services.GetValue(engine, e => new PipeService(e)
    {
        SubscribeQueue = e.Options.S3 is { } s3 ? s3.SubscribeQueue : null,
        Region = e.Options.S3?.Region ?? "us-west-2",
    });

    /// <summary>Called after CREATE PIPE: subscribes the channel once the first auto-ingest pipe exists.</summary>
    public void Created(PipeDefinition pipe)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        if (!pipe.AutoIngest || SubscribeQueue is null)
        {
            return;
        }

        lock (_gate)
        {
            _subscription ??= SubscribeQueue(Channel, OnMessageAsync);
        }
    }

    /// <summary>Called when a pipe is dropped or replaced: its queue is dropped, nothing more is loaded.</summary>
    public static void Retired(PipeDefinition pipe)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        lock (pipe.Runtime.Gate)
        {
            pipe.Runtime.Retired = true;
            pipe.Runtime.Queue.Clear();
        }
    }

    /// <summary>Handles one message of the notification channel (S3 event JSON).</summary>
    public Task OnMessageAsync(string body, CancellationToken cancellationToken)
    {
        try
        {
            Receive(body);
        }
        catch (ObjectDisposedException)
        {
            // The LocalSnowflake was disposed while LocalS3 still delivers: nothing to load into.
        }

        return Task.CompletedTask;
    }

    private void Receive(string body)
    {
        var now = _engine.Time.GetUtcNow();
        IReadOnlyList<S3ObjectCreated> created;
        try
        {
            created = S3EventNotification.Parse(body);
        }
        catch (FormatException)
        {
            return;
        }

        foreach (var pipe in Pipes.List().Where(p => p.AutoIngest && p.NotificationChannel == Channel && p.StageUrl is not null))
        {
            var runtime = pipe.Runtime;
            lock (runtime.Gate)
            {
                runtime.LastReceivedMessageTimestamp = now;
                runtime.LastPulledFromChannelTimestamp = now;
            }

            foreach (var file in created)
            {
                if (RelativeToStage(pipe, file) is not { } relative || !IsPipeFile(pipe, relative))
                {
                    continue;
                }

                lock (runtime.Gate)
                {
                    runtime.LastForwardedMessageTimestamp = now;
                    runtime.LastForwardedFilePath = file.Bucket + "/" + file.Key;
                    if (!runtime.Retired)
                    {
                        runtime.Queue.Enqueue(new PendingFile(relative, file.Size, now));
                    }
                }
            }

            Kick(pipe);
        }
    }

    /// <summary>ALTER PIPE REFRESH: queues the stage's files of the last 7 days that the pipe has not loaded.</summary>
    public IReadOnlyList<PendingFile> Refresh(PipeDefinition pipe, string? prefix, DateTimeOffset? modifiedAfter)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        var now = _engine.Time.GetUtcNow();
        var since = now - RefreshWindow;
        if (modifiedAfter is { } after && after > since)
        {
            since = after;
        }

        var location = StageLocation.ForStage(_engine, Stage(pipe) ?? throw StageDropped(pipe), pipe.SourcePath + (prefix ?? string.Empty));
        var queued = new List<PendingFile>();
        foreach (var file in location.ListFiles().Where(f => !f.RelativePath.EndsWith('/') && f.LastModified >= since && IsPipeFile(pipe, f.RelativePath)))
        {
            // "This statement checks the load history of both the target table and the pipe to ensure the same files are not
            // loaded twice" (https://docs.snowflake.com/en/user-guide/data-load-snowpipe-manage , Loading historic data).
            if (HasLoaded(pipe, file.RelativePath, now) ||
                _engine.LoadHistory.WasLoaded(pipe.Table, location.Display, file.RelativePath, file.Md5, pipe: null))
            {
                continue;
            }

            var pending = new PendingFile(file.RelativePath, file.Size, now);
            lock (pipe.Runtime.Gate)
            {
                if (pipe.Runtime.Queue.Enqueue(pending))
                {
                    queued.Add(pending);
                }
            }
        }

        Kick(pipe);
        return queued;
    }

    /// <summary>ALTER PIPE SET PIPE_EXECUTION_PAUSED.</summary>
    public void SetPaused(PipeDefinition pipe, bool paused)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        lock (pipe.Runtime.Gate)
        {
            pipe.Runtime.Paused = paused;
        }

        if (!paused)
        {
            Kick(pipe);
        }
    }

    /// <summary>The pipe's execution state: STOPPED_* when an object it needs is gone, else PAUSED or RUNNING.</summary>
    public string ExecutionState(PipeDefinition pipe)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        if (pipe.Stage is not null && Stage(pipe) is null)
        {
            return "STOPPED_STAGE_DROPPED";
        }

        if (pipe.FileFormat is { } format && _engine.Catalog.Objects<FileFormatEntry>(FileFormatEntry.Kind).Find(format) is null)
        {
            return "STOPPED_FILE_FORMAT_DROPPED";
        }

        if (!TableExists(pipe.Table))
        {
            return "STOPPED_MISSING_TABLE";
        }

        lock (pipe.Runtime.Gate)
        {
            return pipe.Runtime.Paused ? "PAUSED" : "RUNNING";
        }
    }

    /// <summary>SYSTEM$PIPE_STATUS's JSON.</summary>
    public string StatusJson(PipeDefinition pipe)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        var state = ExecutionState(pipe);
        var runtime = pipe.Runtime;
        lock (runtime.Gate)
        {
            return PipeStatusJson.Write(new PipeStatusSnapshot
            {
                ExecutionState = state,
                PendingFileCount = runtime.Queue.Count,
                OldestPending = runtime.Queue.Oldest,
                NotificationChannelName = pipe.NotificationChannel,
                NumOutstandingMessagesOnChannel = runtime.OutstandingMessages,
                LastIngestedTimestamp = runtime.LastIngestedTimestamp,
                LastIngestedFilePath = runtime.LastIngestedFilePath,
                LastReceivedMessageTimestamp = runtime.LastReceivedMessageTimestamp,
                LastForwardedMessageTimestamp = runtime.LastForwardedMessageTimestamp,
                LastForwardedFilePath = runtime.LastForwardedFilePath,
                LastPulledFromChannelTimestamp = runtime.LastPulledFromChannelTimestamp,
                LastPipeErrorTimestamp = runtime.LastPipeErrorTimestamp,
                Error = runtime.Error,
            });
        }
    }

    /// <summary>True when the pipe loaded the file (by path, whatever its content now) since it was created, within 14 days.</summary>
    public bool HasLoaded(PipeDefinition pipe, string fileName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        var key = pipe.Path.ToString();
        return _engine.LoadHistory.ForTable(pipe.Table).Any(r =>
            r.Pipe == key && r.CountsAsLoaded && r.FileName == fileName && r.LastLoadTime >= pipe.CreatedOn && r.LastLoadTime > now - LoadHistoryRetention);
    }

    private static LocalSnowflakeException StageDropped(PipeDefinition pipe) =>
        new(91016, "XX000", $"Pipe {pipe.Path} cannot load: its stage {pipe.Stage} was dropped or replaced (STOPPED_STAGE_DROPPED). Recreate the pipe.");

    private static string? RelativeToStage(PipeDefinition pipe, S3ObjectCreated file)
    {
        var url = pipe.StageUrl!;
        var prefix = "s3://" + file.Bucket + "/";
        if (!url.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var stagePrefix = url[prefix.Length..];
        if (stagePrefix.Length > 0 && !stagePrefix.EndsWith('/'))
        {
            stagePrefix += "/";
        }

        return file.Key.StartsWith(stagePrefix, StringComparison.Ordinal) && file.Key.Length > stagePrefix.Length
            ? file.Key[stagePrefix.Length..]
            : null;
    }

    private static bool IsPipeFile(PipeDefinition pipe, string relative) =>
        relative.StartsWith(pipe.SourcePath, StringComparison.Ordinal) &&
        (pipe.Pattern is null || System.Text.RegularExpressions.Regex.IsMatch(
            relative, "^(?:" + pipe.Pattern + ")$", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));

    private StageEntry? Stage(PipeDefinition pipe) =>
        pipe.Stage is { } path && _engine.Catalog.Objects<StageEntry>(StageEntry.Kind).Find(path) is { } stage && stage.Generation == pipe.StageGeneration
            ? stage
            : null;

    private bool TableExists(ObjectPath table)
    {
        var result = _engine.QueryOnRoot(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = " + Literal(table.Database) + " AND schema_name = " +
            Literal(table.Schema) + " AND table_name = " + Literal(table.Name));
        return Convert.ToInt64(result.Rows[0][0], System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private void Kick(PipeDefinition pipe)
    {
        var runtime = pipe.Runtime;
        lock (runtime.Gate)
        {
            if (runtime.Draining || runtime.Retired || runtime.Paused || runtime.Queue.Count == 0)
            {
                return;
            }

            runtime.Draining = true;
        }

        _engine.Work.Track(Task.Run(() => Drain(pipe)));
    }

    private void Drain(PipeDefinition pipe)
    {
        var runtime = pipe.Runtime;
        while (true)
        {
            var batch = new List<PendingFile>();
            lock (runtime.Gate)
            {
                if (runtime.Retired || runtime.Paused || ExecutionStateUnlocked(pipe) != "RUNNING")
                {
                    runtime.Draining = false;
                    return;
                }

                while (runtime.Queue.TryDequeue(out var file))
                {
                    batch.Add(file);
                }

                if (batch.Count == 0)
                {
                    runtime.Draining = false;
                    return;
                }
            }

            try
            {
                Load(pipe, batch);
            }
            catch (Exception ex) when (ex is LocalSnowflakeException or DuckDB.NET.Data.DuckDBException or IOException)
            {
                lock (runtime.Gate)
                {
                    runtime.LastPipeErrorTimestamp = _engine.Time.GetUtcNow();
                    runtime.Error = ex.Message;
                    foreach (var file in batch)
                    {
                        runtime.Queue.Enqueue(file);
                    }

                    runtime.Draining = false;
                }

                return;
            }
        }
    }

    private string ExecutionStateUnlocked(PipeDefinition pipe) =>
        pipe.Stage is not null && Stage(pipe) is null ? "STOPPED_STAGE_DROPPED"
        : pipe.FileFormat is { } format && _engine.Catalog.Objects<FileFormatEntry>(FileFormatEntry.Kind).Find(format) is null ? "STOPPED_FILE_FORMAT_DROPPED"
        : !TableExists(pipe.Table) ? "STOPPED_MISSING_TABLE"
        : "RUNNING";

    private void Load(PipeDefinition pipe, IReadOnlyList<PendingFile> batch)
    {
        var now = _engine.Time.GetUtcNow();
        var files = batch.Where(f => !HasLoaded(pipe, f.FileName, now)).Select(f => f.FileName).Distinct().ToList();
        if (files.Count == 0)
        {
            return;
        }

        using var session = _engine.OpenSession();
        session.Use(pipe.Path.Database, pipe.Path.Schema);
        var statement = new StatementContext(session, pipe.Definition, EngineTokens.Tokenize(pipe.Definition));
        // The files were de-duplicated above against this pipe's own 14-day load history (HasLoaded: since the pipe was
        // created); the COPY's load metadata is keyed on the pipe's name and would also count loads of a dropped or
        // replaced pipe of the same name, whose history Snowflake drops with it. Hence FORCE here.
        var receivedAt = batch.GroupBy(f => f.FileName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Min(f => f.ReceivedAt), StringComparer.Ordinal);
        var request = CopyStatementParser.Parse(statement, pipe.Path.ToString(), OnErrorMode.SkipFile) with
        {
            Files = files,
            Force = true,
            PipeReceivedAt = receivedAt,
        };
        var results = _engine.Copy.Execute(session, request);
        var finished = _engine.Time.GetUtcNow();
        var records = _engine.LoadHistory.ForTable(pipe.Table).Where(r => r.Pipe == pipe.Path.ToString() && r.LastLoadTime >= now).ToList();
        var failed = records.Where(r => r.Status == "LOAD_FAILED" && files.Contains(r.FileName)).ToList();
        var loaded = records.Where(r => r.CountsAsLoaded && files.Contains(r.FileName)).ToList();
        lock (pipe.Runtime.Gate)
        {
            if (loaded.Count > 0)
            {
                pipe.Runtime.LastIngestedTimestamp = finished;
                pipe.Runtime.LastIngestedFilePath = loaded[^1].FileName;
            }

            if (failed.Count > 0)
            {
                pipe.Runtime.LastPipeErrorTimestamp = finished;
                pipe.Runtime.Error = failed[^1].FirstError;
            }
        }

        _ = results;
        // ALTER PIPE SET / UNSET ERROR_INTEGRATION replaces the definition (sharing this runtime) while a drain may hold the old one.
        var current = Pipes.Find(pipe.Path) is { } latest && ReferenceEquals(latest.Runtime, pipe.Runtime) ? latest : pipe;
        if (failed.Count > 0 && current.ErrorIntegration is { } integration && request.OnError.Kind == OnErrorKind.SkipFile)
        {
            Publisher().Publish(integration, new IngestFailedFilePayload(
                pipe.Path.ToString(),
                pipe.Table.ToString(),
                // The documented sample: "stageLocation":"s3://mybucket/mypath" and "fileName":"/file1.csv_0_0_0.csv.gz".
                pipe.StageLocation.TrimEnd('/'),
                [.. failed.Select(r => new IngestFailedFileMessage("/" + r.FileName, r.FirstError ?? "Load failed"))]));
        }
    }

    private NotificationPublisher Publisher() => new(
        _engine.Time,
        _engine.AccountName,
        name =>
        {
            var parts = Streams.StreamHooks.SplitName(name);
            var entry = parts.Count == 1 ? _engine.Catalog.Account<IntegrationEntry>(IntegrationEntry.Kind).Find(parts[0]) : null;
            return entry?.Property("AWS_SNS_TOPIC_ARN") is { } topic ? new NotificationTarget(entry.Name, entry.Enabled, topic) : null;
        },
        _engine.Publish);
}
