using SnowMedallion.Testing.Snowflake.Engine.Parsing;
using SnowMedallion.Testing.Snowflake.FileFormats;
using SnowMedallion.Testing.Snowflake.Stages;

namespace SnowMedallion.Testing.Snowflake.Copy;

/// <summary>
/// Everything a COPY INTO &lt;table&gt; needs, already resolved. Built by the COPY statement parser
/// (<see cref="CopyStatementParser"/>) for bulk COPY and by the pipe runtime for Snowpipe loads.
/// </summary>
/// <param name="Table">The target table.</param>
/// <param name="TargetColumns">Explicit column list, or null for all columns in table order.</param>
/// <param name="Source">The stage location files are read from.</param>
/// <param name="Transform">The SELECT list of <c>FROM (SELECT ... FROM @stage)</c>, or null for a plain COPY.</param>
/// <param name="Format">The file format.</param>
/// <param name="OnError">ON_ERROR (bulk default ABORT_STATEMENT, Snowpipe SKIP_FILE).</param>
/// <param name="Files">FILES = (...): names relative to <see cref="Source"/>, or null.</param>
/// <param name="Pattern">PATTERN regex (matched against the path relative to the stage), or null.</param>
/// <param name="Force">FORCE = TRUE: load files even if load metadata says they were loaded.</param>
/// <param name="Purge">PURGE = TRUE: delete files that loaded successfully.</param>
/// <param name="Pipe">The pipe (for Snowpipe loads: separate load history, recorded on each record), or null.</param>
/// <param name="PipeReceivedAt">For Snowpipe loads: when the pipe received each file (by name), for COPY_HISTORY's PIPE_RECEIVED_TIME.</param>
internal sealed record CopyRequest(
    ObjectPath Table,
    IReadOnlyList<string>? TargetColumns,
    StageLocation Source,
    CopyTransform? Transform,
    FileFormatOptions Format,
    OnErrorMode OnError,
    IReadOnlyList<string>? Files,
    string? Pattern,
    bool Force,
    bool Purge,
    string? Pipe = null,
    IReadOnlyDictionary<string, DateTimeOffset>? PipeReceivedAt = null);

/// <summary>The SELECT list of a transforming COPY: one token list per expression.</summary>
/// <param name="Expressions">The expressions, in target-column order.</param>
internal sealed record CopyTransform(IReadOnlyList<IReadOnlyList<Tok>> Expressions)
{
    /// <summary>The largest $n referenced (0 when none).</summary>
    public int MaxPositional => Expressions.SelectMany(e => e).Where(t => t.Kind == TokKind.Positional)
        .Select(t => int.Parse(t.Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    /// <summary>True if any expression reads METADATA$FILE_ROW_NUMBER.</summary>
    public bool UsesRowNumber => Expressions.SelectMany(e => e).Any(t => t.Is("METADATA$FILE_ROW_NUMBER"));
}

/// <summary>The outcome of one file in a COPY, i.e. one COPY result row.</summary>
internal sealed record FileLoadResult(
    string File,
    string Status,
    long RowsParsed,
    long RowsLoaded,
    long ErrorLimit,
    long ErrorsSeen,
    string? FirstError,
    long? FirstErrorLine,
    long? FirstErrorCharacter,
    string? FirstErrorColumnName);
