using System.Globalization;
using System.Text;

namespace SnowMedallion.Testing.Snowflake.Procedures;

/// <summary>The kinds of token <see cref="DdlTokenizer"/> produces.</summary>
internal enum DdlTokenKind
{
    /// <summary>An unquoted word (identifier or keyword).</summary>
    Word,

    /// <summary>A double-quoted identifier.</summary>
    QuotedIdentifier,

    /// <summary>A single-quoted string literal.</summary>
    String,

    /// <summary>A <c>$$ ... $$</c> string.</summary>
    DollarString,

    /// <summary>A numeric literal.</summary>
    Number,

    /// <summary>Punctuation or an operator.</summary>
    Symbol,
}

/// <summary>One token of a DDL statement.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Value">Its value: a word as written, an identifier or string unescaped, a symbol's characters.</param>
/// <param name="Start">Offset of its first character in the statement.</param>
/// <param name="End">Offset just past its last character.</param>
internal sealed record DdlToken(DdlTokenKind Kind, string Value, int Start, int End)
{
    /// <summary>True when this is the unquoted keyword <paramref name="keyword"/> (case-insensitive).</summary>
    /// <param name="keyword">The keyword.</param>
    /// <returns>Whether it matches.</returns>
    public bool Is(string keyword) => Kind == DdlTokenKind.Word && string.Equals(Value, keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when this is the symbol <paramref name="symbol"/>.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <returns>Whether it matches.</returns>
    public bool IsSymbol(string symbol) => Kind == DdlTokenKind.Symbol && Value == symbol;

    /// <summary>The identifier as Snowflake stores it: unquoted upper-cased, quoted exact.</summary>
    public string Identifier => Kind == DdlTokenKind.QuotedIdentifier ? Value : Value.ToUpperInvariant();
}

/// <summary>
/// A small Snowflake SQL tokenizer for the statements this area parses itself (procedure and task DDL,
/// CALL, Snowflake Scripting blocks). Comments are skipped; <c>$$</c> strings are kept whole.
/// </summary>
internal static class DdlTokenizer
{
    /// <summary>Tokenizes a statement.</summary>
    /// <param name="sql">The statement text.</param>
    /// <returns>The tokens.</returns>
    /// <exception cref="LocalSnowflakeException">An unterminated string, identifier or comment.</exception>
    public static List<DdlToken> Tokenize(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var tokens = new List<DdlToken>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '-' && At(sql, i + 1, '-') || c == '/' && At(sql, i + 1, '/'))
            {
                while (i < sql.Length && sql[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && At(sql, i + 1, '*'))
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? throw SyntaxError("unterminated comment", i) : end + 2;
            }
            else if (c == '$' && At(sql, i + 1, '$'))
            {
                var end = sql.IndexOf("$$", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw SyntaxError("unterminated $$ string", i);
                }

                tokens.Add(new DdlToken(DdlTokenKind.DollarString, sql[(i + 2)..end], i, end + 2));
                i = end + 2;
            }
            else if (c == '\'')
            {
                var (value, end) = ReadString(sql, i);
                tokens.Add(new DdlToken(DdlTokenKind.String, value, i, end));
                i = end;
            }
            else if (c == '"')
            {
                var builder = new StringBuilder();
                var j = i + 1;
                while (true)
                {
                    if (j >= sql.Length)
                    {
                        throw SyntaxError("unterminated quoted identifier", i);
                    }

                    if (sql[j] == '"')
                    {
                        if (At(sql, j + 1, '"'))
                        {
                            builder.Append('"');
                            j += 2;
                            continue;
                        }

                        break;
                    }

                    builder.Append(sql[j]);
                    j++;
                }

                tokens.Add(new DdlToken(DdlTokenKind.QuotedIdentifier, builder.ToString(), i, j + 1));
                i = j + 1;
            }
            else if (char.IsAsciiDigit(c) || c == '.' && i + 1 < sql.Length && char.IsAsciiDigit(sql[i + 1]))
            {
                var j = i;
                while (j < sql.Length && (char.IsAsciiDigit(sql[j]) || sql[j] == '.' ||
                       (sql[j] is 'e' or 'E' && j + 1 < sql.Length && (char.IsAsciiDigit(sql[j + 1]) || sql[j + 1] is '-' or '+'))))
                {
                    j += sql[j] is 'e' or 'E' ? 2 : 1;
                }

                tokens.Add(new DdlToken(DdlTokenKind.Number, sql[i..j], i, j));
                i = j;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var j = i;
                while (j < sql.Length && (char.IsLetterOrDigit(sql[j]) || sql[j] is '_' or '$'))
                {
                    j++;
                }

                tokens.Add(new DdlToken(DdlTokenKind.Word, sql[i..j], i, j));
                i = j;
            }
            else
            {
                var two = i + 1 < sql.Length ? sql.Substring(i, 2) : null;
                var symbol = two is "=>" or "::" or ":=" or "<=" or ">=" or "<>" or "!=" or "||" ? two : c.ToString();
                tokens.Add(new DdlToken(DdlTokenKind.Symbol, symbol, i, i + symbol.Length));
                i += symbol.Length;
            }
        }

        return tokens;
    }

    /// <summary>Reads a single-quoted literal starting at <paramref name="start"/>, applying Snowflake's escapes.</summary>
    /// <param name="sql">The text.</param>
    /// <param name="start">Offset of the opening quote.</param>
    /// <returns>The value and the offset just past the closing quote.</returns>
    public static (string Value, int End) ReadString(string sql, int start)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var builder = new StringBuilder();
        var j = start + 1;
        while (true)
        {
            if (j >= sql.Length)
            {
                throw SyntaxError("unterminated string literal", start);
            }

            var ch = sql[j];
            if (ch == '\'')
            {
                if (At(sql, j + 1, '\''))
                {
                    builder.Append('\'');
                    j += 2;
                    continue;
                }

                return (builder.ToString(), j + 1);
            }

            if (ch == '\\' && j + 1 < sql.Length)
            {
                var next = sql[j + 1];
                builder.Append(next switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '0' => '\0',
                    'b' => '\b',
                    'f' => '\f',
                    _ => next,
                });
                j += 2;
                continue;
            }

            builder.Append(ch);
            j++;
        }
    }

    /// <summary>Snowflake's syntax error shape (001003, 42000).</summary>
    /// <param name="what">What is wrong.</param>
    /// <param name="position">Offset in the statement.</param>
    /// <returns>The exception.</returns>
    public static LocalSnowflakeException SyntaxError(string what, int position) =>
        new(1003, "42000", string.Create(CultureInfo.InvariantCulture, $"SQL compilation error:\nsyntax error at position {position}: {what}."));

    private static bool At(string s, int i, char c) => i < s.Length && s[i] == c;
}
