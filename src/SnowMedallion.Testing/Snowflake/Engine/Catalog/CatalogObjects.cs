namespace SnowMedallion.Testing.Snowflake.Engine.Catalog;

/// <summary>An object that lives in a schema and that DuckDB knows nothing about (stage, file format, pipe...).</summary>
/// <remarks>
/// Extension point: a feature adds its own kind as a record implementing this interface and keeps
/// instances in <see cref="SnowflakeCatalog.Objects{T}"/>; dropping a schema or database drops them too.
/// </remarks>
internal interface ISchemaObject
{
    /// <summary>Where the object lives.</summary>
    ObjectPath Path { get; }

    /// <summary>When it was created.</summary>
    DateTimeOffset CreatedOn { get; }
}

/// <summary>An account-level object (integration, user...).</summary>
internal interface IAccountObject
{
    /// <summary>The stored name.</summary>
    string Name { get; }

    /// <summary>When it was created.</summary>
    DateTimeOffset CreatedOn { get; }
}

/// <summary>A Snowflake database (a DuckDB catalog of the same name).</summary>
internal sealed record DatabaseEntry(
    string Name, DateTimeOffset CreatedOn, string? Comment, bool Transient, int? DataRetentionDays = null, int? MaxDataExtensionDays = null,
    string? DefaultDdlCollation = null);

/// <summary>A schema (a DuckDB schema of the same name).</summary>
internal sealed record SchemaEntry(
    string Database, string Name, DateTimeOffset CreatedOn, string? Comment, bool Transient, int? DataRetentionDays = null, int? MaxDataExtensionDays = null,
    string? DefaultDdlCollation = null);

/// <summary>One recorded grant (not enforced).</summary>
internal sealed record GrantEntry(
    DateTimeOffset CreatedOn,
    string Privilege,
    string GrantedOn,
    string Name,
    string GrantedTo,
    string GranteeName,
    bool GrantOption);
