namespace SnowMedallion.Model;

/// <summary>
/// A storage integration for S3 (<c>TYPE = EXTERNAL_STAGE</c>, <c>STORAGE_PROVIDER = 'S3'</c>): the IAM role
/// Snowflake assumes to read the allowed locations.
/// </summary>
/// <param name="Name">The integration's exact name.</param>
/// <param name="RoleArn">The IAM role ARN (<c>STORAGE_AWS_ROLE_ARN</c>).</param>
/// <param name="AllowedLocations">The locations stages may use (<c>STORAGE_ALLOWED_LOCATIONS</c>).</param>
public sealed record StorageIntegration(string Name, string RoleArn, IReadOnlyList<S3Location> AllowedLocations) : PipelineObject
{
    /// <summary>Whether the integration is enabled (<c>ENABLED</c>); default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Locations stages may not use (<c>STORAGE_BLOCKED_LOCATIONS</c>); empty for none.</summary>
    public IReadOnlyList<S3Location> BlockedLocations { get; init; } = [];

    /// <inheritdoc/>
    public override ObjectName QualifiedName => new(Name);

    /// <inheritdoc/>
    public override ObjectKind Kind => ObjectKind.StorageIntegration;

    /// <inheritdoc/>
    public override IEnumerable<PipelineObject> Dependencies => [];
}

/// <summary>
/// An outbound notification integration to an AWS SNS topic (<c>TYPE = QUEUE</c>, <c>NOTIFICATION_PROVIDER = AWS_SNS</c>,
/// <c>DIRECTION = OUTBOUND</c>), used by pipes and tasks to report errors.
/// </summary>
/// <param name="Name">The integration's exact name.</param>
/// <param name="TopicArn">The SNS topic ARN (<c>AWS_SNS_TOPIC_ARN</c>).</param>
/// <param name="RoleArn">The IAM role ARN Snowflake assumes to publish (<c>AWS_SNS_ROLE_ARN</c>).</param>
public sealed record NotificationIntegration(string Name, string TopicArn, string RoleArn) : PipelineObject
{
    /// <summary>Whether the integration is enabled (<c>ENABLED</c>); default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <inheritdoc/>
    public override ObjectName QualifiedName => new(Name);

    /// <inheritdoc/>
    public override ObjectKind Kind => ObjectKind.NotificationIntegration;

    /// <inheritdoc/>
    public override IEnumerable<PipelineObject> Dependencies => [];
}
