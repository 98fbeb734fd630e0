using SnowMedallion.Model;

namespace SnowMedallion.Building;

/// <summary>Declares a stage. Immutable: every method returns a new builder.</summary>
public sealed class StageBuilder : ComponentBuilder
{
    private readonly Layer _layer;
    private readonly string _name;
    private readonly S3Location? _url;
    private readonly StorageIntegrationBuilder? _integration;
    private readonly FileFormatBuilder? _fileFormat;
    private readonly string? _comment;

    internal StageBuilder(Layer layer, string name, S3Location? url, StorageIntegrationBuilder? integration, FileFormatBuilder? fileFormat, string? comment = null)
    {
        _layer = layer;
        _name = name;
        _url = url;
        _integration = integration;
        _fileFormat = fileFormat;
        _comment = comment;
    }

    internal Layer Layer => _layer;

    /// <summary>Sets the comment.</summary>
    /// <param name="comment">The comment.</param>
    /// <returns>A new builder.</returns>
    public StageBuilder Comment(string comment) => new(_layer, _name, _url, _integration, _fileFormat, comment);

    /// <summary>Declares a pipe loading this stage's files into a table.</summary>
    /// <param name="name">The pipe's exact name.</param>
    /// <param name="into">The table rows are loaded into.</param>
    /// <param name="configure">Maps columns and sets options.</param>
    /// <returns>The pipe's builder; continue with <see cref="PipeBuilder.Stream"/> to record the loaded rows.</returns>
    public PipeBuilder Pipe(string name, TableBuilder into, Func<PipeBuilder, PipeBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(into);
        var pipe = new PipeBuilder(name, this, into);
        return configure is null ? pipe : configure(pipe);
    }

    internal override PipelineObject Resolve(BuildContext context) =>
        new Stage(context.Schema(_layer), _name)
        {
            Url = _url,
            StorageIntegration = _integration is null ? null : context.Get<StorageIntegration>(_integration),
            FileFormat = _fileFormat is null ? null : context.Get<FileFormat>(_fileFormat),
            Comment = _comment,
        };
}
