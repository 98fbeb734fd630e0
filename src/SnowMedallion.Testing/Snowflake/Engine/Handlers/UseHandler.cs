namespace SnowMedallion.Testing.Snowflake.Engine.Handlers;

/// <summary>USE [DATABASE|SCHEMA] name, USE ROLE, USE WAREHOUSE, USE SECONDARY ROLES.</summary>
/// <remarks>https://docs.snowflake.com/en/sql-reference/sql/use</remarks>
internal sealed class UseHandler : StatementHandler
{
    public override bool CanHandle(StatementContext statement) => statement.StartsWith("USE");

    public override LocalResult Execute(StatementContext statement)
    {
        var cursor = statement.Cursor();
        var session = statement.Session;
        var catalog = statement.Engine.Catalog;
        cursor.Expect("USE");
        if (cursor.TryKeywords("ROLE"))
        {
            session.Role = cursor.Identifier();
        }
        else if (cursor.TryKeywords("WAREHOUSE"))
        {
            session.Warehouse = cursor.Identifier();
        }
        else if (cursor.TryKeywords("SECONDARY", "ROLES"))
        {
            cursor.Next();
        }
        else if (cursor.TryKeywords("DATABASE"))
        {
            UseDatabase(statement, cursor.Identifier());
        }
        else if (cursor.TryKeywords("SCHEMA"))
        {
            var parts = cursor.QualifiedName();
            if (parts.Count > 2)
            {
                throw cursor.SyntaxError("a schema name");
            }

            var database = parts.Count == 2 ? parts[0] : session.Database ?? throw SnowflakeErrors.NoCurrentDatabase("USE SCHEMA");
            var schema = catalog.GetSchema(database, parts[^1]);
            session.Use(schema.Database, schema.Name);
        }
        else
        {
            var parts = cursor.QualifiedName();
            if (parts.Count == 1)
            {
                UseDatabase(statement, parts[0]);
            }
            else if (parts.Count == 2)
            {
                var schema = catalog.GetSchema(parts[0], parts[1]);
                session.Use(schema.Database, schema.Name);
            }
            else
            {
                throw cursor.SyntaxError("a database or schema name");
            }
        }

        cursor.ExpectEnd();
        return LocalResult.Status("Statement executed successfully.");
    }

    private static void UseDatabase(StatementContext statement, string name)
    {
        var database = statement.Engine.Catalog.GetDatabase(name);
        var schema = statement.Engine.Catalog.FindSchema(database.Name, "PUBLIC");
        statement.Session.Use(database.Name, schema?.Name);
    }
}
