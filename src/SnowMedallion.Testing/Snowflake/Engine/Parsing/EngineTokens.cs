using SnowMedallion.Sql.Lexing;

namespace SnowMedallion.Testing.Snowflake.Engine.Parsing;

/// <summary>
/// The engine's view of the shared Snowflake tokenizer (<see cref="SnowflakeTokenizer"/>): its tokens
/// mapped to <see cref="Tok"/>, and statement splitting with <see cref="SnowflakeScript"/>. Lexing errors
/// become Snowflake syntax errors (001003).
/// </summary>
internal static class EngineTokens
{
    /// <summary>The shared tokenizer's tokens (comments dropped); lexing errors become 001003.</summary>
    public static IReadOnlyList<SqlToken> TokenizeShared(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        try
        {
            return SnowflakeTokenizer.Tokenize(sql);
        }
        catch (SqlSyntaxException ex)
        {
            throw new LocalSnowflakeException(SqlSyntaxException.SnowflakeErrorCode, SqlSyntaxException.SqlState, "SQL compilation error:\n" + ex.Message, ex);
        }
    }

    /// <summary>Maps an engine token back to the shared tokenizer's form (for translating expressions).</summary>
    public static SqlToken ToShared(Tok token)
    {
        var kind = token.Kind switch
        {
            TokKind.Word => SqlTokenKind.Identifier,
            TokKind.QuotedIdentifier => SqlTokenKind.QuotedIdentifier,
            TokKind.String => SqlTokenKind.String,
            TokKind.Number => SqlTokenKind.Number,
            TokKind.Positional => SqlTokenKind.Positional,
            TokKind.Stage => SqlTokenKind.StageReference,
            TokKind.Bind => SqlTokenKind.Bind,
            _ => token.Text is "(" or ")" or "," or "." or "[" or "]" or "{" or "}" ? SqlTokenKind.Punctuation
                : token.Text == ";" ? SqlTokenKind.Semicolon : SqlTokenKind.Operator,
        };
        return new SqlToken(kind, token.Text, token.Value, token.Start, token.Length);
    }

    /// <summary>Tokenizes statement text (comments dropped).</summary>
    public static IReadOnlyList<Tok> Tokenize(string sql)
    {
        var tokens = TokenizeShared(sql);

        var result = new List<Tok>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            // ':n' positional binds: ':' directly followed by a number, not a path access (x:1) or a cast.
            if (token.Kind == SqlTokenKind.Operator && token.Text == ":" && i + 1 < tokens.Count &&
                tokens[i + 1].Kind == SqlTokenKind.Number && tokens[i + 1].Start == token.End &&
                (i == 0 || !(tokens[i - 1].IsIdentifier || tokens[i - 1].Kind == SqlTokenKind.Positional || tokens[i - 1].IsSymbol(")") || tokens[i - 1].IsSymbol("]"))))
            {
                var number = tokens[i + 1];
                result.Add(new Tok(TokKind.Bind, sql[token.Start..number.End], number.Text, token.Start, number.End - token.Start));
                i++;
                continue;
            }

            var kind = token.Kind switch
            {
                SqlTokenKind.Identifier or SqlTokenKind.Variable => TokKind.Word,
                SqlTokenKind.QuotedIdentifier => TokKind.QuotedIdentifier,
                SqlTokenKind.String or SqlTokenKind.DollarString or SqlTokenKind.HexString => TokKind.String,
                SqlTokenKind.Number => TokKind.Number,
                SqlTokenKind.Positional => TokKind.Positional,
                SqlTokenKind.Bind => TokKind.Bind,
                SqlTokenKind.StageReference => TokKind.Stage,
                SqlTokenKind.Comment => (TokKind?)null,
                _ => TokKind.Symbol,
            };
            if (kind is { } k)
            {
                result.Add(new Tok(k, token.Text, token.Value, token.Start, token.Length));
            }
        }

        return result;
    }

    /// <summary>
    /// Splits text into statements on top-level semicolons; empty statements are dropped. PUT and GET
    /// run to the next semicolon as raw text, since their <c>file://</c> paths would lex as comments.
    /// </summary>
    public static IReadOnlyList<string> Split(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var statements = new List<string>();
        var rest = sql;
        while (true)
        {
            var tokens = Tokenize(rest);
            if (tokens.Count == 0)
            {
                return statements;
            }

            var first = tokens[0];
            int end;
            int next;
            if (first.Is("PUT") || first.Is("GET"))
            {
                end = rest.IndexOf(';', first.Start);
                end = end < 0 ? rest.Length : end;
                next = Math.Min(rest.Length, end + 1);
            }
            else
            {
                var semicolon = tokens.FirstOrDefault(t => t.Kind == TokKind.Symbol && t.Text == ";");
                if (semicolon.Text is null)
                {
                    end = tokens[^1].Start + tokens[^1].Length;
                    next = rest.Length;
                }
                else
                {
                    var last = tokens.TakeWhile(t => t.Start < semicolon.Start).LastOrDefault();
                    end = last.Text is null ? semicolon.Start : last.Start + last.Length;
                    next = semicolon.Start + 1;
                }
            }

            var text = rest[first.Start..end].Trim();
            if (text.Length > 0 && text != ";")
            {
                statements.Add(text);
            }

            rest = rest[next..];
        }
    }
}
