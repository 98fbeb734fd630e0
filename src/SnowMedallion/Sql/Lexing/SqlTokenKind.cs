namespace SnowMedallion.Sql.Lexing;

/// <summary>The kind of a <see cref="SqlToken"/> produced by <see cref="SnowflakeTokenizer"/>.</summary>
/// <remarks>
/// Keywords are not a separate kind: a keyword such as <c>SELECT</c> is an <see cref="Identifier"/> whose
/// <see cref="SqlToken.Value"/> is the upper-cased word; the parser decides by position what it means.
/// </remarks>
public enum SqlTokenKind
{
    /// <summary>An unquoted identifier or keyword (letters, digits, <c>_</c> and <c>$</c>); value upper-cased.</summary>
    Identifier,

    /// <summary>A double-quoted identifier; value exact, with <c>""</c> undone.</summary>
    QuotedIdentifier,

    /// <summary>A single-quoted string constant; value unescaped.</summary>
    String,

    /// <summary>A <c>$$...$$</c> string constant; value is the content between the delimiters, verbatim.</summary>
    DollarString,

    /// <summary>A hexadecimal binary constant <c>X'...'</c>; value is the hex digits.</summary>
    HexString,

    /// <summary>A numeric constant (integer, decimal or with exponent); value as written.</summary>
    Number,

    /// <summary>An operator: <c>+ - * / % = &lt; &gt; &lt;= &gt;= &lt;&gt; != || :: : =&gt; -&gt; ^ ~ |</c> and the like.</summary>
    Operator,

    /// <summary>Punctuation: <c>( ) , . [ ] { }</c>.</summary>
    Punctuation,

    /// <summary>A statement terminator <c>;</c>.</summary>
    Semicolon,

    /// <summary>A positional column reference <c>$n</c>; value is the number as written (e.g. <c>1</c>).</summary>
    Positional,

    /// <summary>A session variable reference <c>$name</c>; value is the upper-cased name without <c>$</c>.</summary>
    Variable,

    /// <summary>A bind placeholder <c>?</c>.</summary>
    Bind,

    /// <summary>
    /// A stage reference: <c>@name</c>, <c>@db.schema.name</c>, <c>@~</c>, <c>@%table</c>, optionally followed by a
    /// <c>/path</c>; value is the text after <c>@</c>, as written.
    /// </summary>
    StageReference,

    /// <summary>A comment (<c>-- ...</c>, <c>// ...</c> or <c>/* ... */</c>); only produced when comments are kept.</summary>
    Comment,
}
