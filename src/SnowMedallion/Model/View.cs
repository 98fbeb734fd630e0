namespace SnowMedallion.Model;

/// <summary>A view.</summary>
/// <param name="Schema">The schema holding the view.</param>
/// <param name="Name">The view's exact name.</param>
/// <param name="Query">The view's SELECT statement.</param>
public sealed record View(Schema Schema, string Name, string Query) : SchemaObject(Schema, Name)
{
    /// <summary>Whether the view is SECURE.</summary>
    public bool Secure { get; init; }

    /// <summary>The objects the query reads, created before the view.</summary>
    public IReadOnlyList<PipelineObject> References { get; init; } = [];

    /// <inheritdoc/>
    public override ObjectKind Kind => ObjectKind.View;

    /// <inheritdoc/>
    public override IEnumerable<PipelineObject> Dependencies => [Schema, .. References];
}
