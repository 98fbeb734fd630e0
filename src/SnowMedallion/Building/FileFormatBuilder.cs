using SnowMedallion.Model;

namespace SnowMedallion.Building;

/// <summary>Declares a file format. Unset options keep Snowflake's defaults. Immutable: every method returns a new builder.</summary>
public sealed class FileFormatBuilder : ComponentBuilder
{
    private readonly Layer _layer;
    private readonly Func<Schema, FileFormat> _create;

    internal FileFormatBuilder(Layer layer, string name, FileFormatType type)
        : this(layer, schema => new FileFormat(schema, name, type))
    {
    }

    private FileFormatBuilder(Layer layer, Func<Schema, FileFormat> create)
    {
        _layer = layer;
        _create = create;
    }

    /// <summary><c>FIELD_DELIMITER</c>.</summary>
    /// <param name="delimiter">The delimiter, e.g. <c>,</c>.</param>
    /// <returns>A new builder.</returns>
    public FileFormatBuilder FieldDelimiter(string delimiter) => With(f => f with { FieldDelimiter = delimiter });

    /// <summary><c>RECORD_DELIMITER</c>.</summary>
    /// <param name="delimiter">The delimiter, e.g. a newline.</param>
    /// <returns>A new builder.</returns>
    public FileFormatBuilder RecordDelimiter(string delimiter) => With(f => f with { RecordDelimiter = delimiter });

    /// <summary><c>SKIP_HEADER</c>.</summary>
    /// <param name="lines">Header lines to skip.</param>
    /// <returns>A new builder.</returns>
    public FileFormatBuilder SkipHeader(int lines) => With(f => f with { SkipHeader = lines });

    /// <summary><c>FIELD_OPTIONALLY_ENCLOSED_BY</c>.</summary>
    /// <param name="quote">The enclosing character, e.g. <c>"</c>.</param>
    /// <returns>A new builder.</returns>
    public FileFormatBuilder FieldOptionallyEnclosedBy(string quote) => With(f => f with { FieldOptionallyEnclosedBy = quote });

    /// <summary><c>NULL_IF</c>.</summary>
    /// <param name="values">Strings read as NULL.</param>
    /// <returns>A new builder.</returns>
    public FileFormatBuilder NullIf(params string[] values) => With(f => f with { NullIf = [.. values] });

    /// <summary><c>EMPTY_FIELD_AS_NULL</c>.</summary>
    /// <param name="value">Whether empty fields are NULL.</param>
    /// <returns>A new builder.</returns>
    public FileFormatBuilder EmptyFieldAsNull(bool value = true) => With(f => f with { EmptyFieldAsNull = value });

    /// <summary><c>TRIM_SPACE</c>.</summary>
    /// <param name="value">Whether surrounding spaces are trimmed.</param>
    /// <returns>A new builder.</returns>
    public FileFormatBuilder TrimSpace(bool value = true) => With(f => f with { TrimSpace = value });

    /// <summary><c>ERROR_ON_COLUMN_COUNT_MISMATCH</c>.</summary>
    /// <param name="value">Whether a row with another field count is an error.</param>
    /// <returns>A new builder.</returns>
    public FileFormatBuilder ErrorOnColumnCountMismatch(bool value) => With(f => f with { ErrorOnColumnCountMismatch = value });

    /// <summary><c>COMPRESSION</c>.</summary>
    /// <param name="compression">The compression.</param>
    /// <returns>A new builder.</returns>
    public FileFormatBuilder Compression(FileCompression compression) => With(f => f with { Compression = compression });

    /// <summary><c>ENCODING</c>.</summary>
    /// <param name="encoding">The encoding, e.g. <c>UTF8</c>.</param>
    /// <returns>A new builder.</returns>
    public FileFormatBuilder Encoding(string encoding) => With(f => f with { Encoding = encoding });

    /// <summary><c>DATE_FORMAT</c>.</summary>
    /// <param name="format">The format, e.g. <c>YYYY-MM-DD</c>.</param>
    /// <returns>A new builder.</returns>
    public FileFormatBuilder DateFormat(string format) => With(f => f with { DateFormat = format });

    /// <summary><c>TIMESTAMP_FORMAT</c>.</summary>
    /// <param name="format">The format.</param>
    /// <returns>A new builder.</returns>
    public FileFormatBuilder TimestampFormat(string format) => With(f => f with { TimestampFormat = format });

    /// <summary><c>STRIP_OUTER_ARRAY</c> (JSON).</summary>
    /// <param name="value">Whether the outer array is stripped.</param>
    /// <returns>A new builder.</returns>
    public FileFormatBuilder StripOuterArray(bool value = true) => With(f => f with { StripOuterArray = value });

    /// <summary>Sets the comment.</summary>
    /// <param name="comment">The comment.</param>
    /// <returns>A new builder.</returns>
    public FileFormatBuilder Comment(string comment) => With(f => f with { Comment = comment });

    internal override PipelineObject Resolve(BuildContext context) => _create(context.Schema(_layer));

    private FileFormatBuilder With(Func<FileFormat, FileFormat> change) => new(_layer, schema => change(_create(schema)));
}
