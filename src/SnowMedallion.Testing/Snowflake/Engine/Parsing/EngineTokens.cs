using System.Text;

namespace SnowMedallion.Testing.Snowflake.Engine.Parsing;

/// <summary>
/// Lexes Snowflake SQL into <see cref="Tok"/>s and splits statements. Comments and whitespace are dropped.
/// </summary>
internal static class EngineTokens
{
    /// <summary>Tokenizes one statement (or several; see <see cref="Split"/>).</summary>
    public static IReadOnlyList<Tok> Tokenize(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var tokens = new List<Tok>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (c == '-' && Peek(sql, i + 1) == '-' || c == '/' && Peek(sql, i + 1) == '/')
            {
                while (i < sql.Length && sql[i] != '\n')
                {
                    i++;
                }

                continue;
            }

            if (c == '/' && Peek(sql, i + 1) == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
                continue;
            }

            if (c == '\'')
            {
                var value = new StringBuilder();
                i++;
                while (i < sql.Length)
                {
                    var ch = sql[i];
                    if (ch == '\\' && i + 1 < sql.Length)
                    {
                        var next = sql[i + 1];
                        value.Append(next switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', 'b' => '\b', 'f' => '\f', _ => next });
                        i += 2;
                        continue;
                    }

                    if (ch == '\'')
                    {
                        if (Peek(sql, i + 1) == '\'')
                        {
                            value.Append('\'');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    value.Append(ch);
                    i++;
                }

                tokens.Add(new Tok(TokKind.String, sql[start..i], value.ToString(), start, i - start));
                continue;
            }

            if (c == '$' && Peek(sql, i + 1) == '$')
            {
                var end = sql.IndexOf("$$", i + 2, StringComparison.Ordinal);
                var stop = end < 0 ? sql.Length : end + 2;
                var body = end < 0 ? sql[(i + 2)..] : sql[(i + 2)..end];
                tokens.Add(new Tok(TokKind.String, sql[start..stop], body, start, stop - start));
                i = stop;
                continue;
            }

            if (c == '$' && char.IsAsciiDigit(Peek(sql, i + 1)))
            {
                i++;
                while (i < sql.Length && char.IsAsciiDigit(sql[i]))
                {
                    i++;
                }

                tokens.Add(new Tok(TokKind.Positional, sql[start..i], sql[(start + 1)..i], start, i - start));
                continue;
            }

            if (c == '"')
            {
                var value = new StringBuilder();
                i++;
                while (i < sql.Length)
                {
                    if (sql[i] == '"')
                    {
                        if (Peek(sql, i + 1) == '"')
                        {
                            value.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    value.Append(sql[i]);
                    i++;
                }

                tokens.Add(new Tok(TokKind.QuotedIdentifier, sql[start..i], value.ToString(), start, i - start));
                continue;
            }

            if (c == '@')
            {
                i++;
                while (i < sql.Length && !char.IsWhiteSpace(sql[i]) && sql[i] is not (';' or ')' or ',' or '(') )
                {
                    if (sql[i] == '"')
                    {
                        var close = sql.IndexOf('"', i + 1);
                        i = close < 0 ? sql.Length : close + 1;
                        continue;
                    }

                    i++;
                }

                tokens.Add(new Tok(TokKind.Stage, sql[start..i], sql[(start + 1)..i], start, i - start));
                continue;
            }

            if (char.IsAsciiDigit(c) || c == '.' && char.IsAsciiDigit(Peek(sql, i + 1)))
            {
                while (i < sql.Length && (char.IsAsciiDigit(sql[i]) || sql[i] == '.'))
                {
                    i++;
                }

                if (i < sql.Length && sql[i] is 'e' or 'E' && (char.IsAsciiDigit(Peek(sql, i + 1)) || Peek(sql, i + 1) is '+' or '-'))
                {
                    i += 2;
                    while (i < sql.Length && char.IsAsciiDigit(sql[i]))
                    {
                        i++;
                    }
                }

                tokens.Add(new Tok(TokKind.Number, sql[start..i], sql[start..i], start, i - start));
                continue;
            }

            if (char.IsLetter(c) || c == '_')
            {
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] is '_' or '$'))
                {
                    i++;
                }

                tokens.Add(new Tok(TokKind.Word, sql[start..i], sql[start..i].ToUpperInvariant(), start, i - start));
                continue;
            }

            if (c == '?')
            {
                i++;
                tokens.Add(new Tok(TokKind.Bind, "?", "?", start, 1));
                continue;
            }

            if (c == ':' && char.IsAsciiDigit(Peek(sql, i + 1)) && (tokens.Count == 0 || !tokens[^1].IsSymbol(":")))
            {
                i++;
                while (i < sql.Length && char.IsAsciiDigit(sql[i]))
                {
                    i++;
                }

                tokens.Add(new Tok(TokKind.Bind, sql[start..i], sql[(start + 1)..i], start, i - start));
                continue;
            }

            var two = i + 1 < sql.Length ? sql.Substring(i, 2) : string.Empty;
            if (two is "::" or "||" or "<=" or ">=" or "<>" or "!=" or "=>")
            {
                i += 2;
                tokens.Add(new Tok(TokKind.Symbol, two, two, start, 2));
                continue;
            }

            i++;
            tokens.Add(new Tok(TokKind.Symbol, c.ToString(), c.ToString(), start, 1));
        }

        return tokens;
    }

    /// <summary>Splits text into statements on top-level semicolons; empty statements are dropped.</summary>
    public static IReadOnlyList<string> Split(string sql)
    {
        var statements = new List<string>();
        var start = 0;
        foreach (var token in Tokenize(sql))
        {
            if (token.IsSymbol(";"))
            {
                AddIfNotEmpty(sql[start..token.Start]);
                start = token.Start + 1;
            }
        }

        AddIfNotEmpty(sql[start..]);
        return statements;

        void AddIfNotEmpty(string text)
        {
            if (Tokenize(text).Count > 0)
            {
                statements.Add(text.Trim());
            }
        }
    }

    private static char Peek(string s, int i) => i < s.Length ? s[i] : '\0';
}
