namespace SnowMedallion.Testing.Snowflake.Procedures;

/// <summary>
/// The SQL side a procedure talks to: the CALLER's session, so that BEGIN / COMMIT / ROLLBACK in a
/// procedure body act on the caller's transaction exactly as in Snowflake.
/// </summary>
internal interface IProcedureSqlSession
{
    /// <summary>Runs one Snowflake SQL statement with <c>?</c> binds filled in order.</summary>
    /// <param name="sqlText">The statement.</param>
    /// <param name="binds">Bind values (string, long, double, decimal, bool, DateTime, null), one per <c>?</c>.</param>
    /// <returns>The result and the statement's query id.</returns>
    /// <exception cref="LocalSnowflakeException">The statement failed; its code and SQLSTATE reach the procedure.</exception>
    ProcedureStatementResult Execute(string sqlText, IReadOnlyList<object?> binds);
}

/// <summary>What a statement run from a procedure returns.</summary>
/// <param name="Result">The Snowflake-shaped result.</param>
/// <param name="QueryId">The statement's query id.</param>
internal sealed record ProcedureStatementResult(LocalResult Result, string QueryId);

/// <summary>Limits on one procedure call.</summary>
/// <param name="Timeout">The longest a call may run (Snowflake: the statement timeout); exceeding it fails the CALL with 000630.</param>
/// <param name="MaxStatements">The most JavaScript statements one call may execute, or null for no limit.</param>
/// <param name="MemoryLimitBytes">The most memory one call's JavaScript may allocate, or null for no limit.</param>
internal sealed record ProcedureLimits(TimeSpan Timeout, int? MaxStatements = null, long? MemoryLimitBytes = null)
{
    /// <summary>Defaults: ten minutes, no statement or memory limit.</summary>
    public static ProcedureLimits Default { get; } = new(TimeSpan.FromMinutes(10));
}
