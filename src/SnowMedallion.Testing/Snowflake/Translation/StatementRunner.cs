using System.Text;
using DuckDB.NET.Data;
using SnowMedallion.Sql.Lexing;

namespace SnowMedallion.Testing.Snowflake.Translation;

/// <summary>Runs one generic statement: parses its outer shape, translates its parts, executes in DuckDB.</summary>
internal sealed partial class StatementRunner
{
    private readonly DuckDBConnection _connection;
    private readonly IReadOnlyList<SqlToken> _t;
    private readonly TranslationScope _scope;
    private readonly SqlTranslator _translator;

    public StatementRunner(DuckDBConnection connection, IReadOnlyList<SqlToken> tokens, TranslationScope scope)
    {
        _connection = connection;
        _t = tokens;
        _scope = scope;
        _translator = new SqlTranslator(tokens, scope);
    }

    public GenericSqlResult Run()
    {
        var first = _t[0];
        if (first.IsSymbol("("))
        {
            return RunQuery();
        }

        switch (first.Value)
        {
            case "SELECT" or "WITH":
                return RunQuery();
            case "INSERT":
                return RunInsert();
            case "UPDATE":
                return RunUpdate();
            case "DELETE":
                return RunDelete();
            case "MERGE":
                return RunMerge();
            case "TRUNCATE":
                return RunTruncate();
            case "CREATE":
                var kind = GenericSqlExecutor.CreateKind(_t, out var kindIndex, out var orReplace);
                return kind == "VIEW" ? RunCreateView(kindIndex, orReplace) : RunCreateTable(kindIndex, orReplace);
            case "ALTER":
                return RunAlterTable();
            case "DROP":
                return RunDrop();
            default:
                throw LocalSnowflakeException.Unsupported(Describe());
        }
    }

    private string Describe() => string.Join(' ', _t.Take(3).Select(t => t.Text.ToUpperInvariant()));

    private bool At(int i, string keyword) => i < _t.Count && _t[i].IsKeyword(keyword);

    private bool AtSymbol(int i, string symbol) => i < _t.Count && _t[i].IsSymbol(symbol);

    private void Expect(int i, string keyword)
    {
        if (!At(i, keyword))
        {
            throw _translator.Syntax(i, $"{keyword} was expected");
        }
    }

    private GenericSqlResult RunQuery()
    {
        var sql = _translator.Translate(0, _t.Count);
        var result = GenericSqlExecutor.Query(_connection, sql, _scope.TimeZone);
        return new GenericSqlResult(result, GenericStatementKind.Query, _translator.Reads, null);
    }

    // INSERT [OVERWRITE] INTO t [(cols)] { VALUES ... | query }
    private GenericSqlResult RunInsert()
    {
        _translator.Verb = "INSERT";
        var i = 1;
        var overwrite = false;
        if (At(i, "OVERWRITE"))
        {
            overwrite = true;
            i++;
        }

        if (At(i, "ALL") || At(i, "FIRST"))
        {
            throw LocalSnowflakeException.Unsupported($"multi-table INSERT {_t[i].Value}");
        }

        Expect(i, "INTO");
        i = _translator.ReadRelationName(i + 1, _t.Count, out var target);
        var columns = string.Empty;
        if (AtSymbol(i, "("))
        {
            var close = _translator.Match(i);
            columns = "(" + string.Join(", ", _translator.SplitCommas(i + 1, close).Select(r => ColumnName(r.Start, r.End))) + ")";
            i = close + 1;
        }

        var source = _translator.Translate(i, _t.Count);
        var sql = $"INSERT INTO {SqlNames.Quote(target)} {columns} {source}";
        long count = 0;
        if (overwrite)
        {
            GenericSqlExecutor.Atomically(_connection, () =>
            {
                GenericSqlExecutor.NonQuery(_connection, "DELETE FROM " + SqlNames.Quote(target));
                count = GenericSqlExecutor.NonQuery(_connection, sql);
            });
        }
        else
        {
            count = GenericSqlExecutor.NonQuery(_connection, sql);
        }

        return new GenericSqlResult(
            GenericSqlExecutor.Counts(["number of rows inserted"], [count]),
            GenericStatementKind.Insert,
            _translator.Reads,
            target);
    }

    private string ColumnName(int start, int end)
    {
        if (end - start == 1 && _t[start].IsIdentifier)
        {
            return SqlNames.Quote(_t[start].Value);
        }

        // t.col: Snowflake accepts a qualified target column; the column is the last part.
        if (end - start >= 3 && _t[end - 1].IsIdentifier && _t[end - 2].IsSymbol("."))
        {
            return SqlNames.Quote(_t[end - 1].Value);
        }

        throw _translator.Syntax(start, "a column name was expected");
    }

    // UPDATE t [[AS] alias] SET c = e, ... [FROM ...] [WHERE ...]
    private GenericSqlResult RunUpdate()
    {
        _translator.Verb = "UPDATE";
        var i = _translator.ReadRelationName(1, _t.Count, out var target);
        var alias = ReadAlias(ref i, "SET");
        Expect(i, "SET");
        var setEnd = _translator.FindTopLevel(i + 1, _t.Count, "FROM", "WHERE");
        setEnd = setEnd < 0 ? _t.Count : setEnd;
        var assignments = Assignments(i + 1, setEnd);
        var rest = _translator.Translate(setEnd, _t.Count);
        var sql = $"UPDATE {SqlNames.Quote(target)}{alias} SET {assignments} {rest}";
        long count = GenericSqlExecutor.NonQuery(_connection, sql);
        return new GenericSqlResult(
            GenericSqlExecutor.Counts(["number of rows updated", "number of multi-joined rows updated"], [count, 0]),
            GenericStatementKind.Update,
            _translator.Reads,
            target);
    }

    private string Assignments(int start, int end)
    {
        var parts = new List<string>();
        foreach (var (a, b) in _translator.SplitCommas(start, end))
        {
            var equals = -1;
            for (var k = a; k < b; k++)
            {
                if (_t[k].IsSymbol("="))
                {
                    equals = k;
                    break;
                }
            }

            if (equals < 0)
            {
                throw _translator.Syntax(a, "SET column = expression");
            }

            parts.Add($"{ColumnName(a, equals)} = {_translator.Translate(equals + 1, b)}");
        }

        return string.Join(", ", parts);
    }

    private string ReadAlias(ref int i, params string[] stops)
    {
        if (At(i, "AS"))
        {
            i++;
        }

        var isStop = false;
        foreach (var stop in stops)
        {
            isStop |= At(i, stop);
        }

        if (i < _t.Count && _t[i].IsIdentifier && !isStop)
        {
            var alias = " AS " + SqlNames.Quote(_t[i].Value);
            i++;
            return alias;
        }

        return string.Empty;
    }

    // DELETE FROM t [[AS] alias] [USING ...] [WHERE ...]
    private GenericSqlResult RunDelete()
    {
        _translator.Verb = "DELETE";
        Expect(1, "FROM");
        var i = _translator.ReadRelationName(2, _t.Count, out var target);
        var alias = ReadAlias(ref i, "USING", "WHERE");
        var rest = _translator.Translate(i, _t.Count);
        var sql = $"DELETE FROM {SqlNames.Quote(target)}{alias} {rest}";
        long count = GenericSqlExecutor.NonQuery(_connection, sql);
        return new GenericSqlResult(
            GenericSqlExecutor.Counts(["number of rows deleted"], [count]),
            GenericStatementKind.Delete,
            _translator.Reads,
            target);
    }

    // TRUNCATE [TABLE] [IF EXISTS] t
    private GenericSqlResult RunTruncate()
    {
        _translator.Verb = "TRUNCATE";
        var i = 1;
        if (At(i, "TABLE"))
        {
            i++;
        }

        var ifExists = false;
        if (At(i, "IF") && At(i + 1, "EXISTS"))
        {
            ifExists = true;
            i += 2;
        }

        i = _translator.ReadRelationName(i, _t.Count, out var target);
        EndOfStatement(i);
        if (GenericSqlExecutor.RelationKindOf(_connection, target) != "TABLE")
        {
            if (ifExists)
            {
                return new GenericSqlResult(LocalResult.Status("Statement executed successfully."), GenericStatementKind.Truncate, [], target);
            }

            throw DoesNotExist("Table", target);
        }

        GenericSqlExecutor.NonQuery(_connection, "DELETE FROM " + SqlNames.Quote(target));
        return new GenericSqlResult(LocalResult.Status("Statement executed successfully."), GenericStatementKind.Truncate, [], target);
    }

    private void EndOfStatement(int i)
    {
        if (i < _t.Count)
        {
            throw LocalSnowflakeException.Unsupported($"'{_t[i].Text}' in {Describe()}");
        }
    }

    internal static LocalSnowflakeException DoesNotExist(string kind, ObjectPath path) =>
        new(2003, "42S02", $"SQL compilation error:\n{kind} '{path}' does not exist or not authorized.");

    private static string Original(IReadOnlyList<SqlToken> tokens)
    {
        var text = new StringBuilder();
        for (var k = 0; k < tokens.Count; k++)
        {
            if (k > 0 && tokens[k].Start > tokens[k - 1].End)
            {
                text.Append(' ');
            }

            text.Append(tokens[k].Text);
        }

        return text.ToString();
    }
}
