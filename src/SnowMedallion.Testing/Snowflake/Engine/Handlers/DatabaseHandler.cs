using SnowMedallion.Testing.Snowflake.Engine.Catalog;
using SnowMedallion.Testing.Snowflake.Engine.Parsing;

namespace SnowMedallion.Testing.Snowflake.Engine.Handlers;

/// <summary>CREATE [OR REPLACE] [TRANSIENT] DATABASE [IF NOT EXISTS], DROP DATABASE [IF EXISTS], ALTER DATABASE ... RENAME/SET COMMENT.</summary>
/// <remarks>
/// https://docs.snowflake.com/en/sql-reference/sql/create-database - a database is a DuckDB catalog
/// (ATTACH ':memory:'), created with its PUBLIC schema, and becomes the session's current database.
/// </remarks>
internal sealed class DatabaseHandler : StatementHandler
{
    public override bool CanHandle(StatementContext statement) =>
        statement.IsCreateOf(["DATABASE"], "TRANSIENT") || statement.StartsWith("DROP", "DATABASE");

    public override LocalResult Execute(StatementContext statement)
    {
        var cursor = statement.Cursor();
        if (cursor.TryKeywords("DROP", "DATABASE"))
        {
            return Drop(statement, cursor);
        }

        cursor.Expect("CREATE");
        var mode = CreateModes.Read(cursor, out var transient, "TRANSIENT");
        cursor.Expect("DATABASE");
        mode = CreateModes.ReadIfNotExists(cursor, mode);
        var name = cursor.Identifier();
        var options = cursor.Options();
        cursor.ExpectEnd();
        var engine = statement.Engine;
        var settings = ContainerOptions.Read(options, "DATABASE");
        var display = SnowflakeErrors.Show(name);
        if (engine.Catalog.FindDatabase(name) is not null)
        {
            switch (mode)
            {
                case CreateMode.IfNotExists:
                    return LocalResult.Status($"{display} already exists, statement succeeded.");
                case CreateMode.Create:
                    throw SnowflakeErrors.AlreadyExists(display);
                default:
                    DropDatabase(statement, name);
                    break;
            }
        }

        engine.ExecuteOnRoot($"ATTACH ':memory:' AS {DuckDbResults.Quote(name)}");
        engine.ExecuteOnRoot($"CREATE SCHEMA {DuckDbResults.Quote(name)}.\"PUBLIC\"");
        var now = engine.Time.GetUtcNow();
        engine.Catalog.TryAddDatabase(new DatabaseEntry(
            name, now, settings.Comment, transient, settings.DataRetentionDays, settings.MaxDataExtensionDays, settings.DefaultDdlCollation));
        engine.Catalog.TryAddSchema(new SchemaEntry(name, "PUBLIC", now, null, transient));
        statement.Session.Use(name, "PUBLIC");
        return LocalResult.Status($"Database {display} successfully created.");
    }

    /// <summary>Detaches the DuckDB catalog and forgets the database in every session.</summary>
    public static void DropDatabase(StatementContext statement, string name)
    {
        var engine = statement.Engine;
        foreach (var session in engine.Sessions.Where(s => s.Database == name))
        {
            if (ReferenceEquals(session, statement.Session))
            {
                session.ClearDatabase();
                continue;
            }

            if (session.Gate.TryEnter(TimeSpan.FromSeconds(5)))
            {
                try
                {
                    session.ClearDatabase();
                }
                finally
                {
                    session.Gate.Exit();
                }
            }
        }

        engine.ExecuteOnRoot($"DETACH {DuckDbResults.Quote(name)}");
        engine.Catalog.RemoveDatabase(name);
        engine.Tables.RemoveAll(name, null);
        if (statement.Session.Database == name)
        {
            statement.Session.ClearDatabase();
        }
    }

    private static LocalResult Drop(StatementContext statement, TokenCursor cursor)
    {
        var ifExists = cursor.TryKeywords("IF", "EXISTS");
        var name = cursor.Identifier();
        _ = cursor.TryKeywords("CASCADE") || cursor.TryKeywords("RESTRICT");
        cursor.ExpectEnd();
        var display = SnowflakeErrors.Show(name);
        if (statement.Engine.Catalog.FindDatabase(name) is null)
        {
            return ifExists
                ? LocalResult.Status($"Drop statement executed successfully ({display} already dropped).")
                : throw SnowflakeErrors.DoesNotExist("Database", display);
        }

        DropDatabase(statement, name);
        return LocalResult.Status($"{display} successfully dropped.");
    }
}

/// <summary>Reads CREATE's OR REPLACE / modifiers / IF NOT EXISTS.</summary>
internal static class CreateModes
{
    /// <summary>Reads <c>[OR REPLACE] [modifier]</c> after CREATE; <paramref name="modified"/> is true when a modifier was present.</summary>
    public static CreateMode Read(TokenCursor cursor, out bool modified, params string[] modifiers)
    {
        var mode = cursor.TryKeywords("OR", "REPLACE") ? CreateMode.OrReplace : CreateMode.Create;
        modified = false;
        while (modifiers.Any(m => cursor.Current.Is(m)))
        {
            cursor.Next();
            modified = true;
        }

        return mode;
    }

    /// <summary>Reads <c>IF NOT EXISTS</c>; OR REPLACE with IF NOT EXISTS is Snowflake's error 002025... reported as a syntax error here.</summary>
    public static CreateMode ReadIfNotExists(TokenCursor cursor, CreateMode mode)
    {
        if (cursor.TryKeywords("IF", "NOT", "EXISTS"))
        {
            if (mode == CreateMode.OrReplace)
            {
                throw new LocalSnowflakeException(2025, "42601", "SQL compilation error:\noptions IF NOT EXISTS and OR REPLACE are incompatible.");
            }

            return CreateMode.IfNotExists;
        }

        return mode;
    }

    /// <summary>The status text of a successful CREATE.</summary>
    public static LocalResult Status(string kind, string display, CreateOutcome outcome) => outcome switch
    {
        CreateOutcome.AlreadyExisted => LocalResult.Status($"{display} already exists, statement succeeded."),
        _ => LocalResult.Status($"{kind} {display} successfully created."),
    };
}
