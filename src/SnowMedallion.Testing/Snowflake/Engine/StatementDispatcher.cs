using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using SnowMedallion.Testing.Snowflake.Engine.Parsing;

namespace SnowMedallion.Testing.Snowflake.Engine;

/// <summary>
/// Runs statement text for a session: substitutes binds, splits statements, commits an open
/// transaction around DDL, routes each statement to the first handler of
/// <see cref="StatementHandlers.All"/> that takes it, and otherwise to the generic SQL path.
/// </summary>
internal sealed class StatementDispatcher
{
    private static readonly string[] DdlVerbs = ["CREATE", "ALTER", "DROP", "UNDROP", "GRANT", "REVOKE", "COMMENT"];

    private readonly IReadOnlyList<StatementHandler> _handlers;

    public StatementDispatcher(IReadOnlyList<StatementHandler> handlers) => _handlers = handlers;

    /// <summary>Executes every statement of <paramref name="sql"/> in order and returns one result per statement.</summary>
    public IReadOnlyList<LocalResult> Execute(Session session, string sql, IReadOnlyList<object?> binds)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(sql);
        var text = binds.Count == 0 ? sql : SubstituteBinds(sql, binds);
        var statements = EngineTokens.Split(text);
        if (statements.Count == 0)
        {
            throw new LocalSnowflakeException(900, "42000", "Empty SQL statement.");
        }

        var results = new List<LocalResult>(statements.Count);
        lock (session.Gate)
        {
            foreach (var statement in statements)
            {
                results.Add(ExecuteOne(session, statement));
            }
        }

        return results;
    }

    /// <summary>Executes one statement (no splitting, no binds). Caller holds the session's gate or is the session's own thread.</summary>
    public LocalResult ExecuteOne(Session session, string statement)
    {
        var context = new StatementContext(session, statement, EngineTokens.Tokenize(statement));
        var ddl = IsDdl(context);
        if (ddl)
        {
            // Snowflake: a DDL statement commits the open transaction before it runs, and runs in its own.
            session.Commit();
            session.Engine.DdlStarting();
        }

        try
        {
            var handler = _handlers.FirstOrDefault(h => h.CanHandle(context));
            return handler is not null ? handler.Execute(context) : GenericSql.Execute(context);
        }
        catch (DuckDBException ex)
        {
            throw GenericSql.Translate(ex, statement);
        }
        finally
        {
            if (ddl)
            {
                session.Engine.DdlFinished();
            }
        }
    }

    /// <summary>True for statements Snowflake treats as DDL (they commit an open transaction).</summary>
    public static bool IsDdl(StatementContext statement) =>
        statement.Tokens.Count > 0 && IsDdl(statement.Tokens[0].Is, statement.Tokens.Count > 1 ? statement.Tokens[1].Is : null);

    /// <summary>
    /// The same rule for any tokenizer: <paramref name="first"/> and <paramref name="second"/> tell whether the statement's
    /// first and second words are a given keyword (null when there is no second token).
    /// </summary>
    public static bool IsDdl(Func<string, bool> first, Func<string, bool>? second) =>
        DdlVerbs.Any(first) && !(first("ALTER") && second?.Invoke("SESSION") == true);

    /// <summary>Replaces <c>?</c> (in order) and <c>:n</c> placeholders with literals.</summary>
    public static string SubstituteBinds(string sql, IReadOnlyList<object?> binds)
    {
        var builder = new StringBuilder(sql.Length + (binds.Count * 8));
        var last = 0;
        var next = 0;
        foreach (var token in EngineTokens.Tokenize(sql).Where(t => t.Kind == TokKind.Bind))
        {
            int index;
            if (token.Text == "?")
            {
                index = next++;
            }
            else
            {
                index = int.Parse(token.Value, CultureInfo.InvariantCulture) - 1;
            }

            if (index < 0 || index >= binds.Count)
            {
                throw new LocalSnowflakeException(2049, "42601", $"SQL compilation error: Bind variable {token.Text} not set.");
            }

            builder.Append(sql, last, token.Start - last).Append(Literal(binds[index]));
            last = token.Start + token.Length;
        }

        builder.Append(sql, last, sql.Length - last);
        return builder.ToString();
    }

    /// <summary>A Snowflake SQL literal for a bound value.</summary>
    public static string Literal(object? value) => value switch
    {
        null or DBNull => "NULL",
        string s => "'" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'",
        bool b => b ? "TRUE" : "FALSE",
        DateTime d => "'" + d.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "'::TIMESTAMP_NTZ",
        DateTimeOffset o => "'" + o.ToString("yyyy-MM-dd HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture) + "'::TIMESTAMP_TZ",
        DateOnly d => "'" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'::DATE",
        Guid g => "'" + g.ToString() + "'",
        byte[] bytes => "TO_BINARY('" + Convert.ToHexString(bytes) + "', 'HEX')",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Literal(value.ToString()),
    };
}
