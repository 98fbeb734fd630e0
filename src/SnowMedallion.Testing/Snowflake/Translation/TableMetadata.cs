using System.Collections.Concurrent;

namespace SnowMedallion.Testing.Snowflake.Translation;

/// <summary>What kind of relation a <see cref="TableMetadata"/> describes.</summary>
internal enum RelationKind
{
    /// <summary>A permanent table.</summary>
    Table,

    /// <summary>A transient table.</summary>
    TransientTable,

    /// <summary>A temporary table.</summary>
    TemporaryTable,

    /// <summary>A view.</summary>
    View,
}

/// <summary>One column as Snowflake declared it.</summary>
/// <param name="Name">Stored name.</param>
/// <param name="SnowflakeType">Snowflake type as SHOW/DESC print it, e.g. <c>VARCHAR(200)</c>, <c>NUMBER(38,0)</c>, <c>TIMESTAMP_NTZ(6)</c>.</param>
/// <param name="Nullable">False for NOT NULL.</param>
/// <param name="Default">The DEFAULT expression as written, or null.</param>
/// <param name="Collation">The collation specification (e.g. <c>en-ci</c>), or null.</param>
/// <param name="Comment">The column comment, or null.</param>
/// <param name="PrimaryKey">Whether the column is part of the (unenforced) primary key.</param>
internal sealed record ColumnMetadata(
    string Name,
    string SnowflakeType,
    bool Nullable = true,
    string? Default = null,
    string? Collation = null,
    string? Comment = null,
    bool PrimaryKey = false);

/// <summary>Metadata of a table or view that DuckDB does not keep.</summary>
/// <param name="Path">The relation's name.</param>
/// <param name="Kind">Table kind or view.</param>
/// <param name="Columns">Columns in order.</param>
/// <param name="CreatedOn">Creation time (statement time).</param>
/// <param name="Comment">Table comment, or null.</param>
/// <param name="ViewText">For views: the CREATE VIEW statement as written.</param>
/// <param name="Secure">For views: SECURE.</param>
/// <param name="ChangeTracking">CHANGE_TRACKING = TRUE was set.</param>
/// <param name="OwnerSession">For a temporary table: the id of the session that created it (it is dropped when that session ends).</param>
/// <param name="DataRetentionDays">DATA_RETENTION_TIME_IN_DAYS when set on the table (Snowflake's default is 1).</param>
/// <param name="MaxDataExtensionDays">MAX_DATA_EXTENSION_TIME_IN_DAYS when set on the table (Snowflake's default is 14).</param>
/// <param name="DefaultDdlCollation">DEFAULT_DDL_COLLATION set on the table: text columns added without a collation take it.</param>
internal sealed record TableMetadata(
    ObjectPath Path,
    RelationKind Kind,
    IReadOnlyList<ColumnMetadata> Columns,
    DateTimeOffset CreatedOn,
    string? Comment = null,
    string? ViewText = null,
    bool Secure = false,
    bool ChangeTracking = false,
    string? OwnerSession = null,
    int? DataRetentionDays = null,
    int? MaxDataExtensionDays = null,
    string? DefaultDdlCollation = null)
{
    /// <summary>The column by stored name, or null.</summary>
    /// <param name="name">Stored name.</param>
    /// <returns>The column, or null.</returns>
    public ColumnMetadata? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);
}

/// <summary>Where the translator keeps <see cref="TableMetadata"/>; the engine reads it for SHOW and DESC.</summary>
internal interface ITableMetadataStore
{
    /// <summary>The metadata of a table or view, or null when unknown.</summary>
    /// <param name="path">The relation.</param>
    /// <returns>Its metadata, or null.</returns>
    TableMetadata? Find(ObjectPath path);

    /// <summary>Records (or replaces) a relation's metadata.</summary>
    /// <param name="metadata">The metadata.</param>
    void Set(TableMetadata metadata);

    /// <summary>Forgets a relation.</summary>
    /// <param name="path">The relation.</param>
    void Remove(ObjectPath path);

    /// <summary>Every relation in a schema (or a database when <paramref name="schema"/> is null).</summary>
    /// <param name="database">Database.</param>
    /// <param name="schema">Schema, or null for all schemas of the database.</param>
    /// <returns>The relations, by name.</returns>
    IReadOnlyList<TableMetadata> List(string database, string? schema);

    /// <summary>The temporary tables a session created.</summary>
    /// <param name="sessionId">The session's id.</param>
    /// <returns>Its temporary tables.</returns>
    IReadOnlyList<TableMetadata> TemporaryOf(string sessionId);

    /// <summary>Forgets every relation of a dropped schema (or database when <paramref name="schema"/> is null).</summary>
    /// <param name="database">Database.</param>
    /// <param name="schema">Schema, or null.</param>
    void RemoveAll(string database, string? schema);
}

/// <summary>A thread-safe in-memory <see cref="ITableMetadataStore"/>; one per LocalSnowflake.</summary>
internal sealed class TableMetadataStore : ITableMetadataStore
{
    private readonly ConcurrentDictionary<ObjectPath, TableMetadata> _tables = new();

    /// <inheritdoc/>
    public TableMetadata? Find(ObjectPath path) => _tables.GetValueOrDefault(path);

    /// <inheritdoc/>
    public void Set(TableMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        _tables[metadata.Path] = metadata;
    }

    /// <inheritdoc/>
    public void Remove(ObjectPath path) => _tables.TryRemove(path, out _);

    /// <inheritdoc/>
    public IReadOnlyList<TableMetadata> List(string database, string? schema) =>
        [.. _tables.Values
            .Where(t => t.Path.Database == database && (schema is null || t.Path.Schema == schema))
            .OrderBy(t => t.Path.Schema, StringComparer.Ordinal)
            .ThenBy(t => t.Path.Name, StringComparer.Ordinal)];

    /// <inheritdoc/>
    public IReadOnlyList<TableMetadata> TemporaryOf(string sessionId) =>
        [.. _tables.Values.Where(t => t.Kind == RelationKind.TemporaryTable && t.OwnerSession == sessionId)];

    /// <inheritdoc/>
    public void RemoveAll(string database, string? schema)
    {
        foreach (var key in _tables.Keys.Where(k => k.Database == database && (schema is null || k.Schema == schema)))
        {
            _tables.TryRemove(key, out _);
        }
    }
}
