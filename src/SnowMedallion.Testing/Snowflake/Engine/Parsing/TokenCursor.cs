using System.Globalization;

namespace SnowMedallion.Testing.Snowflake.Engine.Parsing;

/// <summary>
/// A forward reader over one statement's tokens with the small parsing vocabulary the engine's
/// statement handlers need: keywords, (qualified) identifiers, literals and <c>KEY = value</c> option lists.
/// </summary>
internal sealed class TokenCursor
{
    private readonly IReadOnlyList<Tok> _tokens;

    public TokenCursor(IReadOnlyList<Tok> tokens, string text)
    {
        _tokens = tokens;
        Text = text;
    }

    /// <summary>The statement text.</summary>
    public string Text { get; }

    /// <summary>Index of the next token.</summary>
    public int Position { get; set; }

    /// <summary>True when every token has been read.</summary>
    public bool AtEnd => Position >= _tokens.Count;

    /// <summary>The next token (a dummy symbol at the end).</summary>
    public Tok Current => Peek(0);

    /// <summary>The token <paramref name="offset"/> ahead.</summary>
    public Tok Peek(int offset) =>
        Position + offset < _tokens.Count ? _tokens[Position + offset] : new Tok(TokKind.Symbol, string.Empty, string.Empty, Text.Length, 0);

    /// <summary>Consumes and returns the next token.</summary>
    public Tok Next()
    {
        var token = Current;
        if (!AtEnd)
        {
            Position++;
        }

        return token;
    }

    /// <summary>True (and consumed) if the next tokens are these keywords.</summary>
    public bool TryKeywords(params string[] keywords)
    {
        for (var i = 0; i < keywords.Length; i++)
        {
            if (!Peek(i).Is(keywords[i]))
            {
                return false;
            }
        }

        Position += keywords.Length;
        return true;
    }

    /// <summary>Consumes the keywords or throws a syntax error.</summary>
    public void Expect(params string[] keywords)
    {
        if (!TryKeywords(keywords))
        {
            throw SyntaxError(string.Join(' ', keywords));
        }
    }

    /// <summary>True (and consumed) if the next token is this symbol.</summary>
    public bool TrySymbol(string symbol)
    {
        if (Current.IsSymbol(symbol))
        {
            Position++;
            return true;
        }

        return false;
    }

    /// <summary>Consumes the symbol or throws a syntax error.</summary>
    public void ExpectSymbol(string symbol)
    {
        if (!TrySymbol(symbol))
        {
            throw SyntaxError($"'{symbol}'");
        }
    }

    /// <summary>Reads one identifier: unquoted upper-cased, quoted exact.</summary>
    public string Identifier()
    {
        var token = Current;
        if (!token.IsIdentifier)
        {
            throw SyntaxError("an identifier");
        }

        Position++;
        return token.Value;
    }

    /// <summary>Reads a name of one to three dot-separated parts.</summary>
    public IReadOnlyList<string> QualifiedName()
    {
        var parts = new List<string> { Identifier() };
        while (Current.IsSymbol(".") && parts.Count < 3)
        {
            Position++;
            parts.Add(Identifier());
        }

        return parts;
    }

    /// <summary>Reads a string literal's value.</summary>
    public string StringLiteral()
    {
        if (Current.Kind != TokKind.String)
        {
            throw SyntaxError("a string literal");
        }

        return Next().Value;
    }

    /// <summary>Reads an integer literal.</summary>
    public long Integer()
    {
        if (Current.Kind != TokKind.Number || !long.TryParse(Current.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw SyntaxError("an integer");
        }

        Position++;
        return value;
    }

    /// <summary>
    /// Reads <c>KEY = value</c> pairs (separated by spaces or commas) until the end, a closing
    /// parenthesis or a word that is not followed by <c>=</c>. Values: literal, word, or a parenthesized
    /// list/option group (nested options are returned as <see cref="OptionValue.Nested"/>).
    /// </summary>
    public Dictionary<string, OptionValue> Options()
    {
        var options = new Dictionary<string, OptionValue>(StringComparer.OrdinalIgnoreCase);
        while (!AtEnd)
        {
            TrySymbol(",");
            if (!Current.IsIdentifier || !Peek(1).IsSymbol("="))
            {
                break;
            }

            var key = Next().Value.ToUpperInvariant();
            Position++;
            options[key] = OptionValueAt();
        }

        return options;
    }

    /// <summary>Reads one option value.</summary>
    public OptionValue OptionValueAt()
    {
        if (TrySymbol("("))
        {
            // Either a nested option group (KEY = v ...) or a list of literals.
            if (Current.IsIdentifier && Peek(1).IsSymbol("="))
            {
                var nested = Options();
                ExpectSymbol(")");
                return OptionValue.Group(nested);
            }

            var items = new List<string>();
            while (!TrySymbol(")"))
            {
                if (AtEnd)
                {
                    throw SyntaxError("')'");
                }

                var item = Next();
                if (item.IsSymbol(","))
                {
                    continue;
                }

                items.Add(item.Kind == TokKind.Word ? item.Text : item.Value);
            }

            return OptionValue.List(items);
        }

        var token = Next();
        if (token.Kind == TokKind.Symbol && token.Text == "-" && Current.Kind == TokKind.Number)
        {
            return OptionValue.Scalar("-" + Next().Text, TokKind.Number);
        }

        return token.Kind switch
        {
            TokKind.String or TokKind.Number or TokKind.Word or TokKind.QuotedIdentifier or TokKind.Stage => OptionValue.Scalar(token.Kind == TokKind.Word ? token.Value : token.Value, token.Kind),
            _ => throw SyntaxError("an option value"),
        };
    }

    /// <summary>The text from token <paramref name="fromToken"/> to the end.</summary>
    public string TextFrom(int fromToken) =>
        fromToken >= _tokens.Count ? string.Empty : Text[_tokens[fromToken].Start..].Trim();

    /// <summary>The tokens from <paramref name="fromToken"/> up to (not including) <paramref name="toToken"/>.</summary>
    public IReadOnlyList<Tok> Slice(int fromToken, int toToken) =>
        [.. _tokens.Skip(fromToken).Take(toToken - fromToken)];

    /// <summary>All tokens.</summary>
    public IReadOnlyList<Tok> Tokens => _tokens;

    /// <summary>Throws unless every token was consumed.</summary>
    public void ExpectEnd()
    {
        if (!AtEnd)
        {
            throw SyntaxError("the end of the statement");
        }
    }

    /// <summary>Snowflake's syntax error (001003, 42000) at the current token.</summary>
    public LocalSnowflakeException SyntaxError(string expected)
    {
        var token = Current;
        var found = AtEnd ? "end of statement" : $"'{token.Text}'";
        var (line, column) = LineColumn(token.Start);
        return new LocalSnowflakeException(
            1003,
            "42000",
            $"SQL compilation error:\nsyntax error line {line} at position {column} unexpected {found}. Expected {expected}.");
    }

    private (int Line, int Column) LineColumn(int offset)
    {
        var line = 1;
        var column = 0;
        for (var i = 0; i < offset && i < Text.Length; i++)
        {
            if (Text[i] == '\n')
            {
                line++;
                column = 0;
            }
            else
            {
                column++;
            }
        }

        return (line, column);
    }
}

/// <summary>An option value: a scalar, a list, or a nested option group.</summary>
internal sealed record OptionValue(string? Text, TokKind Kind, IReadOnlyList<string>? Items, IReadOnlyDictionary<string, OptionValue>? Nested)
{
    public static OptionValue Scalar(string text, TokKind kind) => new(text, kind, null, null);

    public static OptionValue List(IReadOnlyList<string> items) => new(null, TokKind.Symbol, items, null);

    public static OptionValue Group(IReadOnlyDictionary<string, OptionValue> nested) => new(null, TokKind.Symbol, null, nested);

    /// <summary>The scalar text, or the list joined for display.</summary>
    public override string ToString() =>
        Text ?? (Items is not null ? "[" + string.Join(", ", Items) + "]" : "(" + string.Join(" ", Nested!.Select(kv => $"{kv.Key} = {kv.Value}")) + ")");

    /// <summary>Interprets TRUE/FALSE.</summary>
    public bool AsBool() => Text is not null && (Text.Equals("TRUE", StringComparison.OrdinalIgnoreCase) || Text == "1");
}
