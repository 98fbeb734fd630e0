using SnowMedallion.Testing.Snowflake.Engine.Catalog;

namespace SnowMedallion.Testing.Snowflake.Streams;

/// <summary>What a stream returns: every net change (standard) or inserts only.</summary>
internal enum StreamMode
{
    /// <summary>A standard (delta) stream: inserts, updates and deletes, netted. SHOW STREAMS mode DEFAULT.</summary>
    Default,

    /// <summary>An append-only stream: inserted rows only, as inserted. SHOW STREAMS mode APPEND_ONLY.</summary>
    AppendOnly,
}

/// <summary>A stream on a table, as CREATE STREAM defined it.</summary>
/// <param name="Id">Emulator-wide id; names the stream's hidden DuckDB table.</param>
/// <param name="Path">The stream's name.</param>
/// <param name="Table">The source table's name.</param>
/// <param name="TableOid">DuckDB's oid of the source table when the stream was created; a different oid
/// (CREATE OR REPLACE TABLE) or none (DROP TABLE) makes the stream stale.</param>
/// <param name="Mode">Standard or append-only.</param>
/// <param name="ShowInitialRows">SHOW_INITIAL_ROWS = TRUE: the first consumption returns the rows present at creation.</param>
/// <param name="Comment">COMMENT, if any.</param>
/// <param name="CreatedOn">When it was created (emulator clock).</param>
internal sealed record StreamDefinition(
    long Id,
    ObjectPath Path,
    ObjectPath Table,
    long TableOid,
    StreamMode Mode,
    bool ShowInitialRows,
    string? Comment,
    DateTimeOffset CreatedOn) : ISchemaObject
{
    /// <summary>The catalog kind name (errors: "Stream 'X' does not exist or not authorized.").</summary>
    public const string Kind = "Stream";

    /// <summary>COMMENT, if any; ALTER STREAM SET / UNSET COMMENT changes it in place.</summary>
    public string? Comment { get; set; } = Comment;

    /// <summary>When a DML statement last consumed the stream, or SYSTEM$STREAM_HAS_DATA last found it empty (SHOW STREAMS
    /// stale_after counts from it); null until then.</summary>
    public DateTimeOffset? LastConsumed { get; set; }

    /// <summary>When the stream's offset was last set: its last committed consumption, or its creation.</summary>
    public DateTimeOffset OffsetAt => LastConsumed ?? CreatedOn;

    /// <summary>SHOW STREAMS' <c>mode</c> column.</summary>
    public string ModeName => Mode == StreamMode.AppendOnly ? "APPEND_ONLY" : "DEFAULT";
}
