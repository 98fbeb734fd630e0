using SnowMedallion.Model;

namespace SnowMedallion.Ingestion;

/// <summary>
/// Where an upload goes: an S3 location, or an external stage's (its <see cref="Stage.Url"/>). Both convert
/// implicitly, so <c>UploadFolderAsync(folder, stage)</c> and <c>UploadFolderAsync(folder, S3Location.Parse("s3://b/p/"))</c> both work.
/// </summary>
public sealed class UploadDestination
{
    private UploadDestination(S3Location location) => Location = location;

    /// <summary>The bucket and prefix keys go under.</summary>
    public S3Location Location { get; }

    /// <summary>A destination at an S3 location.</summary>
    /// <param name="location">The bucket and prefix.</param>
    public static implicit operator UploadDestination(S3Location location) => FromLocation(location);

    /// <summary>A destination at an external stage's S3 location.</summary>
    /// <param name="stage">An external stage.</param>
    public static implicit operator UploadDestination(Stage stage) => FromStage(stage);

    /// <summary>A destination at an S3 location.</summary>
    /// <param name="location">The bucket and prefix.</param>
    /// <returns>The destination.</returns>
    public static UploadDestination FromLocation(S3Location location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return new UploadDestination(location);
    }

    /// <summary>A destination at an external stage's S3 location.</summary>
    /// <param name="stage">An external stage.</param>
    /// <returns>The destination.</returns>
    /// <exception cref="ArgumentException">The stage is internal (it has no URL).</exception>
    public static UploadDestination FromStage(Stage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        return new UploadDestination(stage.Url ?? throw new ArgumentException(
            $"Stage {stage.QualifiedName} is an internal stage (it has no S3 URL): uploads go to an external stage's S3 location. Give the stage a URL (s3://bucket/prefix/).",
            nameof(stage)));
    }

    /// <inheritdoc/>
    public override string ToString() => Location.Url;
}
