using SnowMedallion.Testing.Snowflake.Engine;
using SnowMedallion.Testing.Snowflake.Engine.Parsing;

namespace SnowMedallion.Testing.Snowflake.Procedures;

/// <summary>
/// Runs a procedure's statements in an engine session (the caller's), one statement per call as
/// Snowflake's JavaScript API requires.
/// </summary>
internal sealed class SessionProcedureSql : IProcedureSqlSession
{
    private readonly Session _session;

    /// <summary>Wraps a session.</summary>
    /// <param name="session">The caller's session.</param>
    public SessionProcedureSql(Session session) => _session = session;

    /// <inheritdoc/>
    public ProcedureStatementResult Execute(string sqlText, IReadOnlyList<object?> binds)
    {
        ArgumentNullException.ThrowIfNull(sqlText);
        ArgumentNullException.ThrowIfNull(binds);
        var text = binds.Count == 0 ? sqlText : StatementDispatcher.SubstituteBinds(sqlText, binds);
        var statements = EngineTokens.Split(text);
        if (statements.Count != 1)
        {
            throw new LocalSnowflakeException(8, "0A000",
                $"Actual statement count {statements.Count} did not match the desired statement count 1: run one statement per snowflake.execute / createStatement.");
        }

        var result = _session.Engine.Dispatcher.ExecuteOne(_session, statements[0]);
        return new ProcedureStatementResult(result, QueryIds.Next());
    }
}

/// <summary>Query ids in Snowflake's shape (a UUID-like string).</summary>
internal static class QueryIds
{
    /// <summary>A new, unique query id.</summary>
    /// <returns>The id.</returns>
    public static string Next() => Guid.NewGuid().ToString("D");
}
