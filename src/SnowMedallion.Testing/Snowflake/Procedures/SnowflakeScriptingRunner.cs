using System.Text;

namespace SnowMedallion.Testing.Snowflake.Procedures;

/// <summary>
/// Runs a LANGUAGE SQL procedure (Snowflake Scripting) of the simple form
/// <c>BEGIN statement; ... [RETURN expression;] END</c>
/// (https://docs.snowflake.com/en/developer-guide/snowflake-scripting/blocks). Statements run in order in the
/// caller's session; arguments are visible as <c>:NAME</c> in statements and as NAME in RETURN. Variables,
/// control flow and exception handlers are not emulated: they fail with 0A000 naming the construct.
/// </summary>
internal static class SnowflakeScriptingRunner
{
    private static readonly string[] GlobalVariables = ["SQLROWCOUNT", "SQLFOUND", "SQLNOTFOUND", "SQLID"];

    private static readonly string[] UnsupportedStatements =
        ["DECLARE", "LET", "IF", "FOR", "WHILE", "REPEAT", "LOOP", "CASE", "BREAK", "CONTINUE", "RAISE", "OPEN", "FETCH", "CLOSE", "AWAIT", "CANCEL"];

    /// <summary>Calls the procedure.</summary>
    /// <param name="definition">The procedure (LANGUAGE SQL).</param>
    /// <param name="arguments">One value per parameter.</param>
    /// <param name="session">The caller's session.</param>
    /// <returns>The CALL result.</returns>
    public static LocalResult Call(ProcedureDefinition definition, IReadOnlyList<object?> arguments, IProcedureSqlSession session)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(session);
        var statements = Parse(definition.Body);
        var argumentsByName = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < definition.Parameters.Count && i < arguments.Count; i++)
        {
            argumentsByName[definition.Parameters[i].Name] = arguments[i];
        }

        foreach (var statement in statements)
        {
            if (statement.IsReturn)
            {
                var (sql, binds) = Bind("SELECT " + statement.Sql, argumentsByName, bareNames: true);
                var result = session.Execute(sql, binds).Result;
                var value = result.Rows.Count > 0 && result.Rows[0].Length > 0 ? result.Rows[0][0] : null;
                return ProcedureValues.CallResult(definition, ProcedureValues.FromSql(value, definition));
            }

            var (text, statementBinds) = Bind(statement.Sql, argumentsByName, bareNames: false);
            session.Execute(text, statementBinds);
        }

        return ProcedureValues.CallResult(definition, ProcedureValues.FromSql(null, definition));
    }

    /// <summary>Splits a block into its statements, rejecting what the emulator does not run.</summary>
    /// <param name="body">The procedure body.</param>
    /// <returns>The statements, RETURN marked.</returns>
    public static IReadOnlyList<ScriptStatement> Parse(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var tokens = DdlTokenizer.Tokenize(body);
        if (tokens.Count > 0 && tokens[0].Is("DECLARE"))
        {
            throw LocalSnowflakeException.Unsupported("Snowflake Scripting DECLARE section (variables); pass values as arguments instead");
        }

        if (tokens.Count == 0 || !tokens[0].Is("BEGIN"))
        {
            throw LocalSnowflakeException.Unsupported("a LANGUAGE SQL procedure body that is not a BEGIN ... END block");
        }

        var end = tokens.Count - 1;
        while (end > 0 && tokens[end].IsSymbol(";"))
        {
            end--;
        }

        if (!tokens[end].Is("END"))
        {
            throw DdlTokenizer.SyntaxError("a Snowflake Scripting block ends with END", tokens[end].Start);
        }

        var statements = new List<ScriptStatement>();
        var start = 1;
        for (var i = 1; i <= end; i++)
        {
            if (i < end && !tokens[i].IsSymbol(";"))
            {
                continue;
            }

            if (i > start)
            {
                statements.Add(Statement(body, tokens, start, i));
            }

            start = i + 1;
        }

        return statements;
    }

    private static ScriptStatement Statement(string body, List<DdlToken> tokens, int first, int endExclusive)
    {
        var head = tokens[first];
        if (head.Is("EXCEPTION"))
        {
            throw LocalSnowflakeException.Unsupported("Snowflake Scripting EXCEPTION handler");
        }

        if (UnsupportedStatements.Any(head.Is))
        {
            throw LocalSnowflakeException.Unsupported($"Snowflake Scripting {head.Value.ToUpperInvariant()} statement");
        }

        if (head.Is("BEGIN") && !(first + 1 < endExclusive && (tokens[first + 1].Is("TRANSACTION") || tokens[first + 1].Is("WORK"))))
        {
            throw LocalSnowflakeException.Unsupported("nested Snowflake Scripting block (use BEGIN TRANSACTION to start a transaction)");
        }

        if (first + 1 < endExclusive && tokens[first + 1].IsSymbol(":="))
        {
            throw LocalSnowflakeException.Unsupported("Snowflake Scripting variable assignment (:=)");
        }

        for (var i = first; i < endExclusive; i++)
        {
            // https://docs.snowflake.com/en/developer-guide/snowflake-scripting/dml-status and .../variables#setting-variables-to-the-results-of-a-select-statement
            if (GlobalVariables.FirstOrDefault(tokens[i].Is) is { } global)
            {
                throw LocalSnowflakeException.Unsupported($"Snowflake Scripting global variable {global}");
            }

            if (tokens[i].Is("INTO") && i + 1 < endExclusive && tokens[i + 1].IsSymbol(":") && !head.Is("INSERT") && !head.Is("MERGE"))
            {
                throw LocalSnowflakeException.Unsupported("Snowflake Scripting SELECT ... INTO :variable");
            }
        }

        var sql = body[tokens[first].Start..tokens[endExclusive - 1].End];
        if (head.Is("RETURN"))
        {
            return new ScriptStatement(sql[head.Value.Length..].Trim(), IsReturn: true);
        }

        return new ScriptStatement(sql, IsReturn: false);
    }

    /// <summary>Replaces argument references with <c>?</c> binds.</summary>
    private static (string Sql, List<object?> Binds) Bind(string sql, IReadOnlyDictionary<string, object?> arguments, bool bareNames)
    {
        var binds = new List<object?>();
        if (arguments.Count == 0)
        {
            return (sql, binds);
        }

        var tokens = DdlTokenizer.Tokenize(sql);
        var builder = new StringBuilder();
        var last = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var colonReference = token.IsSymbol(":") && i + 1 < tokens.Count && tokens[i + 1].Kind is DdlTokenKind.Word or DdlTokenKind.QuotedIdentifier &&
                                 tokens[i + 1].Start == token.End && arguments.ContainsKey(tokens[i + 1].Identifier);
            var bareReference = bareNames && token.Kind is DdlTokenKind.Word or DdlTokenKind.QuotedIdentifier && arguments.ContainsKey(token.Identifier) &&
                                !(i > 0 && tokens[i - 1].IsSymbol(".")) && !(i + 1 < tokens.Count && (tokens[i + 1].IsSymbol("(") || tokens[i + 1].IsSymbol(".")));
            if (colonReference)
            {
                builder.Append(sql, last, token.Start - last).Append('?');
                binds.Add(arguments[tokens[i + 1].Identifier]);
                last = tokens[i + 1].End;
                i++;
            }
            else if (bareReference)
            {
                builder.Append(sql, last, token.Start - last).Append('?');
                binds.Add(arguments[token.Identifier]);
                last = token.End;
            }
        }

        builder.Append(sql, last, sql.Length - last);
        return (builder.ToString(), binds);
    }
}

/// <summary>One statement of a Snowflake Scripting block.</summary>
/// <param name="Sql">Its SQL (for RETURN: the returned expression).</param>
/// <param name="IsReturn">True for RETURN.</param>
internal sealed record ScriptStatement(string Sql, bool IsReturn);
