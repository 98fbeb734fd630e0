using System.Data.Common;

namespace SnowMedallion.Testing;

/// <summary>
/// A statement failed in LocalSnowflake. Carries Snowflake's error code and SQLSTATE, so code written
/// against Snowflake.Data's exception (which exposes <c>SnowflakeErrorCode</c> too) behaves the same.
/// </summary>
public sealed class LocalSnowflakeException : DbException
{
    /// <summary>Creates the exception.</summary>
    public LocalSnowflakeException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public LocalSnowflakeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public LocalSnowflakeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with Snowflake's error code and SQLSTATE.</summary>
    /// <param name="snowflakeErrorCode">Snowflake's error code, e.g. 100090 for a nondeterministic MERGE.</param>
    /// <param name="sqlState">The SQLSTATE, e.g. <c>0A000</c> for an unsupported feature.</param>
    /// <param name="message">Snowflake's message.</param>
    /// <param name="innerException">The cause, if any (e.g. DuckDB's own error).</param>
    public LocalSnowflakeException(int snowflakeErrorCode, string sqlState, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        SnowflakeErrorCode = snowflakeErrorCode;
        SqlStateCode = sqlState;
    }

    /// <summary>Snowflake's numeric error code.</summary>
    public int SnowflakeErrorCode { get; }

    /// <inheritdoc/>
    public override string? SqlState => SqlStateCode;

    private string? SqlStateCode { get; }

    /// <summary>An unsupported construct: SQLSTATE 0A000, the message names the construct.</summary>
    /// <param name="construct">What is not supported, as the user wrote it.</param>
    /// <returns>The exception to throw.</returns>
    internal static LocalSnowflakeException Unsupported(string construct) =>
        new(2, "0A000", $"Unsupported feature '{construct}': LocalSnowflake does not emulate it. See docs/emulator-fidelity.md.");
}
