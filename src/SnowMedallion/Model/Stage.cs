namespace SnowMedallion.Model;

/// <summary>
/// A stage: external on S3 (with <see cref="Url"/> and a <see cref="StorageIntegration"/>) or internal (no URL).
/// </summary>
/// <param name="Schema">The schema holding the stage.</param>
/// <param name="Name">The stage's exact name.</param>
public sealed record Stage(Schema Schema, string Name) : SchemaObject(Schema, Name)
{
    /// <summary>The S3 location of an external stage; <see langword="null"/> for an internal stage.</summary>
    public S3Location? Url { get; init; }

    /// <summary>The storage integration an external stage reads through.</summary>
    public StorageIntegration? StorageIntegration { get; init; }

    /// <summary>The stage's default file format, used by pipes that name none.</summary>
    public FileFormat? FileFormat { get; init; }

    /// <summary>Whether the stage is external (has a URL).</summary>
    public bool IsExternal => Url is not null;

    /// <inheritdoc/>
    public override ObjectKind Kind => ObjectKind.Stage;

    /// <inheritdoc/>
    public override IEnumerable<PipelineObject> Dependencies =>
        new PipelineObject?[] { Schema, StorageIntegration, FileFormat }.OfType<PipelineObject>();
}
