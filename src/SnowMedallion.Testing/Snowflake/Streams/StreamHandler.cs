using SnowMedallion.Testing.Snowflake.Engine;
using SnowMedallion.Testing.Snowflake.Engine.Catalog;
using SnowMedallion.Testing.Snowflake.Engine.Handlers;

namespace SnowMedallion.Testing.Snowflake.Streams;

/// <summary>
/// CREATE [OR REPLACE] STREAM [IF NOT EXISTS] ... ON TABLE ... [APPEND_ONLY = TRUE] [SHOW_INITIAL_ROWS = TRUE]
/// [COMMENT = '...'], ALTER STREAM [IF EXISTS] ... SET COMMENT = '...' | UNSET COMMENT, DROP STREAM [IF EXISTS],
/// SHOW [TERSE] STREAMS, DESC[RIBE] STREAM.
/// </summary>
/// <remarks>
/// https://docs.snowflake.com/en/sql-reference/sql/create-stream , https://docs.snowflake.com/en/sql-reference/sql/alter-stream ,
/// https://docs.snowflake.com/en/sql-reference/sql/show-streams , https://docs.snowflake.com/en/sql-reference/sql/desc-stream
/// </remarks>
internal sealed class StreamHandler : StatementHandler
{
    private static readonly string[] ShowColumns =
    [
        "created_on:TIMESTAMP_LTZ", "name", "database_name", "schema_name", "owner", "comment", "table_name", "source_type",
        "base_tables", "type", "stale", "mode", "stale_after:TIMESTAMP_LTZ", "invalid_reason", "owner_role_type",
    ];

    // SHOW TERSE STREAMS: created_on, name, kind (type), database_name, schema_name, tableOn (table_name).
    private static readonly string[] TerseColumns = ["created_on:TIMESTAMP_LTZ", "name", "kind", "database_name", "schema_name", "tableOn"];

    private static long _nextId;

    public override bool CanHandle(StatementContext statement) =>
        statement.IsCreateOf(["STREAM"]) || statement.StartsWith("DROP", "STREAM") || statement.StartsWith("ALTER", "STREAM") ||
        ShowCommand.Matches(statement, "STREAMS") || statement.StartsWith("DESC", "STREAM") || statement.StartsWith("DESCRIBE", "STREAM");

    public override LocalResult Execute(StatementContext statement)
    {
        var store = statement.Engine.Catalog.Objects<StreamDefinition>(StreamDefinition.Kind);
        if (ShowCommand.Matches(statement, "STREAMS"))
        {
            var show = ShowCommand.Parse(statement, 1);
            var streams = show.Take(store.List(show.Database, show.Schema).Where(s => show.Includes(s.Path.Name)));
            return statement.Tokens[1].Is("TERSE") ? ShowTerse(streams) : Show(statement, streams);
        }

        var cursor = statement.Cursor();
        if (cursor.TryKeywords("DESC", "STREAM") || cursor.TryKeywords("DESCRIBE", "STREAM"))
        {
            var path = statement.Resolve(cursor.QualifiedName(), "DESCRIBE STREAM");
            cursor.ExpectEnd();
            return Show(statement, [store.Get(path)]);
        }

        if (cursor.TryKeywords("DROP", "STREAM"))
        {
            var ifExists = cursor.TryKeywords("IF", "EXISTS");
            var path = statement.Resolve(cursor.QualifiedName(), "DROP STREAM");
            cursor.ExpectEnd();
            var existing = store.Find(path);
            if (existing is not null)
            {
                Forget(statement, existing);
            }

            return Drops.Result(existing is not null && store.Remove(path), ifExists, StreamDefinition.Kind, path);
        }

        if (cursor.TryKeywords("ALTER", "STREAM"))
        {
            return Alter(statement, cursor, store);
        }

        return Create(statement, cursor, store);
    }

    /// <summary>Removes a stream's tracking tables (its database may already be gone).</summary>
    internal static void Forget(StatementContext statement, StreamDefinition stream)
    {
        if (statement.Engine.Catalog.FindDatabase(stream.Table.Database) is not null)
        {
            StreamStore.Drop(statement.Session.Connection, stream);
        }
    }

    /// <summary>ALTER STREAM [IF EXISTS] name SET COMMENT = '...' | UNSET COMMENT; tags are not emulated.</summary>
    private static LocalResult Alter(StatementContext statement, Engine.Parsing.TokenCursor cursor, SchemaObjectStore<StreamDefinition> store)
    {
        var ifExists = cursor.TryKeywords("IF", "EXISTS");
        var path = statement.Resolve(cursor.QualifiedName(), "ALTER STREAM");
        var set = cursor.TryKeywords("SET");
        if (!set && !cursor.TryKeywords("UNSET"))
        {
            throw LocalSnowflakeException.Unsupported("ALTER STREAM " + (cursor.AtEnd ? string.Empty : cursor.Current.Value.ToUpperInvariant()));
        }

        if (cursor.Current.Is("TAG"))
        {
            throw LocalSnowflakeException.Unsupported("ALTER STREAM ... " + (set ? "SET" : "UNSET") + " TAG (object tags)");
        }

        string? comment = null;
        if (set)
        {
            var options = cursor.Options();
            cursor.ExpectEnd();
            foreach (var key in options.Keys.Where(k => k != "COMMENT"))
            {
                throw LocalSnowflakeException.Unsupported("ALTER STREAM SET " + key);
            }

            comment = options.TryGetValue("COMMENT", out var value) ? value.Text : null;
            if (comment is null)
            {
                throw LocalSnowflakeException.Unsupported("ALTER STREAM SET without COMMENT");
            }
        }
        else
        {
            cursor.Expect("COMMENT");
            cursor.ExpectEnd();
        }

        var stream = store.Find(path);
        if (stream is null)
        {
            return ifExists
                ? LocalResult.Status("Statement executed successfully.")
                : throw SnowflakeErrors.DoesNotExist(StreamDefinition.Kind, path.ToString());
        }

        stream.Comment = comment;
        return LocalResult.Status("Statement executed successfully.");
    }

    private static LocalResult Create(StatementContext statement, Engine.Parsing.TokenCursor cursor, SchemaObjectStore<StreamDefinition> store)
    {
        cursor.Expect("CREATE");
        var mode = CreateModes.Read(cursor, out _);
        cursor.Expect("STREAM");
        mode = CreateModes.ReadIfNotExists(cursor, mode);
        var path = statement.ResolveInExistingSchema(cursor.QualifiedName(), "CREATE STREAM");
        if (cursor.Current.Is("TAG") || (cursor.Current.Is("WITH") && cursor.Peek(1).Is("TAG")))
        {
            throw LocalSnowflakeException.Unsupported("CREATE STREAM ... WITH TAG (object tags)");
        }

        cursor.TryKeywords("COPY", "GRANTS");
        if (cursor.TryKeywords("CLONE"))
        {
            throw LocalSnowflakeException.Unsupported("CREATE STREAM ... CLONE");
        }

        cursor.Expect("ON");
        if (!cursor.TryKeywords("TABLE"))
        {
            var kind = cursor.AtEnd ? "?" : cursor.Current.Value + (cursor.Peek(1).Is("TABLE") ? " TABLE" : string.Empty);
            throw LocalSnowflakeException.Unsupported("CREATE STREAM ... ON " + kind.ToUpperInvariant() + " (LocalSnowflake supports streams on tables)");
        }

        var table = statement.Resolve(cursor.QualifiedName(), "CREATE STREAM");
        if (cursor.Current.Is("AT") || cursor.Current.Is("BEFORE"))
        {
            throw LocalSnowflakeException.Unsupported("CREATE STREAM ... " + cursor.Current.Value.ToUpperInvariant() + " (time travel)");
        }

        var options = cursor.Options();
        cursor.ExpectEnd();
        foreach (var (key, value) in options)
        {
            // COPY = ( GRANTS ) is the newer spelling of COPY GRANTS; grants are not emulated, so both are accepted as no-ops.
            if (key == "COPY" && value.Items is [var copied] && copied.Equals("GRANTS", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (key is not ("APPEND_ONLY" or "SHOW_INITIAL_ROWS" or "COMMENT"))
            {
                throw LocalSnowflakeException.Unsupported("CREATE STREAM option " + key);
            }
        }

        var connection = statement.Session.Connection;
        var oid = StreamStore.TableOid(connection, table) ?? throw SnowflakeErrors.DoesNotExist("Table", table.ToString());
        var existing = store.Find(path);
        if (existing is not null && mode == CreateMode.IfNotExists)
        {
            return CreateModes.Status(StreamDefinition.Kind, path.Name, CreateOutcome.AlreadyExisted);
        }

        if (existing is not null && mode == CreateMode.Create)
        {
            throw SnowflakeErrors.AlreadyExists(path.ToString());
        }

        var stream = new StreamDefinition(
            Interlocked.Increment(ref _nextId),
            path,
            table,
            oid,
            options.TryGetValue("APPEND_ONLY", out var appendOnly) && appendOnly.AsBool() ? StreamMode.AppendOnly : StreamMode.Default,
            options.TryGetValue("SHOW_INITIAL_ROWS", out var initial) && initial.AsBool(),
            options.TryGetValue("COMMENT", out var comment) ? comment.Text : null,
            statement.Engine.Time.GetUtcNow());

        // Keep DuckDB's rowids stable from now on (global settings; see RowIdentity).
        DuckDbResults.Execute(connection, RowIdentity.DatabaseSettingsSql);
        statement.Session.Atomically(() =>
        {
            if (existing is not null)
            {
                Forget(statement, existing);
            }

            StreamStore.Create(connection, stream);
            return 0;
        });
        var outcome = store.Create(stream, CreateMode.OrReplace);
        return CreateModes.Status(StreamDefinition.Kind, path.Name, existing is null ? outcome : CreateOutcome.Replaced);
    }

    private static LocalResult ShowTerse(IEnumerable<StreamDefinition> streams) =>
        ShowResults.Build(
            TerseColumns,
            streams.Select(s => new object?[] { s.CreatedOn, s.Path.Name, "DELTA", s.Path.Database, s.Path.Schema, s.Table.ToString() }));

    private static LocalResult Show(StatementContext statement, IEnumerable<StreamDefinition> streams)
    {
        var connection = statement.Session.Connection;
        var now = statement.Engine.Time.GetUtcNow();
        var rows = streams.Select(s =>
        {
            // Stale by time (stale_after passed), or at once when its source table was dropped or replaced.
            var staleAfter = StreamStaleness.StaleAfter(statement.Engine, s);
            var replaced = StreamStore.IsStale(connection, s);
            var stale = replaced || now >= staleAfter;
            if (replaced && staleAfter > now)
            {
                staleAfter = now;
            }

            return new object?[]
            {
                s.CreatedOn, s.Path.Name, s.Path.Database, s.Path.Schema, "ACCOUNTADMIN", s.Comment ?? string.Empty, s.Table.ToString(), "Table",
                s.Table.ToString(), "DELTA", stale ? "true" : "false", s.ModeName, staleAfter, "N/A", "ROLE",
            };
        });
        return ShowResults.Build(ShowColumns, rows);
    }
}
