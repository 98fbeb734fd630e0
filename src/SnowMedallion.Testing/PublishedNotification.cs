namespace SnowMedallion.Testing;

/// <summary>A message LocalSnowflake published through a notification integration (what SNS would deliver).</summary>
/// <param name="TopicArn">The SNS topic ARN of the integration.</param>
/// <param name="Body">The JSON message exactly as Snowflake would publish it.</param>
/// <param name="PublishedAt">When it was published (from the emulator's <see cref="TimeProvider"/>).</param>
/// <param name="IntegrationName">The notification integration that published it.</param>
public sealed record PublishedNotification(string TopicArn, string Body, DateTimeOffset PublishedAt, string IntegrationName);
