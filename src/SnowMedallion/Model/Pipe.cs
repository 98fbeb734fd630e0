namespace SnowMedallion.Model;

/// <summary>The metadata columns a COPY can load (<c>METADATA$...</c>).</summary>
public enum FileMetadataColumn
{
    /// <summary><c>METADATA$FILENAME</c>: the file's path relative to the stage.</summary>
    FileName,

    /// <summary><c>METADATA$FILE_ROW_NUMBER</c>: the row's number in the file, from 1.</summary>
    FileRowNumber,

    /// <summary><c>METADATA$FILE_LAST_MODIFIED</c>.</summary>
    FileLastModified,

    /// <summary><c>METADATA$START_SCAN_TIME</c>.</summary>
    StartScanTime,
}

/// <summary>Where a pipe takes a column's value from: a file field, a metadata column or an expression.</summary>
public abstract record PipeValue;

/// <summary>The n-th field of the file (<c>$n</c>, from 1).</summary>
/// <param name="Position">The field's position, from 1.</param>
public sealed record FileField(int Position) : PipeValue;

/// <summary>A metadata column of the file being loaded.</summary>
/// <param name="Column">The metadata column.</param>
public sealed record FileMetadata(FileMetadataColumn Column) : PipeValue;

/// <summary>A SQL expression, e.g. <c>CURRENT_TIMESTAMP(6)</c>.</summary>
/// <param name="Sql">The expression text.</param>
public sealed record SqlExpression(string Sql) : PipeValue;

/// <summary>One column a pipe fills, and where its value comes from.</summary>
/// <param name="Column">The target column (one of the pipe table's columns).</param>
/// <param name="Value">The value's source.</param>
public sealed record PipeMapping(Column Column, PipeValue Value);

/// <summary>
/// A pipe: <c>COPY INTO</c> its table from its stage, selecting file fields, metadata and expressions by mapping.
/// </summary>
/// <param name="Schema">The schema holding the pipe.</param>
/// <param name="Name">The pipe's exact name.</param>
/// <param name="Stage">The stage files are loaded from.</param>
/// <param name="Table">The table rows are loaded into.</param>
/// <param name="Mappings">The columns filled, in order.</param>
public sealed record Pipe(Schema Schema, string Name, Stage Stage, Table Table, IReadOnlyList<PipeMapping> Mappings)
    : SchemaObject(Schema, Name)
{
    /// <summary><c>AUTO_INGEST = TRUE</c>: loads on the bucket's event notifications.</summary>
    public bool AutoIngest { get; init; }

    /// <summary>The notification integration load errors are reported to (<c>ERROR_INTEGRATION</c>).</summary>
    public NotificationIntegration? ErrorIntegration { get; init; }

    /// <summary>The file format; <see langword="null"/> uses the stage's.</summary>
    public FileFormat? FileFormat { get; init; }

    /// <summary>A path under the stage to load from (without a leading '/'); empty for the whole stage.</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>
    /// <c>ON_ERROR</c>: <c>CONTINUE</c>, <c>SKIP_FILE</c>, <c>SKIP_FILE_n</c>, <c>SKIP_FILE_n%</c> (Snowpipe does not support <c>ABORT_STATEMENT</c>);
    /// <see langword="null"/> for Snowpipe's default (SKIP_FILE).
    /// </summary>
    public string? OnError { get; init; }

    /// <summary>The file format the pipe actually uses: its own, else the stage's.</summary>
    public FileFormat? EffectiveFileFormat => FileFormat ?? Stage.FileFormat;

    /// <inheritdoc/>
    public override ObjectKind Kind => ObjectKind.Pipe;

    /// <inheritdoc/>
    public override IEnumerable<PipelineObject> Dependencies =>
        new PipelineObject?[] { Schema, Stage, ErrorIntegration, Table, FileFormat }.OfType<PipelineObject>();
}
