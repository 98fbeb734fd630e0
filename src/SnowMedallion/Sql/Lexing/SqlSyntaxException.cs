namespace SnowMedallion.Sql.Lexing;

/// <summary>
/// Snowflake SQL text could not be tokenized (an unterminated string, identifier or comment, or a character SQL
/// does not use). Snowflake reports such errors as a syntax error: code 1003, SQLSTATE 42000.
/// </summary>
public sealed class SqlSyntaxException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public SqlSyntaxException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public SqlSyntaxException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public SqlSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a position in the SQL text.</summary>
    /// <param name="message">What went wrong and how to fix it.</param>
    /// <param name="offset">Zero-based offset in the SQL text.</param>
    /// <param name="line">One-based line number.</param>
    /// <param name="position">Zero-based position in the line (as Snowflake reports it).</param>
    public SqlSyntaxException(string message, int offset, int line, int position)
        : base(message)
    {
        Offset = offset;
        Line = line;
        Position = position;
    }

    /// <summary>Snowflake's error code for syntax errors.</summary>
    public const int SnowflakeErrorCode = 1003;

    /// <summary>Snowflake's SQLSTATE for syntax errors.</summary>
    public const string SqlState = "42000";

    /// <summary>Zero-based offset of the error in the SQL text.</summary>
    public int Offset { get; }

    /// <summary>One-based line of the error.</summary>
    public int Line { get; }

    /// <summary>Zero-based position of the error within its line.</summary>
    public int Position { get; }
}
