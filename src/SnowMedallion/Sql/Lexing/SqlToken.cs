namespace SnowMedallion.Sql.Lexing;

/// <summary>One token of Snowflake SQL.</summary>
/// <param name="Kind">What the token is.</param>
/// <param name="Text">The raw text as written in the statement (including quotes and delimiters).</param>
/// <param name="Value">
/// The decoded value: unquoted identifiers upper-cased, quoted identifiers exact with <c>""</c> undone, string
/// constants unescaped, <c>$$</c> bodies verbatim, stage references without the <c>@</c>, anything else as written.
/// </param>
/// <param name="Start">Zero-based offset of the token's first character in the SQL text.</param>
/// <param name="Length">Number of characters of the raw text.</param>
public readonly record struct SqlToken(SqlTokenKind Kind, string Text, string Value, int Start, int Length)
{
    /// <summary>Offset just after the token's last character.</summary>
    public int End => Start + Length;

    /// <summary>
    /// True when the token is the unquoted word <paramref name="keyword"/> (compared case-insensitively).
    /// A quoted identifier is never a keyword.
    /// </summary>
    /// <param name="keyword">The keyword, e.g. <c>SELECT</c>.</param>
    /// <returns>Whether the token is that keyword.</returns>
    public bool IsKeyword(string keyword) =>
        Kind == SqlTokenKind.Identifier && string.Equals(Value, keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the token is the operator or punctuation <paramref name="symbol"/>.</summary>
    /// <param name="symbol">The symbol, e.g. <c>(</c> or <c>::</c>.</param>
    /// <returns>Whether the token is that symbol.</returns>
    public bool IsSymbol(string symbol) =>
        Kind is SqlTokenKind.Operator or SqlTokenKind.Punctuation or SqlTokenKind.Semicolon &&
        string.Equals(Text, symbol, StringComparison.Ordinal);

    /// <summary>True for identifiers, quoted or not.</summary>
    public bool IsIdentifier => Kind is SqlTokenKind.Identifier or SqlTokenKind.QuotedIdentifier;

    /// <inheritdoc/>
    public override string ToString() => $"{Kind} {Text}";
}
