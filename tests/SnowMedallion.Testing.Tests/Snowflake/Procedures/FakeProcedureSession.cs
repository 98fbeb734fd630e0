using SnowMedallion.Testing.Snowflake;
using SnowMedallion.Testing.Snowflake.Procedures;

namespace SnowMedallion.Testing.Tests.Snowflake.Procedures;

/// <summary>A scripted caller session: answers statements from a table, records what ran.</summary>
internal sealed class FakeProcedureSession : IProcedureSqlSession
{
    private readonly Dictionary<string, Func<IReadOnlyList<object?>, LocalResult>> _answers = new(StringComparer.OrdinalIgnoreCase);
    private int _queryCounter;

    public List<(string Sql, IReadOnlyList<object?> Binds)> Executed { get; } = [];

    public FakeProcedureSession Answer(string sql, LocalResult result) => Answer(sql, _ => result);

    public FakeProcedureSession Answer(string sql, Func<IReadOnlyList<object?>, LocalResult> answer)
    {
        _answers[sql] = answer;
        return this;
    }

    public FakeProcedureSession Fail(string sql, int code, string state, string message) =>
        Answer(sql, _ => throw new LocalSnowflakeException(code, state, message));

    public ProcedureStatementResult Execute(string sqlText, IReadOnlyList<object?> binds)
    {
        Executed.Add((sqlText, binds));
        _queryCounter++;
        var queryId = $"01b00000-0000-0000-0000-{_queryCounter:D12}";
        return _answers.TryGetValue(sqlText, out var answer)
            ? new ProcedureStatementResult(answer(binds), queryId)
            : new ProcedureStatementResult(LocalResult.Status("Statement executed successfully."), queryId);
    }

    public static LocalResult Table(string[] names, string[] types, params object?[][] rows) =>
        new(names.Select((n, i) => new LocalColumn(n, types[i], typeof(object))).ToList(), rows);

    public static LocalResult Merge(long inserted, long updated) =>
        new([new LocalColumn("number of rows inserted", "NUMBER(38,0)", typeof(long)), new LocalColumn("number of rows updated", "NUMBER(38,0)", typeof(long))],
            [[inserted, updated]]);
}
