namespace SnowMedallion.Execution;

/// <summary>
/// Runs Snowflake SQL statements. Every part of SnowMedallion that talks to an account (deployment,
/// wiring, status) goes through this, so one transport can stand in for another: an ADO.NET
/// connection (<see cref="DbConnectionExecutor"/>), the SQL API v2, or the local emulator.
/// </summary>
public interface ISnowflakeExecutor
{
    /// <summary>Runs one statement and returns its whole result.</summary>
    /// <param name="statement">The statement text and its positional bindings.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <returns>The columns and rows the statement produced (none for most DDL).</returns>
    /// <exception cref="SnowflakeStatementException">The statement failed in Snowflake.</exception>
    Task<SnowflakeResult> ExecuteAsync(SnowflakeStatement statement, CancellationToken cancellationToken = default);
}
