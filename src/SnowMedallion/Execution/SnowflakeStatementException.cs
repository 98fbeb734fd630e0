namespace SnowMedallion.Execution;

/// <summary>A statement failed in Snowflake (or in the emulator), with Snowflake's error code and SQLSTATE.</summary>
public sealed class SnowflakeStatementException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SnowflakeStatementException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public SnowflakeStatementException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The transport's own exception.</param>
    public SnowflakeStatementException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with Snowflake's error fields.</summary>
    /// <param name="message">Snowflake's error message.</param>
    /// <param name="errorCode">Snowflake's numeric error code (for example 100090), or null when unknown.</param>
    /// <param name="sqlState">The five-character SQLSTATE, or null when unknown.</param>
    /// <param name="sql">The statement that failed.</param>
    /// <param name="innerException">The transport's own exception, if any.</param>
    public SnowflakeStatementException(string message, int? errorCode, string? sqlState, string? sql, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        SqlState = sqlState;
        Sql = sql;
    }

    /// <summary>Snowflake's numeric error code, or null when the transport did not report one.</summary>
    public int? ErrorCode { get; }

    /// <summary>The SQLSTATE, or null when the transport did not report one.</summary>
    public string? SqlState { get; }

    /// <summary>The statement that failed.</summary>
    public string? Sql { get; }
}
