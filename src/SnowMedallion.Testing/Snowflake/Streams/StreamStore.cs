using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;
using SnowMedallion.Testing.Snowflake.Engine;

namespace SnowMedallion.Testing.Snowflake.Streams;

/// <summary>
/// Change tracking for streams, kept in DuckDB next to the source table so that every change of a
/// stream's offset is part of the DuckDB transaction of the statement that causes it (a ROLLBACK undoes it).
/// </summary>
/// <remarks>
/// <para>Per source database, schema <c>__SM_STREAMS</c> holds <c>OFFSETS</c> (one row per stream) and one
/// table <c>S&lt;id&gt;</c> per stream with the rowid (<c>__SM_RID</c>) and the source's columns.</para>
/// <para>Append-only stream: the rows with rowid above <c>WATERMARK</c> (the largest committed rowid at the
/// offset), as inserted. Before any statement that may change or remove rows of the source
/// (<see cref="BeforeSourceModified"/>: UPDATE, DELETE, MERGE, TRUNCATE, INSERT OVERWRITE), the rows
/// appended since the offset and not yet kept are copied into <c>S&lt;id&gt;</c>, and <c>PRESERVED_UPTO</c>
/// moves past them; the stream then reads the kept rows plus the source's rows above <c>PRESERVED_UPTO</c>.
/// A load-only table (the BRONZE case) never copies a row: reading is a rowid range scan.</para>
/// <para>Standard stream: rows above <c>WATERMARK</c> are inserts. Rows at or below it are unchanged until
/// the first statement that may change them; that statement first snapshots them into <c>S&lt;id&gt;</c>
/// (<c>SNAPSHOT_TAKEN</c>), and the stream compares the snapshot with the table by rowid: gone -> DELETE,
/// changed -> DELETE + INSERT with METADATA$ISUPDATE = TRUE. Net change therefore comes for free: a row
/// inserted and updated since the offset is one INSERT with its current values.</para>
/// <para><see cref="Advance"/> (after a DML statement that read the stream, in its transaction) empties
/// <c>S&lt;id&gt;</c> and moves <c>WATERMARK</c> to the largest committed rowid the transaction sees.</para>
/// <para>DuckDB lets one transaction write to one attached database only, so a statement that consumes a
/// stream must write to the stream's source database (see <see cref="Advance"/>).</para>
/// </remarks>
internal static class StreamStore
{
    /// <summary>The hidden schema, in the source table's DuckDB database.</summary>
    public const string HiddenSchema = "__SM_STREAMS";

    /// <summary>The rowid column of the per-stream tables.</summary>
    public const string RowIdColumn = "__SM_RID";

    private static readonly string LocalRowIds = RowIdentity.FirstTransactionLocalRowId.ToString(CultureInfo.InvariantCulture);

    // Per stream, the facts of the last transaction that asked (staleness, columns, offset).
    private static readonly ConditionalWeakTable<StreamDefinition, StrongBox<TransactionFacts?>> Facts = new();

    // Per stream, the DDL generation (plus one, so that 0 means none) at which its source table was last found to be the
    // one the stream was created on. No DDL since then means the table is still that one (see IsStaleNow).
    private static readonly ConditionalWeakTable<StreamDefinition, StrongBox<long>> FreshAt = new();

    // Per connection, the pre-images its current transaction created. A pre-image is named after the transaction that
    // creates it and only this class creates one, on the session's own connection: what is not recorded here for the
    // current transaction does not exist, and no catalog lookup is needed to know it.
    private static readonly ConditionalWeakTable<DuckDBConnection, PreImageLog> PreImages = new();

    /// <summary>Quotes a DuckDB identifier.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The DuckDB relation of a Snowflake object (database = DuckDB catalog, schema = DuckDB schema).</summary>
    public static string Relation(ObjectPath path) => Quote(path.Database) + "." + Quote(path.Schema) + "." + Quote(path.Name);

    /// <summary>DuckDB's oid of a table, or null when there is no such table.</summary>
    public static long? TableOid(DuckDBConnection connection, ObjectPath table)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var value = Scalar(
            connection,
            "SELECT table_oid FROM duckdb_tables() WHERE database_name = " + Literal(table.Database) +
            " AND schema_name = " + Literal(table.Schema) + " AND table_name = " + Literal(table.Name));
        return value is null ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    /// <summary>True when the source table was dropped or replaced since the stream was created.</summary>
    public static bool IsStale(DuckDBConnection connection, StreamDefinition stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return TableOid(connection, stream.Table) != stream.TableOid;
    }

    /// <summary>Snowflake's error for reading a stale stream (091901).</summary>
    public static LocalSnowflakeException StaleError(StreamDefinition stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new LocalSnowflakeException(
            91901,
            "01000",
            $"Base table '{stream.Table}' dropped, cannot read from stream '{stream.Path.Name}'. " +
            $"The table was dropped or replaced (CREATE OR REPLACE TABLE) after stream {stream.Path} was created: recreate the stream.");
    }

    /// <summary>
    /// Sets up tracking for a new stream (DDL: run outside an explicit transaction). The offset is the
    /// table's current committed state, or before its first row with SHOW_INITIAL_ROWS.
    /// </summary>
    public static void Create(DuckDBConnection connection, StreamDefinition stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var schema = Quote(stream.Table.Database) + "." + Quote(HiddenSchema);
        Execute(connection, "CREATE SCHEMA IF NOT EXISTS " + schema);
        Execute(
            connection,
            "CREATE TABLE IF NOT EXISTS " + Offsets(stream) +
            " (STREAM_ID BIGINT NOT NULL, WATERMARK BIGINT NOT NULL, PRESERVED_UPTO BIGINT NOT NULL, SNAPSHOT_TAKEN BOOLEAN NOT NULL)");
        Execute(
            connection,
            "CREATE OR REPLACE TABLE " + Data(stream) + " AS SELECT rowid AS " + Quote(RowIdColumn) + ", * FROM " +
            Relation(stream.Table) + " LIMIT 0");
        Execute(connection, "DELETE FROM " + Offsets(stream) + " WHERE STREAM_ID = " + Id(stream));
        var start = stream.ShowInitialRows ? "-1" : "coalesce(max(rowid), -1)";
        Execute(
            connection,
            "INSERT INTO " + Offsets(stream) + " SELECT " + Id(stream) + ", w, w, false FROM (SELECT " + start +
            " AS w FROM " + Relation(stream.Table) + " WHERE rowid < " + LocalRowIds + ")");
    }

    /// <summary>Removes a stream's tracking data (DROP STREAM, CREATE OR REPLACE STREAM).</summary>
    public static void Drop(DuckDBConnection connection, StreamDefinition stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (TableOid(connection, OffsetsPath(stream)) is not null)
        {
            Execute(connection, "DELETE FROM " + Offsets(stream) + " WHERE STREAM_ID = " + Id(stream));
        }

        if (TableOid(connection, DataPath(stream)) is not null)
        {
            Execute(connection, "DROP TABLE " + Data(stream));
        }
    }

    /// <summary>
    /// The DuckDB query (parenthesized, usable as a FROM item) returning the stream's change rows: the
    /// source's columns, then METADATA$ACTION, METADATA$ISUPDATE and METADATA$ROW_ID.
    /// </summary>
    /// <param name="connection">The session's connection.</param>
    /// <param name="stream">The stream.</param>
    /// <param name="ddlGeneration">The DDL generation the connection's snapshot reflects
    /// (<c>Session.SnapshotDdlGeneration</c>), or null to look the source table up in the catalog.</param>
    public static string ChangesSql(DuckDBConnection connection, StreamDefinition stream, long? ddlGeneration = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ChangesSql(connection, stream, FactsOf(connection, stream, ddlGeneration));
    }

    private static string ChangesSql(DuckDBConnection connection, StreamDefinition stream, TransactionFacts facts)
    {
        if (IsStaleNow(connection, stream, facts))
        {
            throw StaleError(stream);
        }

        var columns = SourceColumns(connection, stream, facts);
        var data = Data(stream);
        var rid = Quote(RowIdColumn);
        var current = CurrentRows(connection, stream, facts);
        string Current(string alias) => string.Join(", ", columns.Select(c => alias + "." + Quote(c)));

        // The kept rows' columns (a query) are needed only when the kept-rows table is read.
        HashSet<string> Kept() => DataColumns(connection, stream, facts).Where(c => c != RowIdColumn).ToHashSet(StringComparer.Ordinal);
        string Snapshot(string alias, HashSet<string> kept) =>
            string.Join(", ", columns.Select(c => (kept.Contains(c) ? alias + "." + Quote(c) : "NULL") + " AS " + Quote(c)));

        // The offset is read now, in the statement's transaction after BeforeStatement's bookkeeping, and written as a
        // literal: a scalar subquery here becomes a nested-loop join over every row of the table, and a constant
        // lets DuckDB skip the row groups below the offset.
        var state = OffsetState(connection, stream, facts);
        string InsertedAbove(long offset) =>
            "SELECT " + Current("c") + ", 'INSERT' AS \"METADATA$ACTION\", FALSE AS \"METADATA$ISUPDATE\", " +
            RowIdSql(stream, "c." + rid) + " AS \"METADATA$ROW_ID\" FROM " + current + " c WHERE c." + rid + " > " + Num(offset);

        var sb = new StringBuilder("(");
        if (stream.Mode == StreamMode.AppendOnly && DataEmpty(connection, stream, facts))
        {
            // Nothing kept (the usual case: nothing modified the source since the offset): a rowid range of the table
            // alone, which DuckDB plans in half the time of the UNION ALL with the kept rows.
            sb.Append(InsertedAbove(state.PreservedUpTo));
        }
        else if (stream.Mode == StreamMode.AppendOnly)
        {
            sb.Append("SELECT ").Append(Snapshot("k", Kept())).Append(", 'INSERT' AS \"METADATA$ACTION\", FALSE AS \"METADATA$ISUPDATE\", ")
                .Append(RowIdSql(stream, "k." + rid)).Append(" AS \"METADATA$ROW_ID\" FROM ").Append(data).Append(" k")
                .Append(" UNION ALL ").Append(InsertedAbove(state.PreservedUpTo));
        }
        else
        {
            var kept = Kept();
            var compared = columns.Where(kept.Contains).ToList();
            var distinct = compared.Count == 0
                ? "FALSE"
                : "ROW(" + string.Join(", ", compared.Select(c => "s." + Quote(c))) + ") IS DISTINCT FROM ROW(" +
                  string.Join(", ", compared.Select(c => "c." + Quote(c))) + ")";
            sb.Append(InsertedAbove(state.Watermark))
                .Append(" UNION ALL SELECT ").Append(Snapshot("s", kept)).Append(", 'DELETE', c.").Append(rid).Append(" IS NOT NULL, ")
                .Append(RowIdSql(stream, "s." + rid)).Append(" FROM ").Append(data).Append(" s LEFT JOIN ").Append(current)
                .Append(" c ON c.").Append(rid).Append(" = s.").Append(rid).Append(" WHERE c.").Append(rid).Append(" IS NULL OR ").Append(distinct)
                .Append(" UNION ALL SELECT ").Append(Current("c")).Append(", 'INSERT', TRUE, ").Append(RowIdSql(stream, "c." + rid))
                .Append(" FROM ").Append(data).Append(" s JOIN ").Append(current).Append(" c ON c.").Append(rid).Append(" = s.").Append(rid)
                .Append(" WHERE ").Append(distinct);
        }

        return sb.Append(')').ToString();
    }

    /// <summary>SYSTEM$STREAM_HAS_DATA: true when the stream has a change row.</summary>
    public static bool HasData(DuckDBConnection connection, StreamDefinition stream, long? ddlGeneration = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var facts = FactsOf(connection, stream, ddlGeneration);
        if (stream.Mode == StreamMode.AppendOnly)
        {
            if (IsStaleNow(connection, stream, facts))
            {
                throw StaleError(stream);
            }

            // Two short-circuiting probes instead of EXISTS over the UNION ALL: a rowid range probe stops at the first row.
            var rid = Quote(RowIdColumn);
            return !DataEmpty(connection, stream, facts) ||
                Scalar(
                    connection,
                    "SELECT EXISTS (SELECT 1 FROM " + CurrentRows(connection, stream, facts) + " c WHERE c." + rid +
                    " > " + Num(OffsetState(connection, stream, facts).PreservedUpTo) + ")") is true;
        }

        return Scalar(connection, "SELECT EXISTS (SELECT 1 FROM " + ChangesSql(connection, stream, facts) + " x)") is true;
    }

    /// <summary>
    /// Call before a statement that may change or remove rows of a stream's source table (UPDATE, DELETE,
    /// MERGE, TRUNCATE, INSERT OVERWRITE), in that statement's transaction: keeps what the stream must
    /// still report (append-only: the rows appended since the offset, as inserted; standard: the rows as of
    /// the offset, once).
    /// </summary>
    /// <param name="connection">The session's connection.</param>
    /// <param name="stream">A stream on the table about to be modified.</param>
    /// <param name="inExplicitTransaction">True inside BEGIN ... COMMIT: the table's state at the start of the
    /// transaction is kept too, because a stream read later in the transaction must not see the transaction's
    /// own changes (streams-intro: the change interval ends at the transaction's start).</param>
    /// <param name="ddlGeneration">As for <see cref="ChangesSql(DuckDBConnection, StreamDefinition, long?)"/>.</param>
    public static void BeforeSourceModified(DuckDBConnection connection, StreamDefinition stream, bool inExplicitTransaction, long? ddlGeneration = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var facts = FactsOf(connection, stream, ddlGeneration);
        if (IsStaleNow(connection, stream, facts))
        {
            return;
        }

        DropFinishedPreImages(connection, stream, facts);
        if (inExplicitTransaction && PreImage(connection, stream, facts) is null)
        {
            var preImage = Relation(PreImagePath(stream, facts));
            Execute(
                connection,
                "CREATE TABLE " + preImage + " AS SELECT rowid AS " + Quote(RowIdColumn) + ", * FROM " +
                Relation(stream.Table) + " WHERE rowid < " + LocalRowIds);
            PreImages.GetOrCreateValue(connection).Record(facts.Transaction, stream.TableOid);
        }

        var kept = DataColumns(connection, stream, facts).Where(c => c != RowIdColumn).ToList();
        var sourceColumns = SourceColumns(connection, stream, facts).ToHashSet(StringComparer.Ordinal);
        kept = [.. kept.Where(sourceColumns.Contains)];
        var target = Data(stream) + " (" + Quote(RowIdColumn) + string.Concat(kept.Select(c => ", " + Quote(c))) + ")";
        var select = "SELECT rowid" + string.Concat(kept.Select(c => ", " + Quote(c))) + " FROM " + Relation(stream.Table);
        var state = OffsetState(connection, stream, facts);
        if (stream.Mode == StreamMode.AppendOnly)
        {
            var upTo = Scalar(
                connection,
                "SELECT max(rowid) FROM " + Relation(stream.Table) + " WHERE rowid > " + Num(state.PreservedUpTo) + " AND rowid < " + LocalRowIds);
            if (upTo is null)
            {
                return;
            }

            var last = Convert.ToInt64(upTo, CultureInfo.InvariantCulture);
            Execute(connection, "INSERT INTO " + target + " " + select + " WHERE rowid > " + Num(state.PreservedUpTo) + " AND rowid <= " + Num(last));
            facts.DataEmpty = null;
            Execute(connection, "UPDATE " + Offsets(stream) + " SET PRESERVED_UPTO = " + Num(last) + " WHERE STREAM_ID = " + Id(stream));
            facts.Offset = state with { PreservedUpTo = last };
        }
        else if (!state.SnapshotTaken)
        {
            Execute(connection, "INSERT INTO " + target + " " + select + " WHERE rowid <= " + Num(state.Watermark));
            facts.DataEmpty = null;
            Execute(connection, "UPDATE " + Offsets(stream) + " SET SNAPSHOT_TAKEN = true WHERE STREAM_ID = " + Id(stream));
            facts.Offset = state with { SnapshotTaken = true };
        }
    }

    /// <summary>
    /// Moves the stream's offset to what the current transaction sees; call right after a DML statement
    /// that read the stream, in its transaction, so that COMMIT keeps the move and ROLLBACK undoes it.
    /// </summary>
    public static void Advance(DuckDBConnection connection, StreamDefinition stream, long? ddlGeneration = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var facts = FactsOf(connection, stream, ddlGeneration);
        if (IsStaleNow(connection, stream, facts))
        {
            return;
        }

        var state = OffsetState(connection, stream, facts);
        var offset = Math.Max(state.Watermark, state.PreservedUpTo);
        // Only rows above the offset can move it, and a rowid range lets DuckDB skip every row group below.
        var seen = Scalar(
            connection,
            "SELECT max(rowid) FROM " + Relation(stream.Table) + " WHERE rowid > " + Num(offset) + " AND rowid < " + LocalRowIds);
        var watermark = Math.Max(offset, seen is null ? -1 : Convert.ToInt64(seen, CultureInfo.InvariantCulture));
        if (state.SnapshotTaken || stream.Mode == StreamMode.AppendOnly)
        {
            Execute(connection, "DELETE FROM " + Data(stream));
            facts.DataEmpty = true;
        }

        // The transaction changed the table before this statement: the new offset is the table as of the
        // transaction's start, so those changes remain in the stream after COMMIT.
        var preImage = stream.Mode == StreamMode.Default ? PreImage(connection, stream, facts) : null;
        if (preImage is not null)
        {
            var kept = DataColumns(connection, stream, facts).ToList();
            Execute(
                connection,
                "INSERT INTO " + Data(stream) + " (" + string.Join(", ", kept.Select(Quote)) + ") SELECT " +
                string.Join(", ", kept.Select(Quote)) + " FROM " + preImage + " WHERE " + Quote(RowIdColumn) + " <= " + Num(watermark));
            facts.DataEmpty = null;
        }

        Execute(
            connection,
            "UPDATE " + Offsets(stream) + " SET WATERMARK = " + Num(watermark) + ", PRESERVED_UPTO = " + Num(watermark) +
            ", SNAPSHOT_TAKEN = " + (preImage is null ? "false" : "true") + " WHERE STREAM_ID = " + Id(stream));
        facts.Offset = new OffsetRow(watermark, watermark, preImage is not null);
    }

    /// <summary>The rows the stream compares against: the table as of the transaction start when the
    /// transaction changed it already (pre-image), else the table's committed-or-own rows, with their rowid.</summary>
    private static string CurrentRows(DuckDBConnection connection, StreamDefinition stream, TransactionFacts facts) =>
        PreImage(connection, stream, facts) is { } preImage
            ? "(SELECT * FROM " + preImage + ")"
            : "(SELECT rowid AS " + Quote(RowIdColumn) + ", * FROM " + Relation(stream.Table) + " WHERE rowid < " + LocalRowIds + ")";

    private static ObjectPath PreImagePath(StreamDefinition stream, TransactionFacts facts) =>
        new(stream.Table.Database, HiddenSchema, "PRE_" + Num(facts.Transaction) + "_" + Num(stream.TableOid));

    private static string? PreImage(DuckDBConnection connection, StreamDefinition stream, TransactionFacts facts) =>
        PreImages.TryGetValue(connection, out var log) && log.Has(facts.Transaction, stream.TableOid)
            ? Relation(PreImagePath(stream, facts))
            : null;

    // The catalog lookup behind IsStale reads duckdb_tables(), which renders every table's DDL (3-12 ms with the
    // pipeline's tables). A source table can only be dropped or replaced by DDL, so a table found fresh at an even DDL
    // generation is still fresh for any snapshot taken at that same generation.
    private static bool IsStaleNow(DuckDBConnection connection, StreamDefinition stream, TransactionFacts facts)
    {
        if (facts.Fresh)
        {
            return false;
        }

        var generation = facts.DdlGeneration is { } g && g % 2 == 0 ? g : (long?)null;
        var freshAt = FreshAt.GetOrCreateValue(stream);
        if (generation is not null && Volatile.Read(ref freshAt.Value) == generation + 1)
        {
            facts.Fresh = true;
            return false;
        }

        var stale = IsStale(connection, stream);
        facts.Fresh = !stale;
        if (!stale && generation is not null)
        {
            Volatile.Write(ref freshAt.Value, generation.Value + 1);
        }

        return stale;
    }

    private static IReadOnlyList<string> SourceColumns(DuckDBConnection connection, StreamDefinition stream, TransactionFacts facts) =>
         facts.SourceColumns ??= Columns(connection, Relation(stream.Table));

    private static IReadOnlyList<string> DataColumns(DuckDBConnection connection, StreamDefinition stream, TransactionFacts facts) =>
         facts.DataColumns ??= Columns(connection, Data(stream));

    /// <summary>What the current DuckDB transaction has learnt about <paramref name="stream"/> (see <see cref="TransactionFacts"/>).</summary>
    private static TransactionFacts FactsOf(DuckDBConnection connection, StreamDefinition stream, long? ddlGeneration)
    {
        var transaction = Convert.ToInt64(Scalar(connection, "SELECT txid_current()"), CultureInfo.InvariantCulture);
        var box = Facts.GetValue(stream, _ => new StrongBox<TransactionFacts?>());
        var facts = Volatile.Read(ref box.Value);
        if (facts is null || facts.Transaction != transaction)
        {
            facts = new TransactionFacts(transaction);
            Volatile.Write(ref box.Value, facts);
        }

        facts.DdlGeneration = ddlGeneration;
        return facts;
    }

    /// <summary>Pre-images another transaction created are visible only once it committed: drop them.</summary>
    private static void DropFinishedPreImages(DuckDBConnection connection, StreamDefinition stream, TransactionFacts facts)
    {
        var mine = PreImagePath(stream, facts).Name;
        var names = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT table_name FROM duckdb_tables() WHERE database_name = " + Literal(stream.Table.Database) +
                " AND schema_name = " + Literal(HiddenSchema) + " AND starts_with(table_name, 'PRE_')";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }
        }

        foreach (var name in names.Where(n => n != mine))
        {
            Execute(connection, "DROP TABLE IF EXISTS " + Relation(new ObjectPath(stream.Table.Database, HiddenSchema, name)));
        }
    }

    // Only this class writes the kept-rows table, and it records each write in the facts.
    private static bool DataEmpty(DuckDBConnection connection, StreamDefinition stream, TransactionFacts facts) =>
        facts.DataEmpty ??= Scalar(connection, "SELECT EXISTS (SELECT 1 FROM " + Data(stream) + ")") is not true;

    // Only this class writes OFFSETS, and it records each write in the facts: within one transaction the row is read once.
    private static OffsetRow OffsetState(DuckDBConnection connection, StreamDefinition stream, TransactionFacts facts) =>
        facts.Offset ??= ReadOffset(connection, stream);

    private static OffsetRow ReadOffset(DuckDBConnection connection, StreamDefinition stream)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT WATERMARK, PRESERVED_UPTO, SNAPSHOT_TAKEN FROM " + Offsets(stream) + " WHERE STREAM_ID = " + Id(stream);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new InvalidOperationException($"Stream {stream.Path} has no offset row in {Offsets(stream)}.");
        }

        return new OffsetRow(reader.GetInt64(0), reader.GetInt64(1), reader.GetBoolean(2));
    }

    private static string RowIdSql(StreamDefinition stream, string rowId)
    {
        // 40 hex digits like Snowflake's: 16 from the table's identity, 24 from the rowid.
        var key = SHA256.HashData(Encoding.UTF8.GetBytes(stream.Table + "#" + stream.TableOid.ToString(CultureInfo.InvariantCulture)));
        var prefix = Convert.ToHexStringLower(key, 0, 8);
        return "('" + prefix + "' || lower(lpad(hex(" + rowId + "), 24, '0')))";
    }

    private static IReadOnlyList<string> Columns(DuckDBConnection connection, string relation)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM " + relation + " LIMIT 0";
        using var reader = command.ExecuteReader();
        return [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)];
    }

    private static ObjectPath OffsetsPath(StreamDefinition stream) => new(stream.Table.Database, HiddenSchema, "OFFSETS");

    private static ObjectPath DataPath(StreamDefinition stream) =>
        new(stream.Table.Database, HiddenSchema, "S" + stream.Id.ToString(CultureInfo.InvariantCulture));

    private static string Offsets(StreamDefinition stream) => Relation(OffsetsPath(stream));

    private static string Data(StreamDefinition stream) => Relation(DataPath(stream));

    private static string Id(StreamDefinition stream) => Num(stream.Id);

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static void Execute(DuckDBConnection connection, string sql) => DuckDbResults.Execute(connection, sql);

    private static object? Scalar(DuckDBConnection connection, string sql) => DuckDbResults.Scalar(connection, sql);

    /// <summary>
    /// Answers that hold for one DuckDB transaction: a transaction that reads a stream several times (the generated
    /// upsert reads it four times) asks the catalog the same questions each time, a few milliseconds apiece. DDL, which
    /// could change the answers, runs in a transaction of its own; the offset row is written only by this class, which
    /// records each write here.
    /// </summary>
    private sealed class TransactionFacts(long transaction)
    {
        public long Transaction { get; } = transaction;

        public bool Fresh { get; set; }

        public IReadOnlyList<string>? SourceColumns { get; set; }

        public IReadOnlyList<string>? DataColumns { get; set; }

        public OffsetRow? Offset { get; set; }

        /// <summary>Whether the stream's kept-rows table is empty, once known in this transaction.</summary>
        public bool? DataEmpty { get; set; }

        /// <summary>The DDL generation the caller's snapshot reflects, when the caller knows it.</summary>
        public long? DdlGeneration { get; set; }
    }

    /// <summary>A stream's row of OFFSETS.</summary>
    private readonly record struct OffsetRow(long Watermark, long PreservedUpTo, bool SnapshotTaken);

    /// <summary>The table oids whose pre-image one connection's current transaction created.</summary>
    private sealed class PreImageLog
    {
        private readonly HashSet<long> _tables = [];
        private long _transaction = -1;

        public void Record(long transaction, long tableOid)
        {
            if (transaction != _transaction)
            {
                _tables.Clear();
                _transaction = transaction;
            }

            _tables.Add(tableOid);
        }

        public bool Has(long transaction, long tableOid) => transaction == _transaction && _tables.Contains(tableOid);
    }
}
