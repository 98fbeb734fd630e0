using DuckDB.NET.Data;
using SnowMedallion.Sql.Lexing;
using SnowMedallion.Testing.Snowflake.Translation;

namespace SnowMedallion.Testing.Snowflake.Engine;

/// <summary>
/// The seam to the generic SQL path (SELECT, DML, table/view DDL) run by <see cref="GenericSqlExecutor"/>;
/// statements it does not accept fail with 0A000 naming them.
/// </summary>
internal static class GenericSql
{
    /// <summary>Executes a generic statement, or raises 0A000 naming it.</summary>
    public static LocalResult Execute(StatementContext statement)
    {
        var tokens = statement.SqlTokens;
        if (!GenericSqlExecutor.CanExecute(tokens))
        {
            throw LocalSnowflakeException.Unsupported(Describe(statement));
        }

        var session = statement.Session;

        // A statement that reads a stream or changes rows of a table with streams runs in one DuckDB transaction
        // with the streams' bookkeeping (kept rows before it, the offset move after it).
        return Streams.StreamHooks.Involves(session, tokens)
            ? session.Atomically(() =>
            {
                Streams.StreamHooks.BeforeStatement(session, tokens);
                return Run(statement, tokens);
            })
            : Run(statement, tokens);
    }

    private static LocalResult Run(StatementContext statement, IReadOnlyList<SqlToken> tokens)
    {
        var session = statement.Session;
        var outcome = GenericSqlExecutor.Execute(session.Connection, tokens, TranslationHooks.Scope(session));
        if (outcome.Target is { } target && (outcome.Replaced || outcome.Kind is GenericStatementKind.DropTable))
        {
            // A replaced or dropped table starts with no load metadata.
            statement.Engine.LoadHistory.ForgetTable(target);
        }

        foreach (var observer in TranslationHooks.Observers)
        {
            observer(session, outcome);
        }

        return outcome.Result;
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
        _ = statement;
        return DuckDbErrors.Translate(ex);
    }
}
