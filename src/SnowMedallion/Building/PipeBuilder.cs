using System.Collections.Immutable;
using SnowMedallion.Model;

namespace SnowMedallion.Building;

/// <summary>
/// Declares a pipe: which file fields, metadata columns and expressions fill which table columns. Immutable: every
/// method returns a new builder.
/// </summary>
public sealed class PipeBuilder : ComponentBuilder
{
    private readonly State _state;

    internal PipeBuilder(string name, StageBuilder stage, TableBuilder table)
        : this(new State(name, stage, table, [], false, null, null, string.Empty, null, null))
    {
    }

    private PipeBuilder(State state) => _state = state;

    internal TableBuilder Table => _state.Table;

    internal Layer Layer => _state.Stage.Layer;

    /// <summary>Fills columns from the next file fields by position: the first unmapped field is <c>$1</c>, then <c>$2</c>...</summary>
    /// <param name="columns">The columns, in file-field order.</param>
    /// <returns>A new builder.</returns>
    public PipeBuilder Fields(params string[] columns)
    {
        var next = _state.Mappings.Select(m => m.Value).OfType<FileField>().Select(f => f.Position).DefaultIfEmpty(0).Max() + 1;
        var mappings = columns.Select((column, i) => (column, (PipeValue)new FileField(next + i)));
        return new(_state with { Mappings = _state.Mappings.AddRange(mappings) });
    }

    /// <summary>Fills a column from the file field at a position (<c>$n</c>).</summary>
    /// <param name="position">The field's position, from 1.</param>
    /// <param name="column">The column.</param>
    /// <returns>A new builder.</returns>
    public PipeBuilder Field(int position, string column) => Map(column, new FileField(position));

    /// <summary>Fills a column with a SQL expression, e.g. <c>CURRENT_TIMESTAMP(6)</c>.</summary>
    /// <param name="column">The column.</param>
    /// <param name="sql">The expression.</param>
    /// <returns>A new builder.</returns>
    public PipeBuilder Expression(string column, string sql) => Map(column, new SqlExpression(sql));

    /// <summary>Fills a column with the loaded file's name (<c>METADATA$FILENAME</c>).</summary>
    /// <param name="column">The column.</param>
    /// <returns>A new builder.</returns>
    public PipeBuilder FileName(string column) => Map(column, new FileMetadata(FileMetadataColumn.FileName));

    /// <summary>Fills a column with the row's number in its file (<c>METADATA$FILE_ROW_NUMBER</c>).</summary>
    /// <param name="column">The column.</param>
    /// <returns>A new builder.</returns>
    public PipeBuilder FileRowNumber(string column) => Map(column, new FileMetadata(FileMetadataColumn.FileRowNumber));

    /// <summary>Fills a column with a metadata column of the loaded file.</summary>
    /// <param name="column">The column.</param>
    /// <param name="metadata">The metadata column.</param>
    /// <returns>A new builder.</returns>
    public PipeBuilder Metadata(string column, FileMetadataColumn metadata) => Map(column, new FileMetadata(metadata));

    /// <summary>Sets <c>AUTO_INGEST</c>: load on the bucket's event notifications.</summary>
    /// <param name="autoIngest">Whether to auto-ingest.</param>
    /// <returns>A new builder.</returns>
    public PipeBuilder AutoIngest(bool autoIngest = true) => new(_state with { AutoIngest = autoIngest });

    /// <summary>Sets <c>ERROR_INTEGRATION</c>: where load errors are reported.</summary>
    /// <param name="integration">The notification integration.</param>
    /// <returns>A new builder.</returns>
    public PipeBuilder ErrorIntegration(NotificationIntegrationBuilder integration) => new(_state with { ErrorIntegration = integration });

    /// <summary>Sets the pipe's own file format (otherwise the stage's applies).</summary>
    /// <param name="format">The file format.</param>
    /// <returns>A new builder.</returns>
    public PipeBuilder FileFormat(FileFormatBuilder format) => new(_state with { FileFormat = format });

    /// <summary>Loads only files under a path of the stage.</summary>
    /// <param name="path">The path, without a leading '/'.</param>
    /// <returns>A new builder.</returns>
    public PipeBuilder Path(string path) => new(_state with { Path = path });

    /// <summary>Sets <c>ON_ERROR</c>: CONTINUE, SKIP_FILE, SKIP_FILE_n or SKIP_FILE_n% (Snowpipe does not support ABORT_STATEMENT).</summary>
    /// <param name="onError">The option value.</param>
    /// <returns>A new builder.</returns>
    public PipeBuilder OnError(string onError) => new(_state with { OnError = onError });

    /// <summary>Sets the comment.</summary>
    /// <param name="comment">The comment.</param>
    /// <returns>A new builder.</returns>
    public PipeBuilder Comment(string comment) => new(_state with { Comment = comment });

    /// <summary>Declares a stream on the pipe's table; adding the stream to a pipeline adds the pipe too.</summary>
    /// <param name="name">The stream's exact name.</param>
    /// <param name="appendOnly">Whether the stream records inserts only.</param>
    /// <param name="showInitialRows">Whether the first read returns the rows present at creation.</param>
    /// <returns>The stream's builder.</returns>
    public StreamBuilder Stream(string name, bool appendOnly = false, bool showInitialRows = false) =>
        new(name, Layer, _state.Table, this, appendOnly, showInitialRows);

    /// <summary>The table column a metadata column fills, if any (used to find a row's source file and row).</summary>
    internal string? ColumnFilledWith(FileMetadataColumn metadata) =>
        _state.Mappings.FirstOrDefault(m => m.Value is FileMetadata f && f.Column == metadata).Column;

    internal override PipelineObject Resolve(BuildContext context)
    {
        var table = context.Get<Table>(_state.Table);
        var stage = context.Get<Stage>(_state.Stage);
        var schema = context.Schema(Layer);
        var qualified = new ObjectName(schema.Database.Name, schema.Name, _state.Name).ToSql();
        var mappings = new List<PipeMapping>();
        foreach (var (column, value) in _state.Mappings)
        {
            if (table.FindColumn(column) is { } target)
            {
                mappings.Add(new PipeMapping(target, value));
            }
            else
            {
                context.Problems.Add($"Pipe {qualified} maps column {column}, which table {table.QualifiedName} does not have: add the column to the table or remove the mapping.");
            }
        }

        return new Pipe(schema, _state.Name, stage, table, mappings)
        {
            AutoIngest = _state.AutoIngest,
            ErrorIntegration = _state.ErrorIntegration is null ? null : context.Get<NotificationIntegration>(_state.ErrorIntegration),
            FileFormat = _state.FileFormat is null ? null : context.Get<Model.FileFormat>(_state.FileFormat),
            Path = _state.Path,
            OnError = _state.OnError,
            Comment = _state.Comment,
        };
    }

    private PipeBuilder Map(string column, PipeValue value) =>
        new(_state with { Mappings = _state.Mappings.Add((column, value)) });

    private sealed record State(
        string Name,
        StageBuilder Stage,
        TableBuilder Table,
        ImmutableList<(string Column, PipeValue Value)> Mappings,
        bool AutoIngest,
        NotificationIntegrationBuilder? ErrorIntegration,
        FileFormatBuilder? FileFormat,
        string Path,
        string? OnError,
        string? Comment);
}
