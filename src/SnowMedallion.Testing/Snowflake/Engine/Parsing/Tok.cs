namespace SnowMedallion.Testing.Snowflake.Engine.Parsing;

/// <summary>What a <see cref="Tok"/> is.</summary>
internal enum TokKind
{
    /// <summary>An unquoted word: keyword or identifier (Value is upper-cased).</summary>
    Word,

    /// <summary>A double-quoted identifier (Value is the exact name).</summary>
    QuotedIdentifier,

    /// <summary>A string literal, single-quoted or <c>$$</c> (Value is the unescaped text).</summary>
    String,

    /// <summary>A numeric literal.</summary>
    Number,

    /// <summary>A positional column reference <c>$n</c> (Value is n).</summary>
    Positional,

    /// <summary>A stage reference <c>@name/path</c> or <c>@~</c> (Value is the text after '@').</summary>
    Stage,

    /// <summary>A bind placeholder <c>?</c> or <c>:n</c>.</summary>
    Bind,

    /// <summary>Punctuation or an operator.</summary>
    Symbol,
}

/// <summary>
/// One token of a statement as the engine's parsers see it. Produced from the shared Snowflake
/// tokenizer's tokens (see <see cref="EngineTokens"/>), so the engine's statement parsers do not
/// depend on the tokenizer's own type.
/// </summary>
/// <param name="Kind">The kind.</param>
/// <param name="Text">The source text.</param>
/// <param name="Value">The meaning: upper-cased word, exact identifier, unescaped string, n of $n.</param>
/// <param name="Start">Offset in the statement text.</param>
/// <param name="Length">Length in the statement text.</param>
internal readonly record struct Tok(TokKind Kind, string Text, string Value, int Start, int Length)
{
    /// <summary>True for the unquoted word <paramref name="keyword"/> (case-insensitive).</summary>
    public bool Is(string keyword) => Kind == TokKind.Word && string.Equals(Value, keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>True for the symbol <paramref name="symbol"/>.</summary>
    public bool IsSymbol(string symbol) => Kind == TokKind.Symbol && Text == symbol;

    /// <summary>True for a word or a quoted identifier.</summary>
    public bool IsIdentifier => Kind is TokKind.Word or TokKind.QuotedIdentifier;
}
