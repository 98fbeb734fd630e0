using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SnowMedallion.Execution;
using SnowMedallion.Model;
using S3Location = SnowMedallion.Model.S3Location;

namespace SnowMedallion.Ingestion;

/// <summary>The outcome of wiring a bucket's event notifications to a pipe.</summary>
/// <param name="Bucket">The bucket.</param>
/// <param name="Prefix">The key prefix the notifications are filtered on.</param>
/// <param name="QueueArn">The pipe's notification channel (an SQS queue ARN).</param>
/// <param name="ConfigurationId">The Id of the QueueConfiguration that sends the events.</param>
/// <param name="Changed">False when the bucket already sent these events to the queue (nothing was written).</param>
public sealed record NotificationWiringResult(string Bucket, string Prefix, string QueueArn, string ConfigurationId, bool Changed);

/// <summary>
/// Wires an S3 bucket's event notifications to an auto-ingest pipe: reads the pipe's
/// <c>notification_channel</c> with <c>DESC PIPE</c> and merges one QueueConfiguration
/// (<c>s3:ObjectCreated:*</c>, filtered on the stage's prefix) into the bucket's notification
/// configuration - read, merge, write - keeping every other configuration. Running it again changes nothing.
/// </summary>
public sealed partial class BucketNotificationWiring
{
    private const string ObjectCreatedAll = "s3:ObjectCreated:*";
    private readonly IAmazonS3 _s3;
    private readonly ISnowflakeExecutor _executor;
    private readonly ILogger _logger;

    /// <summary>Creates the wiring.</summary>
    /// <param name="s3">The S3 client of the account that owns the bucket.</param>
    /// <param name="executor">Runs <c>DESC PIPE</c> in the Snowflake account.</param>
    /// <param name="logger">Where to log; null logs nothing.</param>
    public BucketNotificationWiring(IAmazonS3 s3, ISnowflakeExecutor executor, ILogger<BucketNotificationWiring>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(executor);
        _s3 = s3;
        _executor = executor;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Wires a deployed pipe: its stage's bucket sends ObjectCreated events under the stage (and pipe path) prefix to the pipe's queue.</summary>
    /// <param name="pipe">The pipe, deployed with <c>AUTO_INGEST = TRUE</c> on an external stage.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>What was wired, and whether anything changed.</returns>
    public Task<NotificationWiringResult> WirePipeAsync(Pipe pipe, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        var stage = UploadDestination.FromStage(pipe.Stage).Location;
        var path = pipe.Path.Trim('/');
        var location = path.Length == 0 ? stage : stage with { Prefix = stage.Prefix + path + (pipe.Path.EndsWith('/') ? "/" : string.Empty) };
        return WireAsync(pipe.QualifiedName.ToSql(), location, cancellationToken);
    }

    /// <summary>Wires a deployed pipe, named in SQL, to the bucket and prefix of its stage.</summary>
    /// <param name="pipeName">The pipe's fully qualified name as SQL, e.g. <c>RAW.BRONZE.CUSTOMER_PIPE</c>.</param>
    /// <param name="location">The stage's S3 location (bucket and prefix).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>What was wired, and whether anything changed.</returns>
    public async Task<NotificationWiringResult> WireAsync(string pipeName, S3Location location, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pipeName);
        ArgumentNullException.ThrowIfNull(location);
        var queueArn = await GetNotificationChannelAsync(pipeName, cancellationToken).ConfigureAwait(false);
        return await EnsureQueueConfigurationAsync(location, queueArn, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a pipe's notification channel (the SQS queue ARN its bucket must notify) with <c>DESC PIPE</c>.</summary>
    /// <param name="pipeName">The pipe's fully qualified name as SQL.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <returns>The queue ARN.</returns>
    /// <exception cref="InvalidOperationException">The pipe has no notification channel (it is not auto-ingest).</exception>
    public async Task<string> GetNotificationChannelAsync(string pipeName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pipeName);
        var result = await _executor.ExecuteAsync(new SnowflakeStatement("DESC PIPE " + pipeName), cancellationToken).ConfigureAwait(false);
        if (result.Rows.Count == 0)
        {
            throw new InvalidOperationException($"DESC PIPE {pipeName} returned no row: deploy the pipe before wiring its bucket.");
        }

        var channel = result.Text(0, "notification_channel");
        if (string.IsNullOrWhiteSpace(channel))
        {
            throw new InvalidOperationException(
                $"Pipe {pipeName} has no notification_channel: only a pipe created with AUTO_INGEST = TRUE on an external stage has one. Recreate the pipe with AUTO_INGEST = TRUE.");
        }

        return channel.Trim();
    }

    /// <summary>
    /// Makes the bucket send <c>s3:ObjectCreated:*</c> events under the location's prefix to a queue: read the
    /// notification configuration, add one QueueConfiguration unless one already covers it, write it back with
    /// every other configuration kept.
    /// </summary>
    /// <param name="location">The bucket and key prefix.</param>
    /// <param name="queueArn">The SQS queue ARN (a pipe's notification channel).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>What was wired, and whether anything changed.</returns>
    /// <exception cref="InvalidOperationException">Another destination already receives ObjectCreated events for overlapping keys (S3 rejects overlaps).</exception>
    public async Task<NotificationWiringResult> EnsureQueueConfigurationAsync(S3Location location, string queueArn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentException.ThrowIfNullOrEmpty(queueArn);
        var id = ConfigurationId(queueArn, location.Prefix);
        var current = await _s3.GetBucketNotificationAsync(new GetBucketNotificationRequest { BucketName = location.Bucket }, cancellationToken).ConfigureAwait(false);
        var queues = current.QueueConfigurations ?? [];

        var covering = queues.FirstOrDefault(q => string.Equals(q.Queue, queueArn, StringComparison.Ordinal) && Covers(q, location.Prefix));
        if (covering is not null)
        {
            LogAlreadyWired(location.Bucket, location.Prefix, queueArn);
            return new NotificationWiringResult(location.Bucket, location.Prefix, queueArn, covering.Id ?? id, Changed: false);
        }

        var overlapping = queues.Where(q => !string.Equals(q.Queue, queueArn, StringComparison.Ordinal) && q.Id != id && ReceivesObjectCreated(q.Events) && Overlaps(Prefix(q.Filter), location.Prefix))
            .Select(q => $"queue {q.Queue} (configuration '{q.Id}', prefix '{Prefix(q.Filter)}')")
            .Concat((current.TopicConfigurations ?? []).Where(t => ReceivesObjectCreated(t.Events) && Overlaps(Prefix(t.Filter), location.Prefix)).Select(t => $"topic {t.Topic} (configuration '{t.Id}')"))
            .Concat((current.LambdaFunctionConfigurations ?? []).Where(l => ReceivesObjectCreated(l.Events) && Overlaps(Prefix(l.Filter), location.Prefix)).Select(l => $"function {l.FunctionArn} (configuration '{l.Id}')"))
            .ToList();
        if (overlapping.Count > 0)
        {
            throw new InvalidOperationException(
                $"Bucket {location.Bucket} already sends ObjectCreated events for keys overlapping '{location.Prefix}' to {string.Join("; ", overlapping)}. "
                + "S3 rejects overlapping configurations for the same event type: remove that configuration, narrow its prefix, or give the stage another prefix.");
        }

        var merged = queues.Where(q => q.Id != id).ToList();
        merged.Add(new QueueConfiguration
        {
            Id = id,
            Queue = queueArn,
            Events = [EventType.ObjectCreatedAll],
            Filter = location.Prefix.Length == 0 ? null : new Filter { S3KeyFilter = new S3KeyFilter { FilterRules = [new FilterRule("Prefix", location.Prefix)] } },
        });
        var put = new PutBucketNotificationRequest
        {
            BucketName = location.Bucket,
            QueueConfigurations = merged,
            TopicConfigurations = current.TopicConfigurations ?? [],
            LambdaFunctionConfigurations = current.LambdaFunctionConfigurations ?? [],
        };
        if (current.EventBridgeConfiguration is not null)
        {
            put.EventBridgeConfiguration = current.EventBridgeConfiguration;
        }

        await _s3.PutBucketNotificationAsync(put, cancellationToken).ConfigureAwait(false);
        LogWired(location.Bucket, location.Prefix, queueArn);
        return new NotificationWiringResult(location.Bucket, location.Prefix, queueArn, id, Changed: true);
    }

    /// <summary>A stable Id for the configuration of one queue and prefix, so a re-run finds and replaces its own entry.</summary>
    internal static string ConfigurationId(string queueArn, string prefix)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(queueArn + "\n" + prefix)))[..12];
        return string.Create(CultureInfo.InvariantCulture, $"snowmedallion-{hash}");
    }

    private static bool Covers(QueueConfiguration queue, string prefix) =>
        ReceivesObjectCreated(queue.Events)
        && prefix.StartsWith(Prefix(queue.Filter), StringComparison.Ordinal)
        && string.IsNullOrEmpty(Suffix(queue.Filter));

    private static bool ReceivesObjectCreated(IEnumerable<EventType>? events) =>
        (events ?? []).Any(e => e.Value is { } v && v.StartsWith("s3:ObjectCreated:", StringComparison.Ordinal) || e.Value == ObjectCreatedAll);

    private static bool Overlaps(string a, string b) =>
        a.StartsWith(b, StringComparison.Ordinal) || b.StartsWith(a, StringComparison.Ordinal);

    private static string Prefix(Filter? filter) => Rule(filter, "prefix") ?? string.Empty;

    private static string? Suffix(Filter? filter) => Rule(filter, "suffix");

    private static string? Rule(Filter? filter, string name) =>
        (filter?.S3KeyFilter?.FilterRules ?? []).FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;

    [LoggerMessage(Level = LogLevel.Information, Message = "Bucket {Bucket} now sends ObjectCreated events under '{Prefix}' to {QueueArn}")]
    private partial void LogWired(string bucket, string prefix, string queueArn);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Bucket {Bucket} already sends ObjectCreated events under '{Prefix}' to {QueueArn}; nothing to change")]
    private partial void LogAlreadyWired(string bucket, string prefix, string queueArn);
}
