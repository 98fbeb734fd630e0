namespace SnowMedallion.Model;

/// <summary>A stream recording changes to a table.</summary>
/// <param name="Schema">The schema holding the stream.</param>
/// <param name="Name">The stream's exact name.</param>
/// <param name="Table">The table whose changes the stream records.</param>
public sealed record Stream(Schema Schema, string Name, Table Table) : SchemaObject(Schema, Name)
{
    /// <summary><c>APPEND_ONLY = TRUE</c>: the stream records inserts only.</summary>
    public bool AppendOnly { get; init; }

    /// <summary><c>SHOW_INITIAL_ROWS = TRUE</c>: the first read also returns the rows present at creation.</summary>
    public bool ShowInitialRows { get; init; }

    /// <inheritdoc/>
    public override ObjectKind Kind => ObjectKind.Stream;

    /// <inheritdoc/>
    public override IEnumerable<PipelineObject> Dependencies => [Schema, Table];
}
