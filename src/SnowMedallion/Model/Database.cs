namespace SnowMedallion.Model;

/// <summary>A Snowflake database.</summary>
/// <param name="Name">The database's exact name.</param>
public sealed record Database(string Name) : PipelineObject
{
    /// <inheritdoc/>
    public override ObjectName QualifiedName => new(Name);

    /// <inheritdoc/>
    public override ObjectKind Kind => ObjectKind.Database;

    /// <inheritdoc/>
    public override IEnumerable<PipelineObject> Dependencies => [];
}

/// <summary>A schema in a database.</summary>
/// <param name="Database">The database holding the schema.</param>
/// <param name="Name">The schema's exact name.</param>
public sealed record Schema(Database Database, string Name) : PipelineObject
{
    /// <inheritdoc/>
    public override ObjectName QualifiedName => new(Database.Name, Name);

    /// <inheritdoc/>
    public override ObjectKind Kind => ObjectKind.Schema;

    /// <inheritdoc/>
    public override IEnumerable<PipelineObject> Dependencies => [Database];
}
