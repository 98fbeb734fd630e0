using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SnowMedallion.Testing.Snowflake.Notifications;

/// <summary>What the publisher needs to know about a notification integration (from the catalog).</summary>
/// <param name="Name">The integration's name as stored.</param>
/// <param name="Enabled">Its ENABLED property: a disabled integration publishes nothing.</param>
/// <param name="TopicArn">Its AWS_SNS_TOPIC_ARN.</param>
internal sealed record NotificationTarget(string Name, bool Enabled, string TopicArn);

/// <summary>
/// Publishes Snowflake error notifications: resolves the integration, writes the documented JSON
/// envelope around a payload, and hands the message to the sink (LocalSnowflake's <c>Notifications</c>).
/// </summary>
internal sealed class NotificationPublisher
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly TimeProvider _timeProvider;
    private readonly string _accountName;
    private readonly Func<string, NotificationTarget?> _resolveIntegration;
    private readonly Action<PublishedNotification> _sink;

    /// <summary>Creates the publisher.</summary>
    /// <param name="timeProvider">The clock for <c>timestamp</c> and <see cref="PublishedNotification.PublishedAt"/>.</param>
    /// <param name="accountName">The account name written in <c>accountName</c>.</param>
    /// <param name="resolveIntegration">Looks an integration up by name (as written in ERROR_INTEGRATION); null when it does not exist.</param>
    /// <param name="sink">Receives every published message.</param>
    public NotificationPublisher(
        TimeProvider timeProvider,
        string accountName,
        Func<string, NotificationTarget?> resolveIntegration,
        Action<PublishedNotification> sink)
    {
        _timeProvider = timeProvider;
        _accountName = accountName;
        _resolveIntegration = resolveIntegration;
        _sink = sink;
    }

    /// <summary>
    /// Publishes one message through an integration. Like Snowflake, a missing or disabled integration
    /// publishes nothing (the failure that triggered it is not made worse).
    /// </summary>
    /// <param name="integrationName">The ERROR_INTEGRATION name.</param>
    /// <param name="payload">The message-type-specific payload.</param>
    /// <returns>The message published, or <see langword="null"/> when nothing was published.</returns>
    public PublishedNotification? Publish(string integrationName, NotificationPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var target = _resolveIntegration(integrationName);
        if (target is null || !target.Enabled)
        {
            return null;
        }

        var now = _timeProvider.GetUtcNow();
        var body = BuildBody(payload, Guid.NewGuid(), now, _accountName);
        var message = new PublishedNotification(target.TopicArn, body, now, target.Name);
        _sink(message);
        return message;
    }

    /// <summary>Writes the whole message JSON, envelope first, in Snowflake's field order.</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="messageId">The unique message id.</param>
    /// <param name="timestamp">When the message is sent.</param>
    /// <param name="accountName">The account name.</param>
    /// <returns>The JSON text.</returns>
    internal static string BuildBody(NotificationPayload payload, Guid messageId, DateTimeOffset timestamp, string accountName)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("version", "1.0");
            writer.WriteString("messageId", messageId.ToString("D"));
            writer.WriteString("messageType", payload.MessageType);
            writer.WriteString("timestamp", NotificationPayload.FormatTimestamp(timestamp));
            writer.WriteString("accountName", accountName);
            payload.WriteFields(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
