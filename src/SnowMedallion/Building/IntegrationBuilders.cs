using SnowMedallion.Model;

namespace SnowMedallion.Building;

/// <summary>Declares an S3 storage integration. Immutable: every method returns a new builder.</summary>
public sealed class StorageIntegrationBuilder : ComponentBuilder
{
    private readonly StorageIntegration _model;

    internal StorageIntegrationBuilder(StorageIntegration model) => _model = model;

    /// <summary>Sets <c>ENABLED</c> (default true).</summary>
    /// <param name="enabled">Whether the integration is enabled.</param>
    /// <returns>A new builder.</returns>
    public StorageIntegrationBuilder Enabled(bool enabled = true) => new(_model with { Enabled = enabled });

    /// <summary>Sets <c>STORAGE_BLOCKED_LOCATIONS</c>.</summary>
    /// <param name="locations">Locations stages may not use.</param>
    /// <returns>A new builder.</returns>
    public StorageIntegrationBuilder BlockedLocations(params S3Location[] locations) => new(_model with { BlockedLocations = [.. locations] });

    /// <summary>Sets the comment.</summary>
    /// <param name="comment">The comment.</param>
    /// <returns>A new builder.</returns>
    public StorageIntegrationBuilder Comment(string comment) => new(_model with { Comment = comment });

    internal override PipelineObject Resolve(BuildContext context) => _model;
}

/// <summary>Declares an outbound AWS SNS notification integration. Immutable: every method returns a new builder.</summary>
public sealed class NotificationIntegrationBuilder : ComponentBuilder
{
    private readonly NotificationIntegration _model;

    internal NotificationIntegrationBuilder(NotificationIntegration model) => _model = model;

    /// <summary>Sets <c>ENABLED</c> (default true).</summary>
    /// <param name="enabled">Whether the integration is enabled.</param>
    /// <returns>A new builder.</returns>
    public NotificationIntegrationBuilder Enabled(bool enabled = true) => new(_model with { Enabled = enabled });

    /// <summary>Sets the comment.</summary>
    /// <param name="comment">The comment.</param>
    /// <returns>A new builder.</returns>
    public NotificationIntegrationBuilder Comment(string comment) => new(_model with { Comment = comment });

    internal override PipelineObject Resolve(BuildContext context) => _model;
}
