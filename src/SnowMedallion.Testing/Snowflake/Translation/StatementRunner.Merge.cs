using DuckDB.NET.Data;
using SnowMedallion.Sql.Lexing;
using SnowMedallion.Testing.Snowflake.Engine;

namespace SnowMedallion.Testing.Snowflake.Translation;

/// <summary>MERGE, with Snowflake's nondeterministic-merge rule and result columns.</summary>
internal sealed partial class StatementRunner
{
    private enum MergeAction
    {
        Update,
        Delete,
        Insert,
    }

    // MERGE INTO t [[AS] a] USING s [[AS] b] ON cond { WHEN [NOT] MATCHED [AND pred] THEN action } ...
    // https://docs.snowflake.com/en/sql-reference/sql/merge
    private GenericSqlResult RunMerge()
    {
        _translator.Verb = "MERGE";
        Expect(1, "INTO");
        var i = _translator.ReadRelationName(2, _t.Count, out var target);
        var targetAlias = ReadAlias(ref i, "USING");
        var targetQualifier = targetAlias.Length > 0 ? _t[i - 1].Value : target.Name;
        Expect(i, "USING");
        var sourceStart = i + 1;
        var source = _translator.TranslateRelation(sourceStart, _t.Count, out i);
        var sourceAlias = ReadAlias(ref i, "ON");
        Expect(i, "ON");
        var whens = FindOutsideCase(i + 1, _t.Count, "WHEN");
        if (whens.Count == 0)
        {
            throw _translator.Syntax(_t.Count, "MERGE needs at least one WHEN [NOT] MATCHED clause");
        }

        var on = _translator.Translate(i + 1, whens[0]);
        var clauses = new List<(MergeAction Action, string? Predicate, string Sql)>();
        for (var w = 0; w < whens.Count; w++)
        {
            var start = whens[w];
            var stop = w + 1 < whens.Count ? whens[w + 1] : _t.Count;
            clauses.Add(MergeClause(start, stop));
        }

        var targetName = targetAlias.Length > 0 ? targetAlias[4..] : SqlNames.Quote(target.Name);
        var head = $"{SqlNames.Quote(target)} AS {targetName}";
        var using_ = $"{source}{sourceAlias}";
        var targetSql = SqlNames.Quote(target);
        var before = RowCount(targetSql);
        if (_scope.ErrorOnNondeterministicMerge && clauses.Any(c => c.Action == MergeAction.Update) && before > 0 &&
            MayHaveDuplicateKeys(SourceKeys(i + 1, whens[0], targetQualifier), sourceStart, sourceAlias, using_, head))
        {
            CheckDeterministic(head, using_, on, targetName, clauses);
        }

        var sql = $"MERGE INTO {head} USING {using_} ON {on} {string.Join(' ', clauses.Select(c => c.Sql))}";
        var (inserted, updated, deleted) = RunCounted(sql, targetSql, before, clauses);
        // Snowflake reports one column per kind of clause the statement has.
        var names = new List<string>();
        var counts = new List<long>();
        if (clauses.Any(c => c.Action == MergeAction.Insert))
        {
            names.Add("number of rows inserted");
            counts.Add(inserted);
        }

        if (clauses.Any(c => c.Action == MergeAction.Update))
        {
            names.Add("number of rows updated");
            counts.Add(updated);
        }

        if (clauses.Any(c => c.Action == MergeAction.Delete))
        {
            names.Add("number of rows deleted");
            counts.Add(deleted);
        }

        return new GenericSqlResult(GenericSqlExecutor.Counts(names, counts), GenericStatementKind.Merge, _translator.Reads, target);
    }

    // Snowflake reports inserted, updated and deleted rows apart; DuckDB's MERGE returns their sum. RETURNING
    // merge_action would tell them apart, but streams every changed row back to .NET (a third of a 1,000,000-row
    // merge's time), so the split is computed from the sum and the target's row count before and after:
    // inserted - deleted = after - before, and a statement without DELETE (or without INSERT) has one unknown less.
    private (long Inserted, long Updated, long Deleted) RunCounted(string sql, string target, long before, List<(MergeAction Action, string? Predicate, string Sql)> clauses)
    {
        var deletes = clauses.Any(c => c.Action == MergeAction.Delete);
        var inserts = clauses.Any(c => c.Action == MergeAction.Insert);
        var updates = clauses.Any(c => c.Action == MergeAction.Update);
        if (deletes && inserts && updates)
        {
            return RunReturning(sql);
        }

        long affected = GenericSqlExecutor.NonQuery(_connection, sql);
        if (!deletes && !inserts)
        {
            // Only updates: DuckDB's count is the answer, and the row count cannot have moved.
            return (0, affected, 0);
        }

        var growth = RowCount(target) - before;
        return deletes
            ? (inserts ? (affected + growth) / 2 : 0, updates ? affected + growth : 0, inserts ? (affected - growth) / 2 : -growth)
            : (growth, affected - growth, 0);
    }

    private (long Inserted, long Updated, long Deleted) RunReturning(string sql)
    {
        long inserted = 0, updated = 0, deleted = 0;
        using var command = _connection.CreateCommand();
        command.CommandText = sql + " RETURNING merge_action";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            switch (reader.GetString(0))
            {
                case "INSERT":
                    inserted++;
                    break;
                case "UPDATE":
                    updated++;
                    break;
                case "DELETE":
                    deleted++;
                    break;
                default:
                    break;
            }
        }

        return (inserted, updated, deleted);
    }

    private long RowCount(string table) =>
        Convert.ToInt64(DuckDbResults.Scalar(_connection, "SELECT count(*) FROM " + table), System.Globalization.CultureInfo.InvariantCulture);

    private (MergeAction Action, string? Predicate, string Sql) MergeClause(int start, int stop)
    {
        var i = start + 1;
        var matched = true;
        if (At(i, "NOT"))
        {
            matched = false;
            i++;
        }

        Expect(i, "MATCHED");
        i++;
        if (!matched && At(i, "BY"))
        {
            if (!At(i + 1, "TARGET"))
            {
                throw LocalSnowflakeException.Unsupported($"WHEN NOT MATCHED BY {(i + 1 < _t.Count ? _t[i + 1].Value : string.Empty)}");
            }

            i += 2;
        }

        var then = FindOutsideCase(i, stop, "THEN");
        if (then.Count == 0)
        {
            throw _translator.Syntax(i, "THEN was expected");
        }

        string? predicate = null;
        if (At(i, "AND"))
        {
            predicate = _translator.Translate(i + 1, then[0]);
        }
        else if (then[0] != i)
        {
            throw _translator.Syntax(i, "AND <predicate> or THEN was expected");
        }

        var head = (matched ? "WHEN MATCHED" : "WHEN NOT MATCHED") + (predicate is null ? string.Empty : $" AND ({predicate})");
        i = then[0] + 1;
        if (matched && At(i, "UPDATE"))
        {
            if (At(i + 1, "ALL"))
            {
                throw LocalSnowflakeException.Unsupported("UPDATE ALL BY NAME");
            }

            Expect(i + 1, "SET");
            return (MergeAction.Update, predicate, $"{head} THEN UPDATE SET {Assignments(i + 2, stop)}");
        }

        if (matched && At(i, "DELETE"))
        {
            if (i + 1 != stop)
            {
                throw _translator.Syntax(i + 1, "nothing may follow DELETE in a WHEN MATCHED clause");
            }

            return (MergeAction.Delete, predicate, $"{head} THEN DELETE");
        }

        if (!matched && At(i, "INSERT"))
        {
            i++;
            if (At(i, "ALL"))
            {
                throw LocalSnowflakeException.Unsupported("INSERT ALL BY NAME");
            }

            var columns = string.Empty;
            if (AtSymbol(i, "("))
            {
                var close = _translator.Match(i);
                columns = "(" + string.Join(", ", _translator.SplitCommas(i + 1, close).Select(r => ColumnName(r.Start, r.End))) + ") ";
                i = close + 1;
            }

            Expect(i, "VALUES");
            if (!AtSymbol(i + 1, "("))
            {
                throw _translator.Syntax(i + 1, "VALUES (...) was expected");
            }

            var valuesClose = _translator.Match(i + 1);
            if (valuesClose + 1 != stop)
            {
                throw _translator.Syntax(valuesClose + 1, "nothing may follow VALUES (...) in a WHEN NOT MATCHED clause");
            }

            var values = string.Join(", ", _translator.SplitCommas(i + 2, valuesClose).Select(r => _translator.Translate(r.Start, r.End)));
            return (MergeAction.Insert, predicate, $"{head} THEN INSERT {columns}VALUES ({values})");
        }

        throw _translator.Syntax(i, matched ? "UPDATE SET ... or DELETE was expected after WHEN MATCHED ... THEN" : "INSERT ... VALUES (...) was expected after WHEN NOT MATCHED ... THEN");
    }

    // The (source, target) column pairs of an ON condition made only of `t.a = s.b` equalities (ANDed), or null when it
    // has any other shape. Two source rows can join the same target row only if they agree on every source column.
    private List<(string Source, string Target)>? SourceKeys(int start, int end, string targetQualifier)
    {
        var keys = new List<(string Source, string Target)>();
        var ands = FindOutsideCase(start, end, "AND");
        ands.Add(end);
        var from = start;
        foreach (var stop in ands)
        {
            if (stop - from != 7 || !_t[from + 3].IsSymbol("=") || !_t[from + 1].IsSymbol(".") || !_t[from + 5].IsSymbol("."))
            {
                return null;
            }

            var left = _t[from].Value == targetQualifier;
            var right = _t[from + 4].Value == targetQualifier;
            if (left == right)
            {
                return null;
            }

            var sourceStart = left ? from + 4 : from;
            var targetStart = left ? from : from + 4;
            keys.Add((_translator.Translate(sourceStart, sourceStart + 3), _translator.Translate(targetStart, targetStart + 3)));
            from = stop + 1;
        }

        return keys;
    }

    // False only when a cheap test proves that no two source rows share the join keys (the full check is then skipped):
    // the source grouped on its join keys, strings folded to lower case without accents (at least as coarse as every
    // collation the emulator supports, so no real duplicate is missed). A key whose type differs from its target
    // column's (equality would then convert) always takes the full check (a join with the target).
    private bool MayHaveDuplicateKeys(List<(string Source, string Target)>? keys, int sourceStart, string sourceAlias, string source, string target)
    {
        if (keys is null)
        {
            return true;
        }

        // Without its QUALIFY the source is cheaper to compute and has the same key types.
        var unfiltered = WithoutQualify(sourceStart) is { } query ? query + sourceAlias : null;
        var sourceTypes = GenericSqlExecutor.Describe(_connection, $"SELECT {string.Join(", ", keys.Select(k => k.Source))} FROM {unfiltered ?? source}");
        var targetTypes = GenericSqlExecutor.Describe(_connection, $"SELECT {string.Join(", ", keys.Select(k => k.Target))} FROM {target}");
        if (!sourceTypes.SequenceEqual(targetTypes, StringComparer.Ordinal))
        {
            return true;
        }

        var groups = string.Join(", ", keys.Select((k, n) => sourceTypes[n].StartsWith("VARCHAR", StringComparison.Ordinal) ? $"lower(strip_accents({k.Source}))" : k.Source));
        bool SharesKeys(string relation) =>
            DuckDbResults.Scalar(_connection, $"SELECT 1 FROM {relation} GROUP BY {groups} HAVING count(*) > 1 LIMIT 1") is not null;

        return (unfiltered is null || SharesKeys(unfiltered)) && SharesKeys(source);
    }

    private static readonly string[] SetOperators = ["UNION", "INTERSECT", "EXCEPT", "MINUS"];

    // The source subquery without its top-level QUALIFY, or null when it has another shape. QUALIFY only removes rows
    // (window values are computed before it), so no duplicate keys without it means none with it, and the test skips the
    // window: the usual de-duplicating source (QUALIFY ROW_NUMBER() OVER (PARTITION BY key ...) = 1) costs a sort.
    private string? WithoutQualify(int open)
    {
        if (!AtSymbol(open, "(") || !At(open + 1, "SELECT"))
        {
            return null;
        }

        // One top-level QUALIFY and no set operator: any other shape is not one this test knows.
        var close = _translator.Match(open);
        var qualifies = FindOutsideCase(open + 1, close, "QUALIFY");
        if (qualifies.Count != 1 || SetOperators.Any(word => FindOutsideCase(open + 1, close, word).Count > 0))
        {
            return null;
        }

        var qualify = qualifies[0];
        var query = new List<SqlToken>(qualify - open - 1);
        for (var k = open + 1; k < qualify; k++)
        {
            query.Add(_t[k]);
        }

        return "(" + GenericSqlExecutor.TranslateQuery(query, _scope, out _) + ")";
    }

    // Snowflake's ERROR_ON_NONDETERMINISTIC_MERGE: a target row joined by several source rows, where the first
    // matching WHEN MATCHED clause of at least one of them is an UPDATE, is an error (100090) and nothing changes.
    // Several source rows that all DELETE the row are deterministic; duplicates that INSERT are allowed.
    private void CheckDeterministic(string head, string source, string on, string targetName, List<(MergeAction Action, string? Predicate, string Sql)> clauses)
    {
        var matched = clauses.Where(c => c.Action != MergeAction.Insert).ToList();
        var cases = string.Join(' ', matched.Select(c => $"WHEN {c.Predicate ?? "TRUE"} THEN '{(c.Action == MergeAction.Update ? "U" : "D")}'"));
        var sql =
            $"SELECT 1 FROM (SELECT {targetName}.rowid AS __sm_row, CASE {cases} END AS __sm_action FROM {head} INNER JOIN {source} ON {on}) " +
            "WHERE __sm_action IS NOT NULL GROUP BY __sm_row HAVING count(*) > 1 AND bool_or(__sm_action = 'U') LIMIT 1";
        if (DuckDbResults.Scalar(_connection, sql) is not null)
        {
            // https://docs.snowflake.com/en/sql-reference/sql/merge#duplicate-join-behavior
            throw new LocalSnowflakeException(100090, "42P18", "Duplicate row detected during DML action");
        }
    }

    // Top-level occurrences of a keyword, skipping parentheses and CASE ... END.
    private List<int> FindOutsideCase(int start, int end, string word)
    {
        var result = new List<int>();
        var depth = 0;
        var cases = 0;
        for (var k = start; k < end; k++)
        {
            var token = _t[k];
            if (token.IsSymbol("("))
            {
                depth++;
            }
            else if (token.IsSymbol(")"))
            {
                depth--;
            }
            else if (depth == 0 && token.IsKeyword("CASE"))
            {
                cases++;
            }
            else if (depth == 0 && token.IsKeyword("END") && cases > 0)
            {
                cases--;
            }
            else if (depth == 0 && cases == 0 && token.IsKeyword(word))
            {
                result.Add(k);
            }
        }

        return result;
    }
}
