namespace SnowMedallion.Testing.Snowflake.Procedures;

/// <summary>A cursor over <see cref="DdlToken"/>s with the small helpers DDL parsing needs.</summary>
internal sealed class DdlReader
{
    private readonly List<DdlToken> _tokens;
    private int _index;

    /// <summary>Tokenizes <paramref name="sql"/> and positions the reader on its first token.</summary>
    /// <param name="sql">The statement.</param>
    public DdlReader(string sql)
    {
        Sql = sql;
        _tokens = DdlTokenizer.Tokenize(sql);
        // A trailing semicolon ends the statement.
        while (_tokens.Count > 0 && _tokens[^1].IsSymbol(";"))
        {
            _tokens.RemoveAt(_tokens.Count - 1);
        }
    }

    /// <summary>The statement text.</summary>
    public string Sql { get; }

    /// <summary>True when every token has been read.</summary>
    public bool AtEnd => _index >= _tokens.Count;

    /// <summary>The current token, or null at the end.</summary>
    public DdlToken? Peek(int ahead = 0) => _index + ahead < _tokens.Count ? _tokens[_index + ahead] : null;

    /// <summary>Offset in <see cref="Sql"/> of the current token (the text length at the end).</summary>
    public int Position => Peek()?.Start ?? Sql.Length;

    /// <summary>Reads the current token.</summary>
    /// <returns>The token.</returns>
    public DdlToken Next() => _index < _tokens.Count ? _tokens[_index++] : throw Error("unexpected end of statement");

    /// <summary>Reads the keyword when it is next.</summary>
    /// <param name="keywords">The keyword sequence, e.g. "OR", "REPLACE".</param>
    /// <returns>Whether the whole sequence was there (and read).</returns>
    public bool TryKeyword(params string[] keywords)
    {
        for (var k = 0; k < keywords.Length; k++)
        {
            if (Peek(k)?.Is(keywords[k]) != true)
            {
                return false;
            }
        }

        _index += keywords.Length;
        return true;
    }

    /// <summary>Reads the keyword sequence or fails.</summary>
    /// <param name="keywords">The keywords.</param>
    public void Expect(params string[] keywords)
    {
        if (!TryKeyword(keywords))
        {
            throw Error($"expected {string.Join(' ', keywords)}");
        }
    }

    /// <summary>Reads the symbol when it is next.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <returns>Whether it was there.</returns>
    public bool TrySymbol(string symbol)
    {
        if (Peek()?.IsSymbol(symbol) == true)
        {
            _index++;
            return true;
        }

        return false;
    }

    /// <summary>Reads the symbol or fails.</summary>
    /// <param name="symbol">The symbol.</param>
    public void ExpectSymbol(string symbol)
    {
        if (!TrySymbol(symbol))
        {
            throw Error($"expected '{symbol}'");
        }
    }

    /// <summary>Reads an identifier (unquoted upper-cased, quoted exact).</summary>
    /// <returns>The stored name.</returns>
    public string Identifier()
    {
        var token = Next();
        return token.Kind is DdlTokenKind.Word or DdlTokenKind.QuotedIdentifier
            ? token.Identifier
            : throw Error($"expected an identifier, found '{token.Value}'", token.Start);
    }

    /// <summary>Reads a dotted object name of one to three parts.</summary>
    /// <returns>The parts as stored.</returns>
    public IReadOnlyList<string> ObjectName()
    {
        var parts = new List<string> { Identifier() };
        while (parts.Count < 3 && TrySymbol("."))
        {
            parts.Add(Identifier());
        }

        return parts;
    }

    /// <summary>Reads a string literal ('...' or $$...$$).</summary>
    /// <returns>Its value.</returns>
    public string StringLiteral()
    {
        var token = Next();
        return token.Kind is DdlTokenKind.String or DdlTokenKind.DollarString
            ? token.Value
            : throw Error($"expected a string literal, found '{token.Value}'", token.Start);
    }

    /// <summary>
    /// Reads a data type as written (e.g. <c>VARCHAR(200)</c>, <c>NUMBER(38, 0)</c>, <c>TIMESTAMP_NTZ</c>),
    /// normalized to upper case without spaces.
    /// </summary>
    /// <returns>The type text.</returns>
    public string DataType()
    {
        var name = Next();
        if (name.Kind != DdlTokenKind.Word)
        {
            throw Error($"expected a data type, found '{name.Value}'", name.Start);
        }

        var text = name.Value.ToUpperInvariant();
        if (text == "DOUBLE" && TryKeyword("PRECISION"))
        {
            text = "DOUBLE PRECISION";
        }

        if (Peek()?.IsSymbol("(") == true)
        {
            Next();
            var args = new List<string>();
            while (!TrySymbol(")"))
            {
                var token = Next();
                if (!token.IsSymbol(","))
                {
                    args.Add(token.Value.ToUpperInvariant());
                }
            }

            text += "(" + string.Join(',', args) + ")";
        }

        return text;
    }

    /// <summary>The raw text from <paramref name="start"/> to the end of the statement (trailing semicolons dropped), trimmed.</summary>
    /// <param name="start">Offset in <see cref="Sql"/>.</param>
    /// <returns>The text.</returns>
    public string RestFrom(int start)
    {
        var end = _tokens.Count > 0 ? _tokens[^1].End : start;
        _index = _tokens.Count;
        return end > start ? Sql[start..end].Trim() : string.Empty;
    }

    /// <summary>Skips tokens up to (not including) the first top-level token for which <paramref name="stop"/> is true.</summary>
    /// <param name="stop">The stop condition.</param>
    /// <returns>The raw text skipped, trimmed.</returns>
    public string TextUntil(Func<DdlToken, bool> stop)
    {
        var start = Position;
        var depth = 0;
        var end = start;
        while (!AtEnd)
        {
            var token = Peek()!;
            if (depth == 0 && stop(token))
            {
                break;
            }

            depth += token.IsSymbol("(") ? 1 : token.IsSymbol(")") ? -1 : 0;
            end = token.End;
            _index++;
        }

        return Sql[start..end].Trim();
    }

    /// <summary>A syntax error at the current position.</summary>
    /// <param name="what">What is wrong.</param>
    /// <param name="position">Where (defaults to the current token).</param>
    /// <returns>The exception to throw.</returns>
    public LocalSnowflakeException Error(string what, int? position = null) => DdlTokenizer.SyntaxError(what, position ?? Position);
}
