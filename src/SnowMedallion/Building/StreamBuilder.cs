using SnowMedallion.Model;

namespace SnowMedallion.Building;

/// <summary>Declares a stream on a table. Immutable: every method returns a new builder.</summary>
public sealed class StreamBuilder : ComponentBuilder
{
    private readonly string _name;
    private readonly Layer _layer;
    private readonly bool _appendOnly;
    private readonly bool _showInitialRows;
    private readonly string? _comment;

    internal StreamBuilder(string name, Layer layer, TableBuilder table, PipeBuilder? pipe, bool appendOnly, bool showInitialRows, string? comment = null)
    {
        _name = name;
        _layer = layer;
        Table = table;
        Pipe = pipe;
        _appendOnly = appendOnly;
        _showInitialRows = showInitialRows;
        _comment = comment;
    }

    internal TableBuilder Table { get; }

    internal PipeBuilder? Pipe { get; }

    internal Layer Layer => _layer;

    /// <summary>Sets the comment.</summary>
    /// <param name="comment">The comment.</param>
    /// <returns>A new builder.</returns>
    public StreamBuilder Comment(string comment) => new(_name, _layer, Table, Pipe, _appendOnly, _showInitialRows, comment);

    internal override PipelineObject Resolve(BuildContext context) =>
        new Model.Stream(context.Schema(_layer), _name, context.Get<Table>(Table))
        {
            AppendOnly = _appendOnly,
            ShowInitialRows = _showInitialRows,
            Comment = _comment,
        };

    internal override void Declare(BuildContext context)
    {
        Pipe?.Declare(context);
        base.Declare(context);
    }
}
