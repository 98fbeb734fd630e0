namespace SnowMedallion.Testing;

/// <summary>
/// One message LocalSnowflake published through a notification integration, as Snowflake would have
/// published it to the integration's Amazon SNS topic.
/// </summary>
/// <param name="TopicArn">The integration's <c>AWS_SNS_TOPIC_ARN</c>.</param>
/// <param name="Body">The JSON message exactly as Snowflake publishes it (parse it to read its fields).</param>
/// <param name="PublishedAt">When it was published, from LocalSnowflake's <see cref="TimeProvider"/>.</param>
/// <param name="IntegrationName">The notification integration it went through.</param>
public sealed record PublishedNotification(string TopicArn, string Body, DateTimeOffset PublishedAt, string IntegrationName);
