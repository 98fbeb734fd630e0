namespace SnowMedallion.Testing.Snowflake.Streams;

/// <summary>
/// How streams identify rows: DuckDB's <c>rowid</c> pseudo-column. Verified against DuckDB 1.5.6 by
/// <c>DuckDbRowIdTests</c>: a row keeps its rowid across UPDATE (no index on the updated column, no
/// LIST/STRUCT column updated), appends get increasing rowids in commit order (also across concurrent
/// connections), deleted rowids are not reused, and rows a transaction inserted carry transaction-local
/// rowids (at or above <see cref="FirstTransactionLocalRowId"/>) until it commits.
/// </summary>
/// <remarks>
/// Two DuckDB behaviours would break this and are switched off by <see cref="DatabaseSettingsSql"/>,
/// which the engine runs on its database before any stream exists: a checkpoint's vacuum renumbers
/// rowids of row groups with deletes (<c>max_vacuum_tasks = 0</c> stops it), and a checkpoint drops
/// trailing row groups whose rows were all deleted, so later appends reuse their rowids (no automatic
/// checkpoint of the in-memory database: a very large <c>checkpoint_threshold</c>).
/// </remarks>
internal static class RowIdentity
{
    /// <summary>DuckDB's MAX_ROW_ID: rows not yet committed by this transaction have rowids from here up.</summary>
    public const long FirstTransactionLocalRowId = 36_028_797_018_960_000;

    /// <summary>Global DuckDB settings that keep rowids stable and never reused (run once per database instance).</summary>
    public const string DatabaseSettingsSql = "SET max_vacuum_tasks = 0; SET checkpoint_threshold = '1000 TB';";
}
