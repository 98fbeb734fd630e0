namespace SnowMedallion.Model;

/// <summary>The kinds of object a medallion pipeline holds.</summary>
public enum ObjectKind
{
    /// <summary>A database.</summary>
    Database,

    /// <summary>A schema.</summary>
    Schema,

    /// <summary>A storage integration (S3).</summary>
    StorageIntegration,

    /// <summary>A notification integration (AWS SNS, outbound).</summary>
    NotificationIntegration,

    /// <summary>A file format.</summary>
    FileFormat,

    /// <summary>A stage.</summary>
    Stage,

    /// <summary>A table.</summary>
    Table,

    /// <summary>A pipe (Snowpipe).</summary>
    Pipe,

    /// <summary>A stream.</summary>
    Stream,

    /// <summary>A stored procedure.</summary>
    Procedure,

    /// <summary>A task.</summary>
    Task,

    /// <summary>A view.</summary>
    View,
}

/// <summary>
/// Base of every object in a pipeline model. Objects refer to each other by reference; <see cref="Dependencies"/>
/// lists the objects this one needs to exist first, which fixes the deploy order.
/// </summary>
public abstract record PipelineObject
{
    /// <summary>The object's fully qualified name.</summary>
    public abstract ObjectName QualifiedName { get; }

    /// <summary>The object's kind.</summary>
    public abstract ObjectKind Kind { get; }

    /// <summary>The objects this one uses, which must be created before it.</summary>
    public abstract IEnumerable<PipelineObject> Dependencies { get; }

    /// <summary>An optional comment, rendered as the object's COMMENT.</summary>
    public string? Comment { get; init; }

    /// <summary>The kind and qualified name, e.g. <c>Table SNOWLAKE_DB.SILVER.CUSTOMER</c>.</summary>
    /// <returns>A short description.</returns>
    public sealed override string ToString() => $"{Kind} {QualifiedName}";
}

/// <summary>Base of objects that live in a schema.</summary>
/// <param name="Schema">The schema holding the object.</param>
/// <param name="Name">The object's exact name.</param>
public abstract record SchemaObject(Schema Schema, string Name) : PipelineObject
{
    /// <inheritdoc/>
    public override ObjectName QualifiedName => new(Schema.Database.Name, Schema.Name, Name);

    /// <inheritdoc/>
    public override IEnumerable<PipelineObject> Dependencies => [Schema];
}
