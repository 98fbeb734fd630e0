using SnowMedallion.Testing.Snowflake.Engine.Catalog;
using SnowMedallion.Testing.Snowflake.Engine.Parsing;

namespace SnowMedallion.Testing.Snowflake.Engine.Handlers;

/// <summary>CREATE [OR REPLACE] [TRANSIENT] SCHEMA [IF NOT EXISTS], DROP SCHEMA [IF EXISTS].</summary>
/// <remarks>https://docs.snowflake.com/en/sql-reference/sql/create-schema - the new schema becomes current.</remarks>
internal sealed class SchemaHandler : StatementHandler
{
    public override bool CanHandle(StatementContext statement) =>
        statement.IsCreateOf(["SCHEMA"], "TRANSIENT") || statement.StartsWith("DROP", "SCHEMA");

    public override LocalResult Execute(StatementContext statement)
    {
        var cursor = statement.Cursor();
        if (cursor.TryKeywords("DROP", "SCHEMA"))
        {
            return Drop(statement, cursor);
        }

        cursor.Expect("CREATE");
        var mode = CreateModes.Read(cursor, out var transient, "TRANSIENT");
        cursor.Expect("SCHEMA");
        mode = CreateModes.ReadIfNotExists(cursor, mode);
        var (database, name) = SchemaName(statement, cursor, "CREATE SCHEMA");
        var settings = ContainerOptions.Read(cursor.Options(), "SCHEMA");
        cursor.ExpectEnd();
        var engine = statement.Engine;
        engine.Catalog.GetDatabase(database);
        var display = SnowflakeErrors.Show(name);
        if (engine.Catalog.FindSchema(database, name) is not null)
        {
            switch (mode)
            {
                case CreateMode.IfNotExists:
                    return LocalResult.Status($"{display} already exists, statement succeeded.");
                case CreateMode.Create:
                    throw SnowflakeErrors.AlreadyExists(display);
                default:
                    DropSchema(statement, database, name);
                    break;
            }
        }

        engine.ExecuteOnRoot($"CREATE SCHEMA {DuckDbResults.Quote(database)}.{DuckDbResults.Quote(name)}");
        engine.Catalog.TryAddSchema(new SchemaEntry(
            database, name, engine.Time.GetUtcNow(), settings.Comment, transient,
            settings.DataRetentionDays, settings.MaxDataExtensionDays, settings.DefaultDdlCollation));
        statement.Session.Use(database, name);
        return LocalResult.Status($"Schema {display} successfully created.");
    }

    /// <summary>Reads <c>[db.]schema</c>, defaulting the database to the session's.</summary>
    public static (string Database, string Schema) SchemaName(StatementContext statement, TokenCursor cursor, string action)
    {
        var parts = cursor.QualifiedName();
        if (parts.Count > 2)
        {
            throw cursor.SyntaxError("a schema name");
        }

        return parts.Count == 2
            ? (parts[0], parts[1])
            : (statement.Session.Database ?? throw SnowflakeErrors.NoCurrentDatabase(action), parts[0]);
    }

    private static LocalResult Drop(StatementContext statement, TokenCursor cursor)
    {
        var ifExists = cursor.TryKeywords("IF", "EXISTS");
        var (database, name) = SchemaName(statement, cursor, "DROP SCHEMA");
        _ = cursor.TryKeywords("CASCADE") || cursor.TryKeywords("RESTRICT");
        cursor.ExpectEnd();
        var display = SnowflakeErrors.Show(name);
        if (statement.Engine.Catalog.FindSchema(database, name) is null)
        {
            return ifExists
                ? LocalResult.Status($"Drop statement executed successfully ({display} already dropped).")
                : throw SnowflakeErrors.DoesNotExist("Schema", SnowflakeErrors.Show(database, name));
        }

        DropSchema(statement, database, name);
        return LocalResult.Status($"{display} successfully dropped.");
    }

    private static void DropSchema(StatementContext statement, string database, string name)
    {
        if (statement.Session.Database == database && statement.Session.Schema == name)
        {
            statement.Session.ClearSchema();
        }

        statement.Engine.ExecuteOnRoot($"DROP SCHEMA {DuckDbResults.Quote(database)}.{DuckDbResults.Quote(name)} CASCADE");
        statement.Engine.Catalog.RemoveSchema(database, name);
        statement.Engine.Tables.RemoveAll(database, name);
    }
}
