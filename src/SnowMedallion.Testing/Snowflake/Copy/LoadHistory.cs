namespace SnowMedallion.Testing.Snowflake.Copy;

/// <summary>One file load attempt into one table (bulk COPY or Snowpipe), as COPY_HISTORY reports it.</summary>
/// <param name="Table">Target table.</param>
/// <param name="Pipe">The pipe that loaded it, or null for a bulk COPY.</param>
/// <param name="StageLocation">The stage location (URL or internal stage name) the file was read from.</param>
/// <param name="FileName">The file's path relative to the stage (METADATA$FILENAME).</param>
/// <param name="Md5">Content checksum; with the name, the de-duplication key.</param>
/// <param name="FileSize">Size in bytes.</param>
/// <param name="LastLoadTime">When the load finished.</param>
/// <param name="Status">LOADED, PARTIALLY_LOADED or LOAD_FAILED (COPY's status values).</param>
/// <param name="RowsParsed">Rows parsed.</param>
/// <param name="RowsLoaded">Rows loaded.</param>
/// <param name="ErrorCount">Rows in error.</param>
/// <param name="ErrorLimit">The ON_ERROR limit applied.</param>
/// <param name="FirstError">First error message, or null.</param>
/// <param name="FirstErrorLine">Line of the first error.</param>
/// <param name="FirstErrorCharacter">Character position of the first error.</param>
/// <param name="FirstErrorColumnName">Column of the first error, as <c>"T"["C":n]</c>.</param>
internal sealed record LoadRecord(
    ObjectPath Table,
    string? Pipe,
    string StageLocation,
    string FileName,
    string Md5,
    long FileSize,
    DateTimeOffset LastLoadTime,
    string Status,
    long RowsParsed,
    long RowsLoaded,
    long ErrorCount,
    long ErrorLimit,
    string? FirstError,
    long? FirstErrorLine,
    long? FirstErrorCharacter,
    string? FirstErrorColumnName)
{
    /// <summary>True when the file counts as loaded for de-duplication (LOADED or PARTIALLY_LOADED).</summary>
    public bool CountsAsLoaded => Status is "LOADED" or "PARTIALLY_LOADED";

    /// <summary>Snowpipe loads: when the pipe received the file (notification or REFRESH); COPY_HISTORY PIPE_RECEIVED_TIME.</summary>
    public DateTimeOffset? PipeReceivedTime { get; init; }
}

/// <summary>
/// Per-table load metadata and history: what COPY consults to skip files already loaded (same name,
/// same checksum) and what COPY_HISTORY / pipe status read. Thread-safe.
/// </summary>
internal sealed class LoadHistory
{
    private readonly Lock _gate = new();
    private readonly List<LoadRecord> _records = [];

    /// <summary>Records a load attempt.</summary>
    public void Add(LoadRecord record)
    {
        lock (_gate)
        {
            _records.Add(record);
        }
    }

    /// <summary>
    /// True if the file (stage location + name) with this checksum was loaded into the table.
    /// Bulk COPY and Snowpipe keep separate metadata (as in Snowflake): pass the pipe for Snowpipe.
    /// </summary>
    public bool WasLoaded(ObjectPath table, string stageLocation, string fileName, string md5, string? pipe)
    {
        lock (_gate)
        {
            return _records.Any(r => r.Table == table && r.StageLocation == stageLocation && r.FileName == fileName && r.Md5 == md5 &&
                r.CountsAsLoaded && (pipe is null ? r.Pipe is null : r.Pipe == pipe));
        }
    }

    /// <summary>Every record, oldest first.</summary>
    public IReadOnlyList<LoadRecord> All()
    {
        lock (_gate)
        {
            return [.. _records];
        }
    }

    /// <summary>Records for one table, oldest first.</summary>
    public IReadOnlyList<LoadRecord> ForTable(ObjectPath table)
    {
        lock (_gate)
        {
            return [.. _records.Where(r => r.Table == table)];
        }
    }

    /// <summary>
    /// Forgets a table's bulk load metadata (the table was dropped or replaced). Snowpipe's load history belongs to the
    /// pipe and survives: "Dropping or recreating a table object drops the historical data for bulk data loads (COPY INTO
    /// statements) into the table. Dropping or recreating a pipe object drops the historical data for Snowpipe data loads
    /// using the pipe." (https://docs.snowflake.com/en/sql-reference/functions/copy_history , usage notes).
    /// </summary>
    public void ForgetTable(ObjectPath table)
    {
        lock (_gate)
        {
            _records.RemoveAll(r => r.Table == table && r.Pipe is null);
        }
    }
}
