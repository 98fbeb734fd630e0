namespace SnowMedallion.Model;

/// <summary>The type of a file format.</summary>
public enum FileFormatType
{
    /// <summary>Delimited text (<c>TYPE = CSV</c>).</summary>
    Csv,

    /// <summary>JSON (<c>TYPE = JSON</c>).</summary>
    Json,

    /// <summary>Parquet (<c>TYPE = PARQUET</c>).</summary>
    Parquet,
}

/// <summary>How staged files are compressed (<c>COMPRESSION</c>).</summary>
public enum FileCompression
{
    /// <summary>Detected from the file (<c>AUTO</c>, Snowflake's default).</summary>
    Auto,

    /// <summary>gzip.</summary>
    Gzip,

    /// <summary>bzip2.</summary>
    Bz2,

    /// <summary>Brotli.</summary>
    Brotli,

    /// <summary>Zstandard.</summary>
    Zstd,

    /// <summary>Deflate (zlib header).</summary>
    Deflate,

    /// <summary>Raw deflate.</summary>
    RawDeflate,

    /// <summary>Not compressed.</summary>
    None,
}

/// <summary>
/// A named file format. Options left <see langword="null"/> are not rendered, so Snowflake's defaults apply.
/// </summary>
/// <param name="Schema">The schema holding the format.</param>
/// <param name="Name">The format's exact name.</param>
/// <param name="Type">The file type.</param>
public sealed record FileFormat(Schema Schema, string Name, FileFormatType Type) : SchemaObject(Schema, Name)
{
    /// <summary><c>COMPRESSION</c>.</summary>
    public FileCompression? Compression { get; init; }

    /// <summary><c>RECORD_DELIMITER</c> (CSV).</summary>
    public string? RecordDelimiter { get; init; }

    /// <summary><c>FIELD_DELIMITER</c> (CSV).</summary>
    public string? FieldDelimiter { get; init; }

    /// <summary><c>SKIP_HEADER</c>: header lines to skip (CSV).</summary>
    public int? SkipHeader { get; init; }

    /// <summary><c>FIELD_OPTIONALLY_ENCLOSED_BY</c>, e.g. a double quote (CSV).</summary>
    public string? FieldOptionallyEnclosedBy { get; init; }

    /// <summary><c>NULL_IF</c>: strings read as SQL NULL.</summary>
    public IReadOnlyList<string>? NullIf { get; init; }

    /// <summary><c>EMPTY_FIELD_AS_NULL</c> (CSV).</summary>
    public bool? EmptyFieldAsNull { get; init; }

    /// <summary><c>TRIM_SPACE</c>.</summary>
    public bool? TrimSpace { get; init; }

    /// <summary><c>ERROR_ON_COLUMN_COUNT_MISMATCH</c> (CSV; Snowflake's default is TRUE).</summary>
    public bool? ErrorOnColumnCountMismatch { get; init; }

    /// <summary><c>ENCODING</c>, e.g. <c>UTF8</c> (CSV).</summary>
    public string? Encoding { get; init; }

    /// <summary><c>DATE_FORMAT</c>.</summary>
    public string? DateFormat { get; init; }

    /// <summary><c>TIMESTAMP_FORMAT</c>.</summary>
    public string? TimestampFormat { get; init; }

    /// <summary><c>STRIP_OUTER_ARRAY</c> (JSON).</summary>
    public bool? StripOuterArray { get; init; }

    /// <inheritdoc/>
    public override ObjectKind Kind => ObjectKind.FileFormat;
}
