namespace SnowMedallion.Testing.Snowflake.Engine.Catalog;

/// <summary>One DESC INTEGRATION property.</summary>
internal sealed record IntegrationProperty(string Name, string Type, string Value, string Default);

/// <summary>A storage or notification integration (account-level).</summary>
/// <param name="Name">Stored name.</param>
/// <param name="CreatedOn">Creation time.</param>
/// <param name="Category">STORAGE or NOTIFICATION.</param>
/// <param name="Type">SHOW INTEGRATIONS' type, e.g. EXTERNAL_STAGE or QUEUE - AWS_SNS.</param>
/// <param name="Enabled">ENABLED.</param>
/// <param name="Comment">COMMENT.</param>
/// <param name="Properties">DESC INTEGRATION rows, in order.</param>
internal sealed record IntegrationEntry(
    string Name,
    DateTimeOffset CreatedOn,
    string Category,
    string Type,
    bool Enabled,
    string? Comment,
    IReadOnlyList<IntegrationProperty> Properties) : IAccountObject
{
    /// <summary>Kind name used in errors.</summary>
    public const string Kind = "Integration";

    /// <summary>A property value, or null.</summary>
    public string? Property(string name) => Properties.FirstOrDefault(p => p.Name == name)?.Value;
}
