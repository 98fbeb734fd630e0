using System.Globalization;
using System.Text;
using SnowMedallion.Sql.Lexing;

namespace SnowMedallion.Testing.Snowflake.Translation;

/// <summary>
/// Rewrites Snowflake query and expression tokens into DuckDB SQL text: unquoted names upper-cased and quoted,
/// relations resolved to "DB"."SCHEMA"."NAME" (or substituted through <see cref="TranslationScope.ResolveRelation"/>),
/// Snowflake types and functions mapped, unaliased select items named the way Snowflake names them.
/// One instance translates one statement; it records the relations the statement reads.
/// </summary>
internal sealed partial class SqlTranslator
{
    // Words that are never names in the translated statement (Snowflake's reserved keywords plus the clause words
    // the translator relies on). Anything else that is unquoted is a name and gets upper-cased and quoted.
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "ALL", "AND", "ANY", "AS", "ASC", "BETWEEN", "BY", "CASE", "CAST", "COLLATE", "CONNECT", "CROSS", "CURRENT",
        "DESC", "DISTINCT", "ELSE", "END", "ESCAPE", "EXCEPT", "EXCLUDE", "EXISTS", "FALSE", "FETCH", "FOLLOWING", "FOR", "FROM",
        "FULL", "GROUP", "HAVING", "ILIKE", "IN", "INNER", "INTERSECT", "INTO", "IS", "JOIN", "LATERAL", "LEFT", "LIKE",
        "LIMIT", "MATCHED", "MINUS", "NATURAL", "NOT", "NULL", "NULLS", "OFFSET", "ON", "OR", "ORDER", "OUTER", "OVER",
        "PARTITION", "PIVOT", "PRECEDING", "QUALIFY", "RANGE", "RECURSIVE", "REGEXP", "RIGHT", "RLIKE", "ROW", "ROWS",
        "SAMPLE", "SELECT", "SET", "SOME", "TABLESAMPLE", "THEN", "TRUE", "TRY_CAST", "UNBOUNDED", "UNION", "UNPIVOT",
        "USING", "VALUES", "WHEN", "WHERE", "WINDOW", "WITH", "WITHIN", "INTERVAL",
    };

    // Clause words that end a select list or a FROM list at the same depth.
    private static readonly HashSet<string> ClauseWords = new(StringComparer.Ordinal)
    {
        "FROM", "WHERE", "GROUP", "HAVING", "QUALIFY", "ORDER", "LIMIT", "UNION", "EXCEPT", "MINUS", "INTERSECT",
        "WINDOW", "FETCH", "OFFSET", "INTO",
    };

    private static readonly HashSet<string> TimeLiteralTypes = new(StringComparer.Ordinal)
    {
        "DATE", "TIME", "TIMESTAMP", "TIMESTAMP_NTZ", "TIMESTAMP_LTZ", "TIMESTAMP_TZ", "DATETIME",
    };

    private readonly IReadOnlyList<SqlToken> _t;
    private readonly TranslationScope _scope;
    private readonly HashSet<string> _ctes = new(StringComparer.Ordinal);
    private readonly List<ObjectPath> _reads = [];
    private StringBuilder _out = new();

    /// <summary>Creates a translator for one statement.</summary>
    /// <param name="tokens">The statement's tokens (no comments, no semicolon).</param>
    /// <param name="scope">Session context.</param>
    public SqlTranslator(IReadOnlyList<SqlToken> tokens, TranslationScope scope)
    {
        _t = tokens;
        _scope = scope;
        DefaultDatabase = scope.CurrentDatabase;
        DefaultSchema = scope.CurrentSchema;
    }

    /// <summary>
    /// When true, time and session functions stay dynamic (DuckDB's own clock) instead of the statement's values:
    /// used for view bodies and column defaults, which are evaluated later.
    /// </summary>
    public bool Deferred { get; set; }

    /// <summary>Database against which unqualified relation names resolve (the current one, or a view's).</summary>
    public string? DefaultDatabase { get; set; }

    /// <summary>Schema against which unqualified relation names resolve.</summary>
    public string? DefaultSchema { get; set; }

    /// <summary>What the statement does, for errors about a missing current database or schema.</summary>
    public string Verb { get; set; } = "SELECT";

    /// <summary>Relations read by the translated text, in order of appearance, without duplicates.</summary>
    public IReadOnlyList<ObjectPath> Reads => _reads;

    /// <summary>The tokens being translated.</summary>
    public IReadOnlyList<SqlToken> Tokens => _t;

    /// <summary>Translates tokens [<paramref name="start"/>, <paramref name="end"/>) to DuckDB SQL.</summary>
    /// <param name="start">First token.</param>
    /// <param name="end">End (exclusive).</param>
    /// <returns>DuckDB SQL text.</returns>
    public string Translate(int start, int end)
    {
        var saved = _out;
        _out = new StringBuilder();
        try
        {
            Emit(start, end);
            return _out.ToString().Trim();
        }
        finally
        {
            _out = saved;
        }
    }

    /// <summary>Resolves a relation name read at <paramref name="i"/> against the defaults.</summary>
    /// <param name="i">Index of the name's first token.</param>
    /// <param name="end">End of range.</param>
    /// <param name="path">The resolved path.</param>
    /// <returns>Index after the name.</returns>
    public int ReadRelationName(int i, int end, out ObjectPath path)
    {
        var next = SqlNames.ReadDotted(_t, i, end, out var parts);
        if (parts.Count == 0)
        {
            throw Syntax(i, "an object name was expected");
        }

        path = SqlNames.Resolve(parts, DefaultDatabase, DefaultSchema, Verb);
        return next;
    }

    /// <summary>Translates one FROM item (table, view, subquery, VALUES, TABLE(...)) starting at <paramref name="start"/>.</summary>
    /// <param name="start">Index of the item.</param>
    /// <param name="end">End of range.</param>
    /// <param name="next">Index after the item (its alias not included).</param>
    /// <returns>DuckDB SQL of the item.</returns>
    public string TranslateRelation(int start, int end, out int next)
    {
        var saved = _out;
        _out = new StringBuilder();
        try
        {
            next = Relation(start, end);
            return _out.ToString().Trim();
        }
        finally
        {
            _out = saved;
        }
    }

    /// <summary>Index of the parenthesis closing the one at <paramref name="open"/>.</summary>
    /// <param name="open">Index of <c>(</c>.</param>
    /// <returns>Index of the matching <c>)</c>.</returns>
    public int Match(int open)
    {
        var depth = 0;
        for (var k = open; k < _t.Count; k++)
        {
            if (_t[k].IsSymbol("(") || _t[k].IsSymbol("["))
            {
                depth++;
            }
            else if (_t[k].IsSymbol(")") || _t[k].IsSymbol("]"))
            {
                depth--;
                if (depth == 0)
                {
                    return k;
                }
            }
        }

        throw Syntax(open, "this parenthesis is never closed");
    }

    /// <summary>Splits [<paramref name="start"/>, <paramref name="end"/>) at top-level commas.</summary>
    /// <param name="start">First token.</param>
    /// <param name="end">End (exclusive).</param>
    /// <returns>The ranges; empty when the range is empty.</returns>
    public List<(int Start, int End)> SplitCommas(int start, int end)
    {
        var result = new List<(int, int)>();
        if (start >= end)
        {
            return result;
        }

        var depth = 0;
        var from = start;
        for (var k = start; k < end; k++)
        {
            var t = _t[k];
            if (t.IsSymbol("(") || t.IsSymbol("[") || t.IsSymbol("{"))
            {
                depth++;
            }
            else if (t.IsSymbol(")") || t.IsSymbol("]") || t.IsSymbol("}"))
            {
                depth--;
            }
            else if (depth == 0 && t.IsSymbol(","))
            {
                result.Add((from, k));
                from = k + 1;
            }
        }

        result.Add((from, end));
        return result;
    }

    /// <summary>Finds the first top-level keyword among <paramref name="words"/> in a range, or -1.</summary>
    /// <param name="start">First token.</param>
    /// <param name="end">End (exclusive).</param>
    /// <param name="words">Keywords to look for.</param>
    /// <returns>The index or -1.</returns>
    public int FindTopLevel(int start, int end, params string[] words)
    {
        var depth = 0;
        for (var k = start; k < end; k++)
        {
            var t = _t[k];
            if (t.IsSymbol("(") || t.IsSymbol("["))
            {
                depth++;
            }
            else if (t.IsSymbol(")") || t.IsSymbol("]"))
            {
                depth--;
            }
            else if (depth == 0 && t.Kind == SqlTokenKind.Identifier && Array.IndexOf(words, t.Value) >= 0 &&
                (t.Value != "FROM" || k == 0 || !_t[k - 1].IsKeyword("DISTINCT")))
            {
                return k;
            }
        }

        return -1;
    }

    /// <summary>A syntax error at a token.</summary>
    /// <param name="i">Token index.</param>
    /// <param name="what">What was expected.</param>
    /// <returns>The exception.</returns>
    public LocalSnowflakeException Syntax(int i, string what)
    {
        var near = i < _t.Count ? $"unexpected '{_t[i].Text}'" : "unexpected end of statement";
        return new LocalSnowflakeException(1003, "42000", $"SQL compilation error:\nsyntax error {near}: {what}.");
    }

    private void Append(string text) => _out.Append(' ').Append(text);

    private void AddRead(ObjectPath path)
    {
        if (!_reads.Contains(path))
        {
            _reads.Add(path);
        }
    }

    private static bool IsKeyword(SqlToken token) => token.Kind == SqlTokenKind.Identifier && Keywords.Contains(token.Value);

    private bool At(int i, string keyword) => i < _t.Count && _t[i].IsKeyword(keyword);

    private bool AtSymbol(int i, string symbol) => i < _t.Count && _t[i].IsSymbol(symbol);

    // The streaming rewrite.
    private void Emit(int start, int end)
    {
        var fromList = false;
        var relationNext = false;
        var i = start;
        while (i < end)
        {
            var token = _t[i];
            if (relationNext)
            {
                relationNext = false;
                i = Relation(i, end);
                continue;
            }

            switch (token.Kind)
            {
                case SqlTokenKind.Identifier:
                    i = Word(i, end, ref fromList, ref relationNext);
                    continue;
                case SqlTokenKind.QuotedIdentifier:
                    i = NameReference(i, end);
                    continue;
                case SqlTokenKind.String or SqlTokenKind.DollarString:
                    Append(SqlNames.Literal(token.Value));
                    i++;
                    continue;
                case SqlTokenKind.HexString:
                    Append($"from_hex({SqlNames.Literal(token.Value)})");
                    i++;
                    continue;
                case SqlTokenKind.Number:
                    Append(token.Text);
                    i++;
                    continue;
                case SqlTokenKind.Punctuation when token.Text == "(":
                    var mark = _out.Length;
                    var close = Match(i);
                    Append("(");
                    Emit(i + 1, close);
                    Append(")");
                    i = Postfix(close + 1, end, mark);
                    continue;
                case SqlTokenKind.Punctuation when token.Text == ",":
                    Append(",");
                    relationNext = fromList;
                    i++;
                    continue;
                case SqlTokenKind.Punctuation when token.Text == "[":
                    throw LocalSnowflakeException.Unsupported("array literal [...] (use ARRAY_CONSTRUCT)");
                case SqlTokenKind.Punctuation:
                    Append(token.Text);
                    i++;
                    continue;
                case SqlTokenKind.Operator when token.Text == "::":
                    i = SnowflakeTypes.Parse(_t, i + 1, end, out var type);
                    _out.Append("::").Append(type.DuckDb);
                    continue;
                case SqlTokenKind.Operator when token.Text == "==":
                    Append("=");
                    i++;
                    continue;
                case SqlTokenKind.Operator when token.Text is "=>" or "->" or "|>" or "^" or "~" or "&" or "|":
                    throw LocalSnowflakeException.Unsupported($"operator {token.Text}");
                case SqlTokenKind.Operator:
                    Append(token.Text);
                    i++;
                    continue;
                case SqlTokenKind.Semicolon or SqlTokenKind.Comment:
                    i++;
                    continue;
                case SqlTokenKind.Positional:
                    throw LocalSnowflakeException.Unsupported($"${token.Value} outside a query on a stage");
                case SqlTokenKind.Variable:
                    throw LocalSnowflakeException.Unsupported($"session variable ${token.Value}");
                case SqlTokenKind.Bind:
                    throw new LocalSnowflakeException(2049, "42601", "SQL compilation error: Bind variable ? not set.");
                case SqlTokenKind.StageReference:
                    throw LocalSnowflakeException.Unsupported($"@{token.Value} in this statement");
                default:
                    throw Syntax(i, "this token was not expected here");
            }
        }
    }

    private int Word(int i, int end, ref bool fromList, ref bool relationNext)
    {
        var token = _t[i];
        var word = token.Value;
        var next = i + 1 < end ? _t[i + 1] : default;
        var hasNext = i + 1 < end;
        var call = hasNext && next.IsSymbol("(");

        if (word == "SELECT")
        {
            fromList = false;
            return SelectClause(i, end);
        }

        if (word == "FROM" && i > 0 && _t[i - 1].IsKeyword("DISTINCT"))
        {
            // a IS [NOT] DISTINCT FROM b
            Append(word);
            return i + 1;
        }

        if (word is "FROM" or "JOIN")
        {
            Append(word);
            fromList = true;
            relationNext = true;
            return i + 1;
        }

        if (word == "USING" && !call)
        {
            // DELETE ... USING <relations>
            Append(word);
            fromList = true;
            relationNext = true;
            return i + 1;
        }

        if (word == "WITH" && hasNext && (next.IsIdentifier))
        {
            CollectCtes(i + 1, end);
        }

        if (ClauseWords.Contains(word))
        {
            fromList = false;
        }

        switch (word)
        {
            case "MINUS":
                Append("EXCEPT");
                return i + 1;
            case "LATERAL" or "PIVOT" or "UNPIVOT" or "SAMPLE" or "TABLESAMPLE" or "CONNECT" or "MATCH_RECOGNIZE":
                throw LocalSnowflakeException.Unsupported(word);
            case "CAST" or "TRY_CAST" when call:
                return Cast(i, word);
            case "LEFT" or "RIGHT" when call:
                return Function(i, end);
            case "FIRST" or "LAST" when i > 0 && (_t[i - 1].IsKeyword("NULLS") || _t[i - 1].IsKeyword("FETCH")):
            case "NEXT" when i > 0 && _t[i - 1].IsKeyword("FETCH"):
            case "ONLY" when i > 0 && (_t[i - 1].IsKeyword("ROWS") || _t[i - 1].IsKeyword("ROW")):
                Append(word);
                return i + 1;
            case "INTERVAL" when hasNext && next.Kind == SqlTokenKind.String:
                Append("INTERVAL " + SqlNames.Literal(next.Value));
                return i + 2;
            case "COLLATE" when hasNext && next.Kind == SqlTokenKind.String:
                var collation = DuckCollation(next.Value);
                if (collation is not null)
                {
                    Append("COLLATE " + collation);
                }

                return i + 2;
            case "CURRENT_DATE" or "CURRENT_TIME" or "CURRENT_TIMESTAMP" or "LOCALTIME" or "LOCALTIMESTAMP" or "SYSDATE" or "CURRENT_USER" or "CURRENT_ROLE" when !call:
                Append(ContextFunction(word, null) ?? word);
                return i + 1;
            default:
                break;
        }

        if (TimeLiteralTypes.Contains(word) && hasNext && next.Kind == SqlTokenKind.String)
        {
            var type = SnowflakeTypes.Map(word, []);
            Append($"CAST({SqlNames.Literal(next.Value)} AS {type.DuckDb})");
            return i + 2;
        }

        if (Keywords.Contains(word))
        {
            Append(word);
            return i + 1;
        }

        if (call)
        {
            return Function(i, end);
        }

        return NameReference(i, end);
    }

    // A (possibly dotted) column or alias reference; also t.* and db.schema.function(...).
    private int NameReference(int i, int end)
    {
        var parts = new List<string>();
        while (true)
        {
            parts.Add(SqlNames.Quote(_t[i].Value));
            if (i + 2 < end && _t[i + 1].IsSymbol(".") && _t[i + 2].IsIdentifier)
            {
                i += 2;
                continue;
            }

            if (i + 2 < end && _t[i + 1].IsSymbol(".") && _t[i + 2].IsSymbol("*"))
            {
                Append(string.Join('.', parts) + ".*");
                return i + 3;
            }

            break;
        }

        if (i + 1 < end && _t[i + 1].IsSymbol("(") && parts.Count > 1)
        {
            throw LocalSnowflakeException.Unsupported($"user-defined function {string.Join('.', parts)}");
        }

        var mark = _out.Length;
        Append(string.Join('.', parts));
        return Postfix(i + 1, end, mark);
    }

    // Semi-structured access after a primary expression: v:a.b[0], v['k'], v[0]. The expression written since
    // <paramref name="mark"/> is wrapped in parentheses with DuckDB's JSON arrow, so a following cast applies to the
    // extracted value.
    private int Postfix(int i, int end, int mark)
    {
        if (i >= end || !(_t[i].IsSymbol(":") || _t[i].IsSymbol("[")))
        {
            return i;
        }

        var path = new StringBuilder("$");
        if (_t[i].IsSymbol(":"))
        {
            i++;
            if (i >= end || !(_t[i].IsIdentifier || _t[i].Kind == SqlTokenKind.String))
            {
                throw Syntax(i, "a path was expected after ':'");
            }

            AppendKey(path, _t[i]);
            i++;
        }

        while (i < end)
        {
            if (_t[i].IsSymbol(".") && i + 1 < end && (_t[i + 1].IsIdentifier || _t[i + 1].Kind == SqlTokenKind.String) && path.Length > 1)
            {
                AppendKey(path, _t[i + 1]);
                i += 2;
                continue;
            }

            if (_t[i].IsSymbol("[") && i + 2 < end && _t[i + 2].IsSymbol("]") && _t[i + 1].Kind is SqlTokenKind.Number or SqlTokenKind.String)
            {
                if (_t[i + 1].Kind == SqlTokenKind.Number)
                {
                    path.Append('[').Append(_t[i + 1].Text).Append(']');
                }
                else
                {
                    AppendKey(path, _t[i + 1]);
                }

                i += 3;
                continue;
            }

            if (_t[i].IsSymbol("["))
            {
                throw LocalSnowflakeException.Unsupported("computed subscript [expr]");
            }

            break;
        }

        // A cast to text right after the path returns the unquoted string, as Snowflake's v:a::STRING does.
        var arrow = i + 1 < end && _t[i].IsSymbol("::") && _t[i + 1].Kind == SqlTokenKind.Identifier &&
            _t[i + 1].Value is "STRING" or "VARCHAR" or "TEXT" or "CHAR" ? "->>" : "->";
        _out.Insert(mark, " (");
        _out.Append(' ').Append(arrow).Append(' ').Append(SqlNames.Literal(path.ToString())).Append(')');
        return i;
    }

    // Path keys are case-sensitive as written (an unquoted key is not upper-cased).
    private static void AppendKey(StringBuilder path, SqlToken token)
    {
        var key = token.Kind == SqlTokenKind.Identifier ? token.Text : token.Value;
        path.Append(".\"").Append(key.Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
    }

    private void CollectCtes(int i, int end)
    {
        if (At(i, "RECURSIVE"))
        {
            i++;
        }

        while (i < end && _t[i].IsIdentifier)
        {
            _ctes.Add(_t[i].Value);
            var k = i + 1;
            if (AtSymbol(k, "("))
            {
                k = Match(k) + 1;
            }

            if (!At(k, "AS") || !AtSymbol(k + 1, "("))
            {
                return;
            }

            k = Match(k + 1) + 1;
            if (!AtSymbol(k, ","))
            {
                return;
            }

            i = k + 1;
        }
    }

    // One item of a FROM list (after FROM, JOIN, USING or a comma).
    private int Relation(int i, int end)
    {
        var token = _t[i];
        if (token.IsSymbol("("))
        {
            var close = Match(i);
            Append("(");
            Emit(i + 1, close);
            Append(")");
            return close + 1;
        }

        if (token.IsKeyword("LATERAL"))
        {
            throw LocalSnowflakeException.Unsupported("LATERAL (e.g. LATERAL FLATTEN)");
        }

        if (token.IsKeyword("TABLE") && AtSymbol(i + 1, "("))
        {
            return TableFunction(i, end);
        }

        if (token.IsKeyword("VALUES"))
        {
            return ValuesRelation(i, end);
        }

        if (token.Kind == SqlTokenKind.StageReference)
        {
            throw LocalSnowflakeException.Unsupported($"@{token.Value} in this statement");
        }

        if (!token.IsIdentifier || IsKeyword(token))
        {
            throw Syntax(i, "a table, view or subquery was expected");
        }

        var nameEnd = SqlNames.ReadDotted(_t, i, end, out var parts);
        if (AtSymbol(nameEnd, "("))
        {
            throw LocalSnowflakeException.Unsupported($"table function {string.Join('.', parts)}(...) without TABLE(...)");
        }

        if (parts.Count == 1 && _ctes.Contains(parts[0]))
        {
            Append(SqlNames.Quote(parts[0]));
            return nameEnd;
        }

        var path = SqlNames.Resolve(parts, DefaultDatabase, DefaultSchema, Verb);
        if (At(nameEnd, "AT") || At(nameEnd, "BEFORE") || At(nameEnd, "CHANGES"))
        {
            if (AtSymbol(nameEnd + 1, "("))
            {
                throw LocalSnowflakeException.Unsupported($"{_t[nameEnd].Value}(...) (Time Travel / change queries) on {path}");
            }
        }

        AddRead(path);
        var substitute = _scope.ResolveRelation?.Invoke(path);
        if (substitute is null)
        {
            Append(SqlNames.Quote(path));
        }
        else if (Deferred)
        {
            // A substitute (a stream's change rows) holds the state of this statement's transaction; a stored view body
            // would keep it frozen, so say so instead.
            throw LocalSnowflakeException.Unsupported($"stream {path} in {Verb} (the emulator reads a stream per statement; query it directly)");
        }
        else
        {
            Append("(" + substitute + ")");
            if (!HasAlias(nameEnd, end))
            {
                Append("AS " + SqlNames.Quote(path.Name));
            }
        }

        return nameEnd;
    }

    private bool HasAlias(int i, int end) =>
        i < end && (_t[i].IsKeyword("AS") || _t[i].Kind == SqlTokenKind.QuotedIdentifier ||
            (_t[i].Kind == SqlTokenKind.Identifier && !Keywords.Contains(_t[i].Value) && !ClauseWords.Contains(_t[i].Value)));

    private int TableFunction(int i, int end)
    {
        var close = Match(i + 1);
        var nameEnd = SqlNames.ReadDotted(_t, i + 2, close, out var parts);
        if (parts.Count == 0 || !AtSymbol(nameEnd, "("))
        {
            throw Syntax(i + 2, "TABLE(...) needs a table function call");
        }

        var argsClose = Match(nameEnd);
        var args = SplitCommas(nameEnd + 1, argsClose).Select(r => (IReadOnlyList<SqlToken>)_t.Skip(r.Start).Take(r.End - r.Start).ToList()).ToList();
        var name = string.Join('.', parts);
        var sql = _scope.ResolveTableFunction?.Invoke(name, args) ?? throw LocalSnowflakeException.Unsupported($"table function {name}");
        Append("(" + sql + ")");
        if (!HasAlias(close + 1, end))
        {
            Append("AS " + SqlNames.Quote(parts[^1]));
        }

        return close + 1;
    }

    // FROM VALUES (..), (..) [AS] alias [(cols)]: Snowflake names the columns COLUMN1, COLUMN2...
    private int ValuesRelation(int i, int end)
    {
        var k = i + 1;
        var rows = new List<(int, int)>();
        while (AtSymbol(k, "("))
        {
            var close = Match(k);
            rows.Add((k, close));
            k = close + 1;
            if (!AtSymbol(k, ","))
            {
                break;
            }

            k++;
        }

        if (rows.Count == 0)
        {
            throw Syntax(i + 1, "VALUES needs at least one row in parentheses");
        }

        Append("(VALUES");
        for (var r = 0; r < rows.Count; r++)
        {
            if (r > 0)
            {
                Append(",");
            }

            Append("(");
            Emit(rows[r].Item1 + 1, rows[r].Item2);
            Append(")");
        }

        Append(")");
        var columns = SplitCommas(rows[0].Item1 + 1, rows[0].Item2).Count;
        var alias = "\"VALUES\"";
        if (At(k, "AS"))
        {
            k++;
        }

        if (k < end && _t[k].IsIdentifier && !IsKeyword(_t[k]) && !ClauseWords.Contains(_t[k].Value))
        {
            alias = SqlNames.Quote(_t[k].Value);
            k++;
            if (AtSymbol(k, "("))
            {
                var close = Match(k);
                Append("AS " + alias + " (" + Translate(k + 1, close) + ")");
                return close + 1;
            }
        }

        Append("AS " + alias + " (" + string.Join(", ", Enumerable.Range(1, columns).Select(c => SqlNames.Quote("COLUMN" + c.ToString(CultureInfo.InvariantCulture)))) + ")");
        return k;
    }

    // SELECT [DISTINCT] items ... : items get Snowflake's column names.
    private int SelectClause(int i, int end)
    {
        Append("SELECT");
        i++;
        if (At(i, "DISTINCT") || At(i, "ALL"))
        {
            Append(_t[i].Value);
            i++;
        }

        if (At(i, "TOP"))
        {
            throw LocalSnowflakeException.Unsupported("SELECT TOP n (use LIMIT n)");
        }

        var listEnd = end;
        var depth = 0;
        for (var k = i; k < end; k++)
        {
            var t = _t[k];
            if (t.IsSymbol("(") || t.IsSymbol("["))
            {
                depth++;
            }
            else if (t.IsSymbol(")") || t.IsSymbol("]"))
            {
                depth--;
            }
            else if (depth == 0 && t.Kind == SqlTokenKind.Identifier && ClauseWords.Contains(t.Value) &&
                (t.Value != "GROUP" || At(k + 1, "BY")) && (t.Value != "FROM" || k == 0 || !_t[k - 1].IsKeyword("DISTINCT")))
            {
                listEnd = k;
                break;
            }
        }

        var first = true;
        foreach (var (a, b) in SplitCommas(i, listEnd))
        {
            if (a >= b)
            {
                throw Syntax(a, "an empty select item");
            }

            if (!first)
            {
                Append(",");
            }

            first = false;
            SelectItem(a, b);
        }

        return listEnd;
    }

    private void SelectItem(int a, int b)
    {
        string? alias = null;
        var exprEnd = b;
        if (b - a >= 3 && _t[b - 2].IsKeyword("AS") && _t[b - 1].IsIdentifier)
        {
            alias = _t[b - 1].Value;
            exprEnd = b - 2;
        }
        else if (b - a >= 2 && _t[b - 1].IsIdentifier && !IsKeyword(_t[b - 1]) && IsValueEnd(_t[b - 2]))
        {
            alias = _t[b - 1].Value;
            exprEnd = b - 1;
        }

        Emit(a, exprEnd);
        if (alias is not null)
        {
            Append("AS " + SqlNames.Quote(alias));
            return;
        }

        if (IsStar(a, exprEnd) || IsPlainName(a, exprEnd))
        {
            return;
        }

        // Snowflake names an unaliased expression after its text, upper-cased.
        var text = string.Join(string.Empty, Enumerable.Range(a, exprEnd - a).Select(k => RawWithSpace(k, a))).ToUpperInvariant();
        Append("AS " + SqlNames.Quote(text));
    }

    private string RawWithSpace(int k, int first)
    {
        if (k == first)
        {
            return _t[k].Text;
        }

        return _t[k].Start > _t[k - 1].End ? " " + _t[k].Text : _t[k].Text;
    }

    private static bool IsValueEnd(SqlToken token) =>
        token.Kind switch
        {
            SqlTokenKind.Identifier => !Keywords.Contains(token.Value) || token.Value is "END" or "NULL" or "TRUE" or "FALSE",
            SqlTokenKind.QuotedIdentifier or SqlTokenKind.String or SqlTokenKind.DollarString or SqlTokenKind.Number or SqlTokenKind.HexString => true,
            SqlTokenKind.Punctuation => token.Text is ")" or "]",
            _ => false,
        };

    private static bool IsContextWord(SqlToken token) =>
        token.Kind == SqlTokenKind.Identifier && token.Value is "CURRENT_DATE" or "CURRENT_TIME" or "CURRENT_TIMESTAMP" or "LOCALTIME"
            or "LOCALTIMESTAMP" or "SYSDATE" or "CURRENT_USER" or "CURRENT_ROLE";

    private bool IsStar(int a, int b)
    {
        for (var k = a; k < b; k++)
        {
            if (_t[k].IsSymbol("*") && (k == a || _t[k - 1].IsSymbol(".")))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsPlainName(int a, int b)
    {
        for (var k = a; k < b; k++)
        {
            var even = (k - a) % 2 == 0;
            if (even ? !(_t[k].IsIdentifier && !IsKeyword(_t[k]) && !IsContextWord(_t[k])) : !_t[k].IsSymbol("."))
            {
                return false;
            }
        }

        return (b - a) % 2 == 1;
    }

    private int Cast(int i, string word)
    {
        var close = Match(i + 1);
        var asAt = FindTopLevel(i + 2, close, "AS");
        if (asAt < 0)
        {
            throw Syntax(i, $"{word}(expression AS type) needs AS");
        }

        var afterType = SnowflakeTypes.Parse(_t, asAt + 1, close, out var type);
        if (afterType != close)
        {
            throw Syntax(afterType, "the type should end the cast");
        }

        var mark = _out.Length;
        Append($"{word}({Translate(i + 2, asAt)} AS {type.DuckDb})");
        return Postfix(close + 1, _t.Count, mark);
    }

    /// <summary>DuckDB's collation for a Snowflake collation specification, or null for binary comparison.</summary>
    /// <param name="specification">e.g. <c>en-ci</c>, <c>en-ci-ai</c>, <c>utf8</c>.</param>
    /// <returns><c>NOCASE</c>, <c>NOACCENT</c>, <c>NOCASE.NOACCENT</c> or null.</returns>
    public static string? DuckCollation(string specification)
    {
        var parts = specification.ToLowerInvariant().Split('-', StringSplitOptions.RemoveEmptyEntries);
        var nocase = false;
        var noaccent = false;
        foreach (var part in parts.Skip(1))
        {
            switch (part)
            {
                case "ci":
                    nocase = true;
                    break;
                case "ai":
                    noaccent = true;
                    break;
                case "cs" or "as" or "pi" or "ps" or "fu" or "fl":
                    break;
                case "upper" or "lower" or "trim" or "ltrim" or "rtrim":
                    throw LocalSnowflakeException.Unsupported($"collation specifier '{part}' in COLLATE '{specification}'");
                default:
                    break;
            }
        }

        if (parts.Length > 0 && parts[0] is "upper" or "lower" or "trim" or "ltrim" or "rtrim")
        {
            throw LocalSnowflakeException.Unsupported($"collation specifier '{parts[0]}' in COLLATE '{specification}'");
        }

        return (nocase, noaccent) switch
        {
            (true, true) => "NOCASE.NOACCENT",
            (true, false) => "NOCASE",
            (false, true) => "NOACCENT",
            _ => null,
        };
    }
}
