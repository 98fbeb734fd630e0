using System.Globalization;
using System.Text;

namespace SnowMedallion.Sql.Lexing;

/// <summary>
/// Splits Snowflake SQL into tokens, following Snowflake's lexical rules:
/// identifiers (https://docs.snowflake.com/en/sql-reference/identifiers-syntax),
/// string constants with <c>''</c> and backslash escapes, and <c>$$</c> dollar-quoted constants
/// (https://docs.snowflake.com/en/sql-reference/data-types-text#string-constants).
/// Whitespace is skipped; comments are skipped unless asked for.
/// </summary>
public static class SnowflakeTokenizer
{
    /// <summary>Tokenizes <paramref name="sql"/>, skipping whitespace and comments.</summary>
    /// <param name="sql">Snowflake SQL text (one statement or a script).</param>
    /// <returns>The tokens in order.</returns>
    /// <exception cref="SqlSyntaxException">A string, identifier or comment is not terminated, or a character is not SQL.</exception>
    public static IReadOnlyList<SqlToken> Tokenize(string sql) => Tokenize(sql, includeComments: false);

    /// <summary>Tokenizes <paramref name="sql"/>, skipping whitespace, and keeping comments when asked.</summary>
    /// <param name="sql">Snowflake SQL text (one statement or a script).</param>
    /// <param name="includeComments">Whether comments appear as <see cref="SqlTokenKind.Comment"/> tokens.</param>
    /// <returns>The tokens in order.</returns>
    /// <exception cref="SqlSyntaxException">A string, identifier or comment is not terminated, or a character is not SQL.</exception>
    public static IReadOnlyList<SqlToken> Tokenize(string sql, bool includeComments)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var tokens = new List<SqlToken>(Math.Max(4, sql.Length / 4));
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
            var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
            if ((c == '-' && next == '-') || (c == '/' && next == '/'))
            {
                while (i < sql.Length && sql[i] != '\n')
                {
                    i++;
                }

                if (includeComments)
                {
                    var text = sql[start..i].TrimEnd('\r');
                    tokens.Add(new SqlToken(SqlTokenKind.Comment, text, text, start, text.Length));
                }

                continue;
            }

            if (c == '/' && next == '*')
            {
                var close = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    throw Error(sql, start, "unterminated comment: a comment that starts with /* must end with */");
                }

                i = close + 2;
                if (includeComments)
                {
                    tokens.Add(Make(sql, SqlTokenKind.Comment, start, i, sql[start..i]));
                }

                continue;
            }

            if ((c is 'x' or 'X') && next == '\'')
            {
                i = ReadString(sql, i + 1, out var hex);
                tokens.Add(Make(sql, SqlTokenKind.HexString, start, i, hex));
                continue;
            }

            if (IsIdentifierStart(c))
            {
                i++;
                while (i < sql.Length && IsIdentifierPart(sql[i]))
                {
                    i++;
                }

                tokens.Add(Make(sql, SqlTokenKind.Identifier, start, i, sql[start..i].ToUpperInvariant()));
                continue;
            }

            switch (c)
            {
                case '"':
                    i = ReadQuotedIdentifier(sql, i, out var name);
                    tokens.Add(Make(sql, SqlTokenKind.QuotedIdentifier, start, i, name));
                    continue;
                case '\'':
                    i = ReadString(sql, i, out var value);
                    tokens.Add(Make(sql, SqlTokenKind.String, start, i, value));
                    continue;
                case '$':
                    i = ReadDollar(sql, i, tokens);
                    continue;
                case '@':
                    i = ReadStage(sql, i);
                    tokens.Add(Make(sql, SqlTokenKind.StageReference, start, i, sql[(start + 1)..i]));
                    continue;
                case '?':
                    tokens.Add(Make(sql, SqlTokenKind.Bind, start, i + 1, "?"));
                    i++;
                    continue;
                case ';':
                    tokens.Add(Make(sql, SqlTokenKind.Semicolon, start, i + 1, ";"));
                    i++;
                    continue;
                case '(' or ')' or ',' or '[' or ']' or '{' or '}':
                    tokens.Add(Make(sql, SqlTokenKind.Punctuation, start, i + 1, c.ToString()));
                    i++;
                    continue;
                case '.' when !char.IsAsciiDigit(next):
                    tokens.Add(Make(sql, SqlTokenKind.Punctuation, start, i + 1, "."));
                    i++;
                    continue;
                default:
                    break;
            }

            if (char.IsAsciiDigit(c) || c == '.')
            {
                i = ReadNumber(sql, i);
                tokens.Add(Make(sql, SqlTokenKind.Number, start, i, sql[start..i]));
                continue;
            }

            var op = ReadOperator(sql, i);
            if (op is null)
            {
                throw Error(sql, start, $"unexpected character '{c}': it is not part of Snowflake SQL outside a string or quoted identifier");
            }

            i += op.Length;
            tokens.Add(Make(sql, SqlTokenKind.Operator, start, i, op));
        }

        return tokens;
    }

    /// <summary>Whether <paramref name="name"/> can be written without double quotes and keeps its meaning.</summary>
    /// <param name="name">An identifier as stored (e.g. <c>MY_TABLE</c>).</param>
    /// <returns>True when it starts with an upper-case letter or underscore and holds only upper-case letters, digits, <c>_</c> and <c>$</c>.</returns>
    public static bool IsPlainIdentifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || !(char.IsAsciiLetterUpper(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var ch in name)
        {
            if (!(char.IsAsciiLetterUpper(ch) || char.IsAsciiDigit(ch) || ch is '_' or '$'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_' || (c > 127 && char.IsLetter(c));

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || char.IsAsciiDigit(c) || c == '$';

    private static SqlToken Make(string sql, SqlTokenKind kind, int start, int end, string value) =>
        new(kind, sql[start..end], value, start, end - start);

    private static int ReadQuotedIdentifier(string sql, int i, out string name)
    {
        var start = i;
        var builder = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= sql.Length)
            {
                throw Error(sql, start, "unterminated quoted identifier: close it with a double quote (\"); write \"\" for a quote inside the name");
            }

            if (sql[i] == '"')
            {
                if (i + 1 < sql.Length && sql[i + 1] == '"')
                {
                    builder.Append('"');
                    i += 2;
                    continue;
                }

                name = builder.ToString();
                if (name.Length == 0)
                {
                    throw Error(sql, start, "empty quoted identifier \"\": a name needs at least one character");
                }

                return i + 1;
            }

            builder.Append(sql[i]);
            i++;
        }
    }

    private static int ReadString(string sql, int i, out string value)
    {
        var start = i;
        var builder = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= sql.Length)
            {
                throw Error(sql, start, "unterminated string constant: close it with a single quote ('); write '' or \\' for a quote inside the string");
            }

            var c = sql[i];
            if (c == '\'')
            {
                if (i + 1 < sql.Length && sql[i + 1] == '\'')
                {
                    builder.Append('\'');
                    i += 2;
                    continue;
                }

                value = builder.ToString();
                return i + 1;
            }

            if (c == '\\' && i + 1 < sql.Length)
            {
                i = ReadEscape(sql, i, builder);
                continue;
            }

            builder.Append(c);
            i++;
        }
    }

    // Snowflake's escape sequences in single-quoted constants: \' \" \\ \b \f \n \r \t \0, \ooo (octal),
    // \xhh (hex), \uhhhh (Unicode); a backslash before any other character yields that character.
    private static int ReadEscape(string sql, int i, StringBuilder builder)
    {
        var e = sql[i + 1];
        switch (e)
        {
            case 'b':
                builder.Append('\b');
                return i + 2;
            case 'f':
                builder.Append('\f');
                return i + 2;
            case 'n':
                builder.Append('\n');
                return i + 2;
            case 'r':
                builder.Append('\r');
                return i + 2;
            case 't':
                builder.Append('\t');
                return i + 2;
            case 'x' when HexDigits(sql, i + 2, 2):
                builder.Append((char)int.Parse(sql.AsSpan(i + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                return i + 4;
            case 'u' when HexDigits(sql, i + 2, 4):
                builder.Append((char)int.Parse(sql.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                return i + 6;
            case >= '0' and <= '7':
                var digits = 1;
                while (digits < 3 && i + 1 + digits < sql.Length && sql[i + 1 + digits] is >= '0' and <= '7')
                {
                    digits++;
                }

                var code = 0;
                for (var d = 0; d < digits; d++)
                {
                    code = (code * 8) + (sql[i + 1 + d] - '0');
                }

                builder.Append((char)code);
                return i + 1 + digits;
            default:
                builder.Append(e);
                return i + 2;
        }
    }

    private static bool HexDigits(string sql, int at, int count)
    {
        if (at + count > sql.Length)
        {
            return false;
        }

        for (var k = at; k < at + count; k++)
        {
            if (!char.IsAsciiHexDigit(sql[k]))
            {
                return false;
            }
        }

        return true;
    }

    private static int ReadDollar(string sql, int i, List<SqlToken> tokens)
    {
        var start = i;
        if (i + 1 < sql.Length && sql[i + 1] == '$')
        {
            var close = sql.IndexOf("$$", i + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw Error(sql, start, "unterminated $$ string constant: close it with $$ (a body that contains $$ must be a single-quoted string instead)");
            }

            var end = close + 2;
            tokens.Add(Make(sql, SqlTokenKind.DollarString, start, end, sql[(start + 2)..close]));
            return end;
        }

        i++;
        if (i < sql.Length && char.IsAsciiDigit(sql[i]))
        {
            while (i < sql.Length && char.IsAsciiDigit(sql[i]))
            {
                i++;
            }

            tokens.Add(Make(sql, SqlTokenKind.Positional, start, i, sql[(start + 1)..i]));
            return i;
        }

        if (i < sql.Length && IsIdentifierStart(sql[i]))
        {
            while (i < sql.Length && IsIdentifierPart(sql[i]))
            {
                i++;
            }

            tokens.Add(Make(sql, SqlTokenKind.Variable, start, i, sql[(start + 1)..i].ToUpperInvariant()));
            return i;
        }

        throw Error(sql, start, "unexpected '$': write $n for a column position, $name for a session variable or $$...$$ for a string");
    }

    private static int ReadStage(string sql, int i)
    {
        var start = i;
        i++;
        if (i < sql.Length && sql[i] == '~')
        {
            i++;
        }
        else
        {
            if (i < sql.Length && sql[i] == '%')
            {
                i++;
            }

            var parts = 0;
            while (i < sql.Length)
            {
                if (sql[i] == '"')
                {
                    i = ReadQuotedIdentifier(sql, i, out _);
                }
                else if (IsIdentifierStart(sql[i]))
                {
                    while (i < sql.Length && IsIdentifierPart(sql[i]))
                    {
                        i++;
                    }
                }
                else
                {
                    break;
                }

                parts++;
                if (i + 1 < sql.Length && sql[i] == '.' && (sql[i + 1] == '"' || IsIdentifierStart(sql[i + 1])))
                {
                    i++;
                    continue;
                }

                break;
            }

            if (parts == 0)
            {
                throw Error(sql, start, "stage reference without a name: write @stage, @db.schema.stage, @~ or @%table");
            }
        }

        // Path: everything up to whitespace or a character that ends an expression.
        if (i < sql.Length && sql[i] == '/')
        {
            while (i < sql.Length && !char.IsWhiteSpace(sql[i]) && sql[i] is not (';' or ')' or ',' or '(' or '\''))
            {
                i++;
            }
        }

        return i;
    }

    private static int ReadNumber(string sql, int i)
    {
        while (i < sql.Length && char.IsAsciiDigit(sql[i]))
        {
            i++;
        }

        if (i < sql.Length && sql[i] == '.')
        {
            i++;
            while (i < sql.Length && char.IsAsciiDigit(sql[i]))
            {
                i++;
            }
        }

        if (i < sql.Length && sql[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < sql.Length && sql[j] is '+' or '-')
            {
                j++;
            }

            if (j < sql.Length && char.IsAsciiDigit(sql[j]))
            {
                i = j;
                while (i < sql.Length && char.IsAsciiDigit(sql[i]))
                {
                    i++;
                }
            }
        }

        return i;
    }

    private static readonly string[] TwoCharOperators = ["::", "||", "<=", ">=", "<>", "!=", "=>", "->", "==", "|>"];

    private static string? ReadOperator(string sql, int i)
    {
        if (i + 1 < sql.Length)
        {
            foreach (var op in TwoCharOperators)
            {
                if (sql[i] == op[0] && sql[i + 1] == op[1])
                {
                    return op;
                }
            }
        }

        return sql[i] switch
        {
            '+' or '-' or '*' or '/' or '%' or '=' or '<' or '>' or ':' or '^' or '~' or '|' or '&' or '!' => sql[i].ToString(),
            _ => null,
        };
    }

    private static SqlSyntaxException Error(string sql, int offset, string what)
    {
        var line = 1;
        var lineStart = 0;
        for (var k = 0; k < offset && k < sql.Length; k++)
        {
            if (sql[k] == '\n')
            {
                line++;
                lineStart = k + 1;
            }
        }

        var position = offset - lineStart;
        return new SqlSyntaxException(
            $"SQL compilation error:\nsyntax error line {line} at position {position}: {what}.",
            offset,
            line,
            position);
    }
}
