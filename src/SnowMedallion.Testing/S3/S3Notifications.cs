using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;

namespace SnowMedallion.Testing.S3;

/// <summary>One destination of a bucket's notification configuration (queue, topic or function).</summary>
internal sealed record S3NotificationTarget(
    string Kind,
    string? Id,
    string Arn,
    IReadOnlyList<string> Events,
    string? Prefix,
    string? Suffix)
{
    /// <summary>Whether an event (e.g. ObjectCreated:Put) on a key is selected by this configuration.</summary>
    public bool Matches(string eventName, string key)
    {
        var full = "s3:" + eventName;
        var colon = full.LastIndexOf(':');
        var wildcard = full[..colon] + ":*";
        return Events.Any(e => string.Equals(e, full, StringComparison.Ordinal) || string.Equals(e, wildcard, StringComparison.Ordinal))
            && (Prefix is null || key.StartsWith(Prefix, StringComparison.Ordinal))
            && (Suffix is null || key.EndsWith(Suffix, StringComparison.Ordinal));
    }
}

/// <summary>A bucket's notification configuration as stored by PutBucketNotificationConfiguration.</summary>
internal sealed record S3NotificationConfiguration(IReadOnlyList<S3NotificationTarget> Targets)
{
    private static readonly XNamespace Ns = "http://s3.amazonaws.com/doc/2006-03-01/";

    /// <summary>Parses S3's NotificationConfiguration XML (with or without the S3 namespace).</summary>
    public static S3NotificationConfiguration Parse(XDocument document)
    {
        var root = document.Root;
        if (root is null || root.Name.LocalName != "NotificationConfiguration")
        {
            throw S3ErrorException.MalformedXml();
        }

        var targets = new List<S3NotificationTarget>();
        foreach (var element in root.Elements())
        {
            var (kind, arnElement) = element.Name.LocalName switch
            {
                "QueueConfiguration" => ("Queue", "Queue"),
                "TopicConfiguration" => ("Topic", "Topic"),
                "CloudFunctionConfiguration" => ("CloudFunction", "CloudFunction"),
                _ => (null, null),
            };
            if (kind is null)
            {
                continue; // EventBridgeConfiguration and future kinds are stored, not delivered.
            }

            var arn = Child(element, arnElement!) ?? throw S3ErrorException.InvalidArgument($"A {element.Name.LocalName} needs a {arnElement} ARN.");
            var events = element.Elements().Where(e => e.Name.LocalName == "Event").Select(e => e.Value.Trim()).ToList();
            if (events.Count == 0)
            {
                throw S3ErrorException.InvalidArgument($"The {element.Name.LocalName} for {arn} names no Event: add one such as s3:ObjectCreated:*.");
            }

            string? prefix = null;
            string? suffix = null;
            var rules = element.Descendants().Where(e => e.Name.LocalName == "FilterRule");
            foreach (var rule in rules)
            {
                var name = Child(rule, "Name");
                var value = Child(rule, "Value") ?? string.Empty;
                if (string.Equals(name, "prefix", StringComparison.OrdinalIgnoreCase))
                {
                    prefix = value;
                }
                else if (string.Equals(name, "suffix", StringComparison.OrdinalIgnoreCase))
                {
                    suffix = value;
                }
                else
                {
                    throw S3ErrorException.InvalidArgument($"FilterRule name '{name}' is not valid: use prefix or suffix.");
                }
            }

            targets.Add(new S3NotificationTarget(kind, Child(element, "Id"), arn, events, prefix, suffix));
        }

        return new S3NotificationConfiguration(targets);
    }

    private static string? Child(XElement element, string name) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value.Trim();

    internal static XNamespace Namespace => Ns;
}

/// <summary>
/// Delivers S3 event messages to queue subscribers: in the background, in order per subscription,
/// never blocking the request that created the object.
/// </summary>
internal sealed partial class S3NotificationHub
{
    private readonly Lock _gate = new();
    private readonly List<Subscription> _subscriptions = [];
    private readonly ILogger _logger;
    private readonly string _region;
    private long _sequence;

    public S3NotificationHub(ILogger logger, string region)
    {
        _logger = logger;
        _region = region;
    }

    public IDisposable Subscribe(string queueArn, Func<string, CancellationToken, Task> onMessage)
    {
        var subscription = new Subscription(this, queueArn, onMessage);
        lock (_gate)
        {
            _subscriptions.Add(subscription);
        }

        return subscription;
    }

    /// <summary>Queues the ObjectCreated event of <paramref name="stored"/> for every matching queue subscription.</summary>
    public void Publish(S3NotificationConfiguration? configuration, S3StoredObject stored, string eventName, string sourceIp, string requestId)
    {
        if (configuration is null)
        {
            return;
        }

        List<(Subscription Subscription, string Body)>? deliveries = null;
        lock (_gate)
        {
            if (_subscriptions.Count == 0)
            {
                return;
            }

            var sequencer = (++_sequence).ToString("X16", CultureInfo.InvariantCulture);
            foreach (var target in configuration.Targets)
            {
                if (target.Kind != "Queue" || !target.Matches(eventName, stored.Key))
                {
                    continue;
                }

                string? body = null;
                foreach (var subscription in _subscriptions)
                {
                    if (string.Equals(subscription.QueueArn, target.Arn, StringComparison.Ordinal))
                    {
                        body ??= EventJson(target, stored, eventName, sourceIp, requestId, sequencer);
                        (deliveries ??= []).Add((subscription, body));
                    }
                }
            }

            if (deliveries is not null)
            {
                foreach (var (subscription, body) in deliveries)
                {
                    subscription.Enqueue(body);
                }
            }
        }
    }

    /// <summary>Completes once every message queued before the call has been handled.</summary>
    public Task WhenDeliveredAsync(CancellationToken cancellationToken)
    {
        Task[] tails;
        lock (_gate)
        {
            tails = _subscriptions.Select(s => s.Tail).ToArray();
        }

        return Task.WhenAll(tails).WaitAsync(cancellationToken);
    }

    /// <summary>The S3 event message (event version 2.1) as S3 publishes it to a queue.</summary>
    internal string EventJson(S3NotificationTarget target, S3StoredObject stored, string eventName, string sourceIp, string requestId, string sequencer)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("Records");
            json.WriteStartObject();
            json.WriteString("eventVersion", "2.1");
            json.WriteString("eventSource", "aws:s3");
            json.WriteString("awsRegion", _region);
            json.WriteString("eventTime", stored.LastModified.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("eventName", eventName);
            json.WriteStartObject("userIdentity");
            json.WriteString("principalId", "AWS:LOCALS3");
            json.WriteEndObject();
            json.WriteStartObject("requestParameters");
            json.WriteString("sourceIPAddress", sourceIp);
            json.WriteEndObject();
            json.WriteStartObject("responseElements");
            json.WriteString("x-amz-request-id", requestId);
            json.WriteString("x-amz-id-2", "LocalS3/" + requestId);
            json.WriteEndObject();
            json.WriteStartObject("s3");
            json.WriteString("s3SchemaVersion", "1.0");
            json.WriteString("configurationId", target.Id ?? string.Empty);
            json.WriteStartObject("bucket");
            json.WriteString("name", stored.Bucket);
            json.WriteStartObject("ownerIdentity");
            json.WriteString("principalId", "LOCALS3");
            json.WriteEndObject();
            json.WriteString("arn", "arn:aws:s3:::" + stored.Bucket);
            json.WriteEndObject();
            json.WriteStartObject("object");
            json.WriteString("key", EncodeKey(stored.Key));
            json.WriteNumber("size", stored.Size);
            json.WriteString("eTag", stored.ETag);
            json.WriteString("sequencer", sequencer);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Encodes a key as S3 writes it in event messages: form-style ('+' for space), '/' kept.</summary>
    internal static string EncodeKey(string key)
    {
        var builder = new StringBuilder(key.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '*' or '/')
            {
                builder.Append(c);
            }
            else if (c == ' ')
            {
                builder.Append('+');
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LocalS3: the subscriber of queue {QueueArn} failed to handle an S3 event")]
    private partial void LogDeliveryFailed(Exception exception, string queueArn);

    private sealed class Subscription(S3NotificationHub hub, string queueArn, Func<string, CancellationToken, Task> onMessage) : IDisposable
    {
        private readonly CancellationTokenSource _disposed = new();

        public string QueueArn { get; } = queueArn;

        public Task Tail { get; private set; } = Task.CompletedTask;

        // Called under the hub's lock, so tails chain in publication order.
        public void Enqueue(string body) => Tail = DeliverAfterAsync(Tail, body);

        public void Dispose()
        {
            hub.Remove(this);
            _disposed.Cancel();
        }

        private async Task DeliverAfterAsync(Task previous, string body)
        {
            await previous.ConfigureAwait(false);
            await Task.Yield();
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await onMessage(body, _disposed.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
            {
            }
#pragma warning disable CA1031 // A failing subscriber must not stop later deliveries; it is logged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                hub.LogDeliveryFailed(ex, QueueArn);
            }
        }
    }
}
