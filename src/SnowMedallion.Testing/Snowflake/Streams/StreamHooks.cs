using DuckDB.NET.Data;
using SnowMedallion.Sql.Lexing;
using SnowMedallion.Testing.Snowflake.Engine;
using SnowMedallion.Testing.Snowflake.Translation;

namespace SnowMedallion.Testing.Snowflake.Streams;

/// <summary>
/// How the generic SQL path involves streams. The engine calls, for each generic statement of a session:
/// <list type="number">
/// <item><see cref="BeforeStatement"/> before running it (keeps what streams on a table being updated,
/// deleted, merged or truncated must still report);</item>
/// <item><see cref="ResolveRelation"/> and <see cref="ResolveFunction"/> from the translator
/// (<c>TranslationScope.ResolveRelation</c> / <c>ResolveFunction</c>): a stream read becomes a DuckDB subquery,
/// <c>SYSTEM$STREAM_HAS_DATA('s')</c> a boolean literal;</item>
/// <item><see cref="AfterStatement"/> after a DML statement, in the same DuckDB transaction (wrap the three in
/// <c>Session.Atomically</c> when no transaction is open): every stream the statement read moves its offset,
/// so COMMIT keeps the move and ROLLBACK undoes it.</item>
/// </list>
/// </summary>
internal static class StreamHooks
{
    /// <summary>Before a generic statement: UPDATE / DELETE / MERGE / TRUNCATE / INSERT OVERWRITE of a table with streams.</summary>
    public static void BeforeStatement(Session session, IReadOnlyList<SqlToken> statement)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(statement);
        if (ModifiedTable(statement) is not { } parts)
        {
            return;
        }

        var table = Resolve(session, parts);
        // A stale stream can no longer be read, so there is nothing to keep for it.
        foreach (var stream in StreamsOn(session, table).Where(s => !StreamStaleness.IsExpired(session.Engine, s)))
        {
            StreamStore.BeforeSourceModified(session.Connection, stream, session.InTransaction, session.SnapshotDdlGeneration);
        }
    }

    /// <summary>
    /// For <c>TranslationScope.ResolveRelation</c>: DuckDB SQL (without outer parentheses) returning the stream's change
    /// rows when <paramref name="path"/> names a stream; null otherwise. Throws 091901 for a stale stream.
    /// </summary>
    public static string? ResolveRelation(Session session, ObjectPath path)
    {
        ArgumentNullException.ThrowIfNull(session);
        var stream = session.Engine.Catalog.Objects<StreamDefinition>(StreamDefinition.Kind).Find(path);
        if (stream is null)
        {
            return null;
        }

        StreamStaleness.ThrowIfExpired(session.Engine, stream);
        var sql = StreamStore.ChangesSql(session.Connection, stream, session.SnapshotDdlGeneration);
        return sql[1..^1];
    }

    /// <summary>For <c>TranslationScope.ResolveFunction</c>: <c>SYSTEM$STREAM_HAS_DATA('[db.][schema.]name')</c> as TRUE / FALSE.</summary>
    /// <remarks>https://docs.snowflake.com/en/sql-reference/functions/system_stream_has_data</remarks>
    public static string? ResolveFunction(Session session, string name, IReadOnlyList<IReadOnlyList<SqlToken>> arguments)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(arguments);
        if (!string.Equals(name, "SYSTEM$STREAM_HAS_DATA", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (arguments.Count != 1 || arguments[0].Count != 1 || arguments[0][0].Kind != SqlTokenKind.String)
        {
            throw new LocalSnowflakeException(1044, "42P13",
                "SQL compilation error: Invalid argument types for function 'SYSTEM$STREAM_HAS_DATA': expects one string literal, the stream name, e.g. SYSTEM$STREAM_HAS_DATA('DB.SCHEMA.STREAM').");
        }

        return HasData(session, arguments[0][0].Value) ? "TRUE" : "FALSE";
    }

    /// <summary>SYSTEM$STREAM_HAS_DATA for a stream name as written in the string argument.</summary>
    public static bool HasData(Session session, string streamName)
    {
        ArgumentNullException.ThrowIfNull(session);
        var path = Resolve(session, SplitName(streamName));
        var stream = session.Engine.Catalog.Objects<StreamDefinition>(StreamDefinition.Kind).Get(path);
        StreamStaleness.ThrowIfExpired(session.Engine, stream);
        var hasData = StreamStore.HasData(session.Connection, stream, session.SnapshotDdlGeneration);
        if (!hasData)
        {
            // "If the stream is empty and SYSTEM$STREAM_HAS_DATA returns FALSE, calling this function on the stream
            // prevents it from becoming stale": stale_after counts from now.
            stream.LastConsumed = session.Engine.Time.GetUtcNow();
        }

        return hasData;
    }

    /// <summary>
    /// SQL to run right after <c>BEGIN TRANSACTION</c> (empty when no stream exists): it reads DuckDB's catalog of every
    /// attached database, which starts the transaction's snapshot of each database now. DuckDB otherwise starts a
    /// database's snapshot at the transaction's first access to it, and a stream read in an explicit transaction must see
    /// the source as of BEGIN (https://docs.snowflake.com/en/sql-reference/sql/begin).
    /// </summary>
    public static string SnapshotAtBeginSql(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.Engine.Catalog.Objects<StreamDefinition>(StreamDefinition.Kind).List().Count == 0
            ? string.Empty
            : "; SELECT count(*) FROM duckdb_schemas()";
    }

    /// <summary>After a DML statement that read <paramref name="relationsRead"/>: advance those streams when its transaction commits (at once in autocommit).</summary>
    public static void AfterStatement(Session session, bool isDml, IReadOnlyList<ObjectPath> relationsRead)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(relationsRead);
        if (!isDml)
        {
            return;
        }

        var store = session.Engine.Catalog.Objects<StreamDefinition>(StreamDefinition.Kind);
        foreach (var path in relationsRead.Distinct())
        {
            if (store.Find(path) is { } stream)
            {
                // Inside an explicit transaction the offset moves at COMMIT, so later statements of the same
                // transaction (e.g. a MERGE after an INSERT of rejects) still read the whole batch.
                session.BeforeCommit(stream, () =>
                {
                    try
                    {
                        StreamStore.Advance(session.Connection, stream, session.SnapshotDdlGeneration);
                    }
                    catch (DuckDBException ex) when (ex.Message.Contains("single attached database", StringComparison.Ordinal))
                    {
                        // The offset lives next to the source table; DuckDB lets a transaction write to one database only.
                        throw LocalSnowflakeException.Unsupported(
                            "consuming stream " + stream.Path + " (its source " + stream.Table + " is in database " + stream.Table.Database +
                            ") in a transaction that writes to another database; DuckDB lets a transaction write to one database: " +
                            "write the stream's rows to a table in " + stream.Table.Database + ", or move the stream and its table");
                    }

                    stream.LastConsumed = session.Engine.Time.GetUtcNow();
                });
            }
        }
    }

    /// <summary>
    /// True when the statement may read a stream (one of its identifiers is a stream's name) or changes rows of a
    /// table that has streams: the engine then runs it, with <see cref="BeforeStatement"/> and the observers, in one
    /// DuckDB transaction (<c>Session.Atomically</c>), so the stream's offset moves atomically with the statement.
    /// </summary>
    public static bool Involves(Session session, IReadOnlyList<SqlToken> statement)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(statement);
        var streams = session.Engine.Catalog.Objects<StreamDefinition>(StreamDefinition.Kind).List();
        if (streams.Count == 0)
        {
            return false;
        }

        var names = streams.Select(s => s.Path.Name).ToHashSet(StringComparer.Ordinal);
        if (statement.Any(t => t.IsIdentifier && names.Contains(t.Value)))
        {
            return true;
        }

        return ModifiedTable(statement) is { } parts && session.Database is not null &&
            streams.Any(s => s.Table.Name == parts[^1]);
    }

    /// <summary>Observer of generic statements: a DML statement (or CREATE TABLE ... AS) that read streams moves their offsets.</summary>
    public static void Observe(Session session, GenericSqlResult outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        AfterStatement(
            session,
            outcome.Kind is GenericStatementKind.Insert or GenericStatementKind.Update or GenericStatementKind.Delete or
                GenericStatementKind.Merge or GenericStatementKind.CreateTable,
            outcome.RelationsRead);
    }

    /// <summary>The streams on <paramref name="table"/>.</summary>
    public static IReadOnlyList<StreamDefinition> StreamsOn(Session session, ObjectPath table)
    {
        ArgumentNullException.ThrowIfNull(session);
        return [.. session.Engine.Catalog.Objects<StreamDefinition>(StreamDefinition.Kind).List(table.Database)
            .Where(s => s.Table == table)];
    }

    /// <summary>The name parts of the table a statement changes or removes rows of, or null.</summary>
    public static IReadOnlyList<string>? ModifiedTable(IReadOnlyList<SqlToken> statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (statement.Count < 2)
        {
            return null;
        }

        var i = 1;
        if (statement[0].IsKeyword("UPDATE"))
        {
            // UPDATE t
        }
        else if (statement[0].IsKeyword("DELETE") && statement[1].IsKeyword("FROM"))
        {
            i = 2;
        }
        else if (statement[0].IsKeyword("MERGE") && statement[1].IsKeyword("INTO"))
        {
            i = 2;
        }
        else if (statement[0].IsKeyword("TRUNCATE"))
        {
            if (statement[i].IsKeyword("TABLE"))
            {
                i++;
            }

            if (i + 1 < statement.Count && statement[i].IsKeyword("IF") && statement[i + 1].IsKeyword("EXISTS"))
            {
                i += 2;
            }
        }
        else if (statement[0].IsKeyword("INSERT") && statement[1].IsKeyword("OVERWRITE"))
        {
            i = statement.Count > 2 && statement[2].IsKeyword("INTO") ? 3 : 2;
        }
        else
        {
            return null;
        }

        var parts = new List<string>();
        while (i < statement.Count && statement[i].IsIdentifier)
        {
            parts.Add(statement[i].Value);
            if (i + 1 < statement.Count && statement[i + 1].IsSymbol("."))
            {
                i += 2;
            }
            else
            {
                break;
            }
        }

        return parts.Count is >= 1 and <= 3 ? parts : null;
    }

    /// <summary>Splits a name written inside a string (<c>db.schema."Name"</c>) into stored parts.</summary>
    public static IReadOnlyList<string> SplitName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var tokens = SnowflakeTokenizer.Tokenize(name);
        var parts = new List<string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].IsIdentifier)
            {
                parts.Add(tokens[i].Value);
            }
            else if (!tokens[i].IsSymbol("."))
            {
                throw new LocalSnowflakeException(2003, "02000", $"SQL compilation error:\nObject '{name}' does not exist or not authorized.");
            }
        }

        return parts;
    }

    private static ObjectPath Resolve(Session session, IReadOnlyList<string> parts) => parts.Count switch
    {
        3 => new ObjectPath(parts[0], parts[1], parts[2]),
        2 => new ObjectPath(session.Database ?? throw SnowflakeErrors.NoCurrentDatabase("stream"), parts[0], parts[1]),
        1 => new ObjectPath(
            session.Database ?? throw SnowflakeErrors.NoCurrentDatabase("stream"),
            session.Schema ?? throw SnowflakeErrors.NoCurrentSchema("stream"),
            parts[0]),
        _ => throw new LocalSnowflakeException(2003, "02000", "SQL compilation error:\nObject '" + string.Join('.', parts) + "' does not exist or not authorized."),
    };
}
