namespace SnowMedallion.Sql.Lexing;

/// <summary>Splits a Snowflake SQL script into statements.</summary>
/// <remarks>
/// Statements are separated by top-level <c>;</c>: a semicolon inside a string constant, a quoted identifier, a
/// <c>$$</c> body or a comment does not split. Snowflake Scripting blocks written without <c>$$</c>
/// (<c>BEGIN ... END;</c> holding semicolons) are not recognised; wrap them in <c>EXECUTE IMMEDIATE $$...$$</c>.
/// </remarks>
public static class SnowflakeScript
{
    /// <summary>Splits <paramref name="sql"/> into the text of its statements.</summary>
    /// <param name="sql">A script of one or more statements.</param>
    /// <returns>
    /// Each statement's text, from its first to its last token (no terminating <c>;</c>, no leading or trailing
    /// comments); statements holding nothing but comments are dropped.
    /// </returns>
    /// <exception cref="SqlSyntaxException">The script does not tokenize (e.g. an unterminated string).</exception>
    public static IReadOnlyList<string> SplitStatements(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return SplitTokens(SnowflakeTokenizer.Tokenize(sql))
            .Select(statement => sql[statement[0].Start..statement[^1].End])
            .ToList();
    }

    /// <summary>Splits a token list at its top-level semicolons.</summary>
    /// <param name="tokens">Tokens from <see cref="SnowflakeTokenizer.Tokenize(string)"/>.</param>
    /// <returns>The non-empty statements' tokens, without semicolons and comments.</returns>
    public static IReadOnlyList<IReadOnlyList<SqlToken>> SplitTokens(IReadOnlyList<SqlToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var statements = new List<IReadOnlyList<SqlToken>>();
        var current = new List<SqlToken>();
        foreach (var token in tokens)
        {
            if (token.Kind == SqlTokenKind.Semicolon)
            {
                if (current.Count > 0)
                {
                    statements.Add(current);
                    current = [];
                }

                continue;
            }

            if (token.Kind != SqlTokenKind.Comment)
            {
                current.Add(token);
            }
        }

        if (current.Count > 0)
        {
            statements.Add(current);
        }

        return statements;
    }
}
