using DuckDB.NET.Data;

namespace SnowMedallion.Testing.Snowflake.Engine;

/// <summary>
/// The seam to the generic SQL path (SELECT, DML, tables, views): statements no handler takes.
/// </summary>
internal static class GenericSql
{
    private static readonly string[] GenericVerbs = ["SELECT", "WITH", "INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE", "VALUES", "(", "CREATE", "ALTER", "DROP"];

    /// <summary>Executes a generic statement, or raises 0A000 naming it.</summary>
    public static LocalResult Execute(StatementContext statement)
    {
        var tokens = statement.Tokens;
        if (tokens.Count == 0 || !GenericVerbs.Any(v => tokens[0].Text.Equals(v, StringComparison.OrdinalIgnoreCase)))
        {
            throw LocalSnowflakeException.Unsupported(Describe(statement));
        }

        if (tokens[0].Is("CREATE") || tokens[0].Is("ALTER") || tokens[0].Is("DROP"))
        {
            var kinds = new[] { "TABLE", "VIEW" };
            if (!tokens.Take(8).Any(t => kinds.Any(t.Is)))
            {
                throw LocalSnowflakeException.Unsupported(Describe(statement));
            }
        }

        return DuckDbResults.Query(statement.Session.Connection, statement.Text);
    }

    /// <summary>The first words of a statement, used to name it in errors.</summary>
    public static string Describe(StatementContext statement)
    {
        var words = statement.Tokens.TakeWhile(t => t.Kind == Parsing.TokKind.Word).Take(3).Select(t => t.Value).ToList();
        if (words.Count >= 3 && words[1] == "OR" && words[2] == "REPLACE")
        {
            words = [.. statement.Tokens.Where(t => t.Kind == Parsing.TokKind.Word).Take(4).Select(t => t.Value)];
        }

        return words.Count == 0 ? statement.Text.Split('\n')[0] : string.Join(' ', words);
    }

    /// <summary>Maps DuckDB's error to a Snowflake-shaped one.</summary>
    public static LocalSnowflakeException Translate(DuckDBException ex, string statement)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var message = ex.Message;
        if (message.Contains("NOT NULL constraint failed", StringComparison.Ordinal))
        {
            return new LocalSnowflakeException(100072, "22000", "NULL result in a non-nullable column", ex);
        }

        var compile = message.StartsWith("Parser Error", StringComparison.Ordinal) ||
            message.StartsWith("Binder Error", StringComparison.Ordinal) ||
            message.StartsWith("Catalog Error", StringComparison.Ordinal);
        _ = statement;
        return compile
            ? new LocalSnowflakeException(1003, "42000", "SQL compilation error:\n" + message, ex)
            : new LocalSnowflakeException(100000, "22000", message, ex);
    }
}
