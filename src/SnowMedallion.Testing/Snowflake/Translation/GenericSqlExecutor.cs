using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using DuckDB.NET.Data;
using SnowMedallion.Sql.Lexing;

namespace SnowMedallion.Testing.Snowflake.Translation;

/// <summary>Which generic statement ran.</summary>
internal enum GenericStatementKind
{
    /// <summary>SELECT / WITH ... SELECT / set operations.</summary>
    Query,

    /// <summary>INSERT.</summary>
    Insert,

    /// <summary>UPDATE.</summary>
    Update,

    /// <summary>DELETE.</summary>
    Delete,

    /// <summary>MERGE.</summary>
    Merge,

    /// <summary>TRUNCATE TABLE.</summary>
    Truncate,

    /// <summary>CREATE TABLE (also AS SELECT, LIKE, CLONE).</summary>
    CreateTable,

    /// <summary>CREATE VIEW.</summary>
    CreateView,

    /// <summary>ALTER TABLE.</summary>
    AlterTable,

    /// <summary>DROP TABLE.</summary>
    DropTable,

    /// <summary>DROP VIEW.</summary>
    DropView,
}

/// <summary>The outcome of a generic statement.</summary>
/// <param name="Result">Snowflake-shaped result.</param>
/// <param name="Kind">Which statement ran.</param>
/// <param name="RelationsRead">Tables, views (and substituted relations such as streams) the statement read, in order.</param>
/// <param name="Target">The table or view the statement wrote, created, altered or dropped; null for queries.</param>
/// <param name="Replaced">True when CREATE OR REPLACE replaced an existing table or view.</param>
internal sealed record GenericSqlResult(
    LocalResult Result,
    GenericStatementKind Kind,
    IReadOnlyList<ObjectPath> RelationsRead,
    ObjectPath? Target,
    bool Replaced = false);

/// <summary>
/// Translates and executes the statements of Snowflake SQL that DuckDB can run once rewritten: queries, DML
/// (INSERT, UPDATE, DELETE, MERGE, TRUNCATE) and table/view DDL (CREATE / ALTER / DROP TABLE, CREATE / DROP VIEW).
/// </summary>
/// <remarks>
/// Entry points for the engine (stable):
/// <list type="bullet">
/// <item><see cref="CanExecute"/>: whether a statement belongs here.</item>
/// <item><see cref="Execute"/>: runs it on the session's DuckDB connection and returns the result with the relations read.</item>
/// <item><see cref="TranslateQuery"/> / <see cref="TranslateExpression"/>: translation only, for statements the engine
/// runs itself (COPY transformations, pipes, tasks' WHEN, ...).</item>
/// </list>
/// Every statement is translated once and executed inside DuckDB; no per-row work happens in C# except reading a
/// query's result rows. Transactions are the engine's: the executor never commits, except that it wraps its own
/// multi-step statements (INSERT OVERWRITE, CREATE TABLE ... AS with a column list, CLONE) in a transaction when
/// none is open.
/// </remarks>
internal static class GenericSqlExecutor
{
    private static readonly ConditionalWeakTable<DuckDBConnection, string> TimeZones = [];

    private static readonly LocalColumn[] NoColumns = [];

    /// <summary>Whether <paramref name="statement"/> is one the generic executor runs.</summary>
    /// <param name="statement">Tokens of one statement.</param>
    /// <returns>True for SELECT, WITH, (, VALUES, INSERT, UPDATE, DELETE, MERGE, TRUNCATE and table/view DDL.</returns>
    public static bool CanExecute(IReadOnlyList<SqlToken> statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (statement.Count == 0)
        {
            return false;
        }

        var first = statement[0];
        if (first.IsSymbol("("))
        {
            return true;
        }

        if (first.Kind != SqlTokenKind.Identifier)
        {
            return false;
        }

        switch (first.Value)
        {
            case "SELECT" or "WITH" or "INSERT" or "UPDATE" or "DELETE" or "MERGE" or "TRUNCATE":
                return true;
            case "CREATE":
                var kind = CreateKind(statement, out _, out _);
                return kind is "TABLE" or "VIEW";
            case "ALTER":
                return statement.Count > 1 && statement[1].IsKeyword("TABLE");
            case "DROP":
                return statement.Count > 1 && (statement[1].IsKeyword("TABLE") || statement[1].IsKeyword("VIEW"));
            default:
                return false;
        }
    }

    /// <summary>Translates and runs one statement.</summary>
    /// <param name="connection">The session's DuckDB connection.</param>
    /// <param name="statement">Tokens of one statement (from <see cref="SnowflakeTokenizer"/>; no comments or semicolons).</param>
    /// <param name="scope">The session context.</param>
    /// <returns>The result and what the statement read.</returns>
    /// <exception cref="LocalSnowflakeException">Snowflake's error, or 0A000 for an unsupported construct.</exception>
    public static GenericSqlResult Execute(DuckDBConnection connection, IReadOnlyList<SqlToken> statement, TranslationScope scope)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(scope);
        if (statement.Count == 0)
        {
            throw new LocalSnowflakeException(900, "42000", "Empty SQL statement.");
        }

        EnsureTimeZone(connection, scope.TimeZone);
        var runner = new StatementRunner(connection, statement, scope);
        try
        {
            return runner.Run();
        }
        catch (DuckDBException error)
        {
            throw DuckDbErrors.Translate(error);
        }
    }

    /// <summary>Translates a query (SELECT ...) to DuckDB SQL without running it.</summary>
    /// <param name="query">Tokens of the query.</param>
    /// <param name="scope">The session context.</param>
    /// <param name="relationsRead">The relations the query reads.</param>
    /// <returns>DuckDB SQL.</returns>
    public static string TranslateQuery(IReadOnlyList<SqlToken> query, TranslationScope scope, out IReadOnlyList<ObjectPath> relationsRead)
    {
        ArgumentNullException.ThrowIfNull(query);
        var translator = new SqlTranslator(query, scope);
        var sql = translator.Translate(0, query.Count);
        relationsRead = translator.Reads;
        return sql;
    }

    /// <summary>Translates an expression (e.g. <c>CURRENT_TIMESTAMP(6)</c>, <c>TRIM(x)</c>) to DuckDB SQL.</summary>
    /// <param name="expression">Tokens of the expression.</param>
    /// <param name="scope">The session context.</param>
    /// <returns>DuckDB SQL.</returns>
    public static string TranslateExpression(IReadOnlyList<SqlToken> expression, TranslationScope scope)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return new SqlTranslator(expression, scope).Translate(0, expression.Count);
    }

    /// <summary>Sets DuckDB's TimeZone to the session's, once per change.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="zone">The session time zone.</param>
    public static void EnsureTimeZone(DuckDBConnection connection, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(zone);
        var id = zone.HasIanaId ? zone.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : "UTC";
        if (TimeZones.TryGetValue(connection, out var current) && current == id)
        {
            return;
        }

        NonQuery(connection, $"SET TimeZone = {SqlNames.Literal(id)}");
        TimeZones.AddOrUpdate(connection, id);
    }

    /// <summary>Runs a statement that returns no rows; returns DuckDB's affected row count.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="sql">DuckDB SQL.</param>
    /// <returns>Rows affected.</returns>
    internal static int NonQuery(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    /// <summary>Runs a DuckDB query and materializes it with Snowflake column types.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="sql">DuckDB SQL of a query.</param>
    /// <param name="zone">Session time zone (TIMESTAMP_LTZ values are shown in it).</param>
    /// <returns>The result.</returns>
    internal static LocalResult Query(DuckDBConnection connection, string sql, TimeZoneInfo zone)
    {
        string[] names;
        string?[] types;
        var rows = new List<object?[]>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = sql;
            using var data = command.ExecuteReader();
            names = [.. Enumerable.Range(0, data.FieldCount).Select(data.GetName)];
            types = [.. Enumerable.Range(0, data.FieldCount).Select(c => ReaderType(data.GetDataTypeName(c)))];
            while (data.Read())
            {
                var row = new object?[names.Length];
                for (var c = 0; c < row.Length; c++)
                {
                    // A BLOB comes as a stream over the reader's buffer: copy it before the reader moves on.
                    var value = data.IsDBNull(c) ? null : data.GetValue(c);
                    row[c] = value is Stream stream ? ReadAll(stream) : value;
                }

                rows.Add(row);
            }
        }

        // DESCRIBE re-plans the query (a few milliseconds for a large one), so it runs only when the reader's types
        // leave a Snowflake type open: a VARCHAR may be JSON (VARIANT), a DECIMAL needs its precision and scale.
        if (types.Any(t => t is null))
        {
            var described = Describe(connection, sql);
            types = [.. types.Select((t, c) => t ?? described[c])];
        }

        var columns = names.Select((name, c) =>
        {
            var (snowflake, clr) = SnowflakeTypes.FromDuckDb(types[c]!);
            return new LocalColumn(name, snowflake, clr);
        }).ToArray();

        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                row[c] = row[c] is { } value ? Convert(value, columns[c].ClrType, zone) : null;
            }
        }

        return new LocalResult(columns, rows);
    }

    /// <summary>DuckDB's type name for a reader's column type when it alone fixes the Snowflake type; otherwise null.</summary>
    private static string? ReaderType(string readerType) => readerType switch
    {
        "Boolean" => "BOOLEAN",
        "TinyInt" or "SmallInt" or "Integer" or "BigInt" or "UnsignedTinyInt" or "UnsignedSmallInt" or "UnsignedInteger" => "BIGINT",
        "UnsignedBigInt" or "HugeInt" or "UnsignedHugeInt" => "HUGEINT",
        "Float" or "Double" => "DOUBLE",
        "Date" => "DATE",
        "Time" => "TIME",
        "TimestampTz" => "TIMESTAMP WITH TIME ZONE",
        "Timestamp" or "TimestampS" or "TimestampMs" or "TimestampNs" => "TIMESTAMP",
        "Blob" => "BLOB",
        _ => null,
    };

    /// <summary>DuckDB's type name of each column of a query (DESCRIBE plans it without running it).</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="sql">DuckDB SQL of a query.</param>
    /// <returns>One type name per column, in order.</returns>
    internal static List<string> Describe(DuckDBConnection connection, string sql)
    {
        var types = new List<string>();
        using var describe = connection.CreateCommand();
        describe.CommandText = "DESCRIBE " + sql;
        using var reader = describe.ExecuteReader();
        while (reader.Read())
        {
            types.Add(reader.GetString(1));
        }

        return types;
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static object? Convert(object value, Type clr, TimeZoneInfo zone)
    {
        switch (value)
        {
            case DateOnly date:
                return date.ToDateTime(TimeOnly.MinValue);
            case TimeOnly time:
                return time.ToTimeSpan();
            case DateTime stamp when clr == typeof(DateTimeOffset):
                var utc = new DateTimeOffset(DateTime.SpecifyKind(stamp, DateTimeKind.Utc));
                return TimeZoneInfo.ConvertTime(utc, zone);
            case decimal number when clr == typeof(long):
                return number is >= long.MinValue and <= long.MaxValue ? (object)(long)number : number;
            case sbyte or byte or short or ushort or int or uint or long:
                return System.Convert.ToInt64(value, CultureInfo.InvariantCulture);
            case ulong or System.Numerics.BigInteger:
                return decimal.Parse(System.Convert.ToString(value, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture);
            case float single:
                return (double)single;
            default:
                return clr == typeof(string) && value is not string ? System.Convert.ToString(value, CultureInfo.InvariantCulture) : value;
        }
    }

    /// <summary>A one-row DML result with count columns, as Snowflake returns for INSERT/UPDATE/DELETE/MERGE.</summary>
    /// <param name="columns">Column names.</param>
    /// <param name="counts">Counts, one per column.</param>
    /// <returns>The result; RowsAffected is the sum.</returns>
    internal static LocalResult Counts(IReadOnlyList<string> columns, IReadOnlyList<long> counts) =>
        new(
            [.. columns.Select(c => new LocalColumn(c, "NUMBER(38,0)", typeof(long)))],
            [counts.Cast<object?>().ToArray()],
            counts.Sum());

    /// <summary>Finds the kind word after CREATE [OR REPLACE] [modifiers].</summary>
    /// <param name="statement">Tokens.</param>
    /// <param name="kindIndex">Index of the kind word.</param>
    /// <param name="orReplace">Whether OR REPLACE was given.</param>
    /// <returns>TABLE, VIEW, another kind word, or null.</returns>
    internal static string? CreateKind(IReadOnlyList<SqlToken> statement, out int kindIndex, out bool orReplace)
    {
        var i = 1;
        orReplace = false;
        if (i + 1 < statement.Count && statement[i].IsKeyword("OR") && statement[i + 1].IsKeyword("REPLACE"))
        {
            orReplace = true;
            i += 2;
        }

        while (i < statement.Count && statement[i].Kind == SqlTokenKind.Identifier &&
            statement[i].Value is "LOCAL" or "GLOBAL" or "TEMP" or "TEMPORARY" or "VOLATILE" or "TRANSIENT" or "SECURE" or "RECURSIVE" or "MATERIALIZED")
        {
            i++;
        }

        kindIndex = i;
        return i < statement.Count && statement[i].Kind == SqlTokenKind.Identifier ? statement[i].Value : null;
    }

    /// <summary>Runs <paramref name="action"/> in a DuckDB transaction unless one is already open.</summary>
    /// <remarks>
    /// A BEGIN inside an open DuckDB transaction would abort it, so the open transaction is detected first: in
    /// autocommit mode every statement gets a new transaction id, inside a transaction the id stays the same.
    /// </remarks>
    /// <param name="connection">The connection.</param>
    /// <param name="action">The steps.</param>
    internal static void Atomically(DuckDBConnection connection, Action action)
    {
        if (InTransaction(connection))
        {
            action();
            return;
        }

        NonQuery(connection, "BEGIN TRANSACTION");
        try
        {
            action();
            NonQuery(connection, "COMMIT");
        }
        catch
        {
            NonQuery(connection, "ROLLBACK");
            throw;
        }
    }

    /// <summary>Whether a DuckDB transaction is open on <paramref name="connection"/>.</summary>
    /// <param name="connection">The connection.</param>
    /// <returns>True inside BEGIN ... COMMIT/ROLLBACK.</returns>
    internal static bool InTransaction(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT txid_current()";
        var first = command.ExecuteScalar();
        var second = command.ExecuteScalar();
        return Equals(first, second);
    }

    /// <summary>What kind of relation a path is in DuckDB: "TABLE", "VIEW" or null.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="path">The relation.</param>
    /// <returns>The kind or null.</returns>
    internal static string? RelationKindOf(DuckDBConnection connection, ObjectPath path)
    {
        var where = $"database_name = {SqlNames.Literal(path.Database)} AND schema_name = {SqlNames.Literal(path.Schema)}";
        using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT 'TABLE' FROM duckdb_tables() WHERE {where} AND table_name = {SqlNames.Literal(path.Name)} " +
            $"UNION ALL SELECT 'VIEW' FROM duckdb_views() WHERE {where} AND view_name = {SqlNames.Literal(path.Name)} AND NOT internal";
        return command.ExecuteScalar() as string;
    }

    /// <summary>The columns of a DuckDB table or view, with Snowflake types derived from DuckDB's.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="path">The relation.</param>
    /// <returns>Columns in order.</returns>
    internal static List<ColumnMetadata> DuckColumns(DuckDBConnection connection, ObjectPath path)
    {
        using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT column_name, data_type, is_nullable FROM duckdb_columns() WHERE database_name = {SqlNames.Literal(path.Database)} " +
            $"AND schema_name = {SqlNames.Literal(path.Schema)} AND table_name = {SqlNames.Literal(path.Name)} ORDER BY column_index";
        using var reader = command.ExecuteReader();
        var columns = new List<ColumnMetadata>();
        while (reader.Read())
        {
            var duckType = reader.GetString(1);
            var snowflake = duckType switch
            {
                "VARCHAR" => "VARCHAR(16777216)",
                "TIMESTAMP" => "TIMESTAMP_NTZ(9)",
                _ => SnowflakeTypes.FromDuckDb(duckType).Snowflake,
            };
            columns.Add(new ColumnMetadata(reader.GetString(0), snowflake, reader.GetBoolean(2)));
        }

        return columns;
    }

    internal static LocalColumn[] Empty => NoColumns;
}
