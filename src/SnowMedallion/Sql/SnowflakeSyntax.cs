using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace SnowMedallion.Sql;

/// <summary>
/// The one place where names and values become Snowflake SQL text: identifier quoting, string literals and
/// procedure bodies. Every rendered name and literal reads back unchanged through Snowflake's lexer, whatever it holds.
/// </summary>
/// <remarks>See https://docs.snowflake.com/en/sql-reference/identifiers-syntax and
/// https://docs.snowflake.com/en/sql-reference/data-types-text#string-constants.</remarks>
public static class SnowflakeSyntax
{
    /// <summary>The longest identifier Snowflake accepts, in characters.</summary>
    public const int MaxIdentifierLength = 255;

    // https://docs.snowflake.com/en/sql-reference/reserved-keywords (reserved and limited keywords; quoting them is always safe).
    private static readonly FrozenSet<string> ReservedWords = new[]
    {
        "ACCOUNT", "ALL", "ALTER", "AND", "ANY", "AS", "ASC", "ASOF", "BETWEEN", "BY", "CASE", "CAST", "CHECK", "COLUMN",
        "CONNECT", "CONNECTION", "CONSTRAINT", "CREATE", "CROSS", "CURRENT", "CURRENT_DATE", "CURRENT_TIME",
        "CURRENT_TIMESTAMP", "CURRENT_USER", "DATABASE", "DELETE", "DESC", "DISTINCT", "DROP", "ELSE", "EXISTS", "FALSE",
        "FOLLOWING", "FOR", "FROM", "FULL", "GRANT", "GROUP", "GSCLUSTER", "HAVING", "ILIKE", "IN", "INCREMENT", "INNER",
        "INSERT", "INTERSECT", "INTO", "IS", "ISSUE", "JOIN", "LATERAL", "LEFT", "LIKE", "LOCALTIME", "LOCALTIMESTAMP",
        "MATCH_CONDITION", "MINUS", "NATURAL", "NOT", "NULL", "OF", "ON", "OR", "ORDER", "ORGANIZATION", "QUALIFY",
        "REGEXP", "REVOKE", "RIGHT", "RLIKE", "ROW", "ROWS", "SAMPLE", "SCHEMA", "SELECT", "SET", "SOME", "START",
        "TABLE", "TABLESAMPLE", "THEN", "TO", "TRIGGER", "TRUE", "TRY_CAST", "UNION", "UNIQUE", "UPDATE", "USING",
        "VALUES", "VIEW", "WHEN", "WHENEVER", "WHERE", "WINDOW", "WITH",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Always quotes a name: <c>"name"</c> with embedded double quotes doubled.</summary>
    /// <param name="name">The exact (case-sensitive) name.</param>
    /// <returns>The quoted identifier.</returns>
    public static string QuoteIdentifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>
    /// Renders a name as an identifier: bare when Snowflake would resolve the bare form to exactly this name
    /// (upper-case letters, digits, '_' and '$', not starting with a digit or '$', not a reserved word), quoted otherwise.
    /// </summary>
    /// <param name="name">The exact name as Snowflake stores it (e.g. <c>CUSTOMER</c>, or <c>my table</c>).</param>
    /// <returns>The identifier text.</returns>
    public static string Identifier(string name) => NeedsQuotes(name) ? QuoteIdentifier(name) : name;

    /// <summary>Whether a name must be quoted to mean exactly itself.</summary>
    /// <param name="name">The exact name.</param>
    /// <returns><see langword="true"/> when the bare form would not resolve to the name.</returns>
    public static bool NeedsQuotes(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || !(IsUpperAsciiLetter(name[0]) || name[0] == '_'))
        {
            return true;
        }

        foreach (var c in name)
        {
            if (!(IsUpperAsciiLetter(c) || char.IsAsciiDigit(c) || c == '_' || c == '$'))
            {
                return true;
            }
        }

        return ReservedWords.Contains(name);
    }

    /// <summary>
    /// Renders a string literal: single quotes, with quotes doubled and backslashes, line breaks and NUL (as <c>\x00</c>, never an octal escape a following digit could extend) escaped,
    /// so that Snowflake reads back exactly <paramref name="value"/>.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <returns>The literal text, e.g. <c>'it''s'</c>.</returns>
    public static string StringLiteral(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('\'');
        foreach (var c in value)
        {
            _ = c switch
            {
                '\'' => builder.Append("''"),
                '\\' => builder.Append(@"\\"),
                '\n' => builder.Append(@"\n"),
                '\r' => builder.Append(@"\r"),
                '\0' => builder.Append(@"\x00"),
                _ => builder.Append(c),
            };
        }

        return builder.Append('\'').ToString();
    }

    /// <summary>
    /// Renders a procedure body: between <c>$$</c> delimiters when that is unambiguous, otherwise (the body contains
    /// <c>$$</c>, or starts or ends with <c>$</c>) as a single-quoted string literal.
    /// </summary>
    /// <param name="body">The body, exactly as the procedure should hold it.</param>
    /// <returns>The body text to place after <c>AS</c>.</returns>
    public static string ProcedureBody(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var dollarSafe = !body.Contains("$$", StringComparison.Ordinal)
            && !body.StartsWith('$') && !body.EndsWith('$');
        return dollarSafe ? "$$" + body + "$$" : StringLiteral(body);
    }

    /// <summary>Renders a boolean as <c>TRUE</c> or <c>FALSE</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The keyword.</returns>
    public static string Boolean(bool value) => value ? "TRUE" : "FALSE";

    /// <summary>Renders an integer in invariant culture.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The number text.</returns>
    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static bool IsUpperAsciiLetter(char c) => c is >= 'A' and <= 'Z';
}
