namespace SnowMedallion.Model;

/// <summary>A table column.</summary>
/// <param name="Name">The column's exact name.</param>
/// <param name="Type">The column's type.</param>
public sealed record Column(string Name, DataType Type)
{
    /// <summary>Whether the column accepts NULL; false renders <c>NOT NULL</c>. Default true.</summary>
    public bool Nullable { get; init; } = true;

    /// <summary>The collation specification, e.g. <c>en-ci</c>, rendered as <c>COLLATE 'en-ci'</c>.</summary>
    public string? Collation { get; init; }

    /// <summary>A SQL expression for <c>DEFAULT</c>, e.g. <c>CURRENT_TIMESTAMP(6)</c>.</summary>
    public string? DefaultExpression { get; init; }

    /// <summary>A column comment.</summary>
    public string? Comment { get; init; }
}

/// <summary>A table with typed columns.</summary>
/// <param name="Schema">The schema holding the table.</param>
/// <param name="Name">The table's exact name.</param>
/// <param name="Columns">The columns, in order.</param>
public sealed record Table(Schema Schema, string Name, IReadOnlyList<Column> Columns) : SchemaObject(Schema, Name)
{
    /// <summary>The primary key's columns (Snowflake records but does not enforce it); empty for none.</summary>
    public IReadOnlyList<Column> PrimaryKey { get; init; } = [];

    /// <summary>Whether the table is TRANSIENT (no fail-safe).</summary>
    public bool Transient { get; init; }

    /// <inheritdoc/>
    public override ObjectKind Kind => ObjectKind.Table;

    /// <summary>Finds a column by its exact name.</summary>
    /// <param name="name">The column name.</param>
    /// <returns>The column, or <see langword="null"/>.</returns>
    public Column? FindColumn(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));
}
