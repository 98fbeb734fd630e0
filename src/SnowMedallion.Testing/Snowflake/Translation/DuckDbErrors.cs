using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace SnowMedallion.Testing.Snowflake.Translation;

/// <summary>Turns DuckDB's errors into Snowflake's (codes and messages as Snowflake reports them).</summary>
internal static partial class DuckDbErrors
{
    /// <summary>The Snowflake-shaped exception for a DuckDB error.</summary>
    /// <param name="error">DuckDB's exception.</param>
    /// <returns>The exception to throw.</returns>
    public static LocalSnowflakeException Translate(DuckDBException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = error.Message;
        Match match;
        if (message.Contains("NOT NULL constraint failed", StringComparison.Ordinal))
        {
            // https://docs.snowflake.com/en/sql-reference/constraints-overview: NOT NULL is the one enforced constraint.
            return new LocalSnowflakeException(100072, "22000", "NULL result in a non-nullable column", error);
        }

        if ((match = TooLong().Match(message)).Success)
        {
            return new LocalSnowflakeException(100074, "22001", match.Groups[1].Value, error);
        }

        if ((match = MissingTable().Match(message)).Success)
        {
            return new LocalSnowflakeException(2003, "42S02", $"SQL compilation error:\nObject '{match.Groups[1].Value}' does not exist or not authorized.", error);
        }

        if ((match = MissingSchema().Match(message)).Success)
        {
            return new LocalSnowflakeException(2003, "02000", $"SQL compilation error:\nSchema '{match.Groups[1].Value}' does not exist or not authorized.", error);
        }

        if ((match = MissingColumn().Match(message)).Success)
        {
            return new LocalSnowflakeException(904, "42000", $"SQL compilation error: error line 0 at position -1\ninvalid identifier '{match.Groups[1].Value}'", error);
        }

        if ((match = Exists().Match(message)).Success)
        {
            return new LocalSnowflakeException(2002, "42710", $"SQL compilation error:\nObject '{match.Groups[1].Value}' already exists.", error);
        }

        if ((match = BadNumber().Match(message)).Success)
        {
            return new LocalSnowflakeException(100038, "22018", $"Numeric value '{match.Groups[1].Value}' is not recognized", error);
        }

        if ((match = BadTimestamp().Match(message)).Success)
        {
            var what = message.Contains("date", StringComparison.OrdinalIgnoreCase) && !message.Contains("timestamp", StringComparison.OrdinalIgnoreCase) ? "Date" : "Timestamp";
            return new LocalSnowflakeException(what == "Date" ? 100040 : 100035, "22007", $"{what} '{match.Groups[1].Value}' is not recognized", error);
        }

        if (message.Contains("Malformed JSON", StringComparison.Ordinal) || message.Contains("JSON", StringComparison.Ordinal) && message.StartsWith("Conversion Error", StringComparison.Ordinal))
        {
            return new LocalSnowflakeException(100069, "22P02", "Error parsing JSON: " + message, error);
        }

        if (message.Contains("Division by zero", StringComparison.OrdinalIgnoreCase))
        {
            return new LocalSnowflakeException(100051, "22012", "Division by zero", error);
        }

        if (message.StartsWith("Parser Error", StringComparison.Ordinal) || message.StartsWith("Binder Error", StringComparison.Ordinal) ||
            message.StartsWith("Catalog Error", StringComparison.Ordinal))
        {
            return new LocalSnowflakeException(1003, "42000", "SQL compilation error:\n" + message, error);
        }

        return new LocalSnowflakeException(100000, "22000", message, error);
    }

    [GeneratedRegex(@"\(Error: (String '.*' is too long and would be truncated)\)", RegexOptions.Singleline)]
    private static partial Regex TooLong();

    [GeneratedRegex(@"(?:Table|View|Table Function) with name ""?([^""!]+?)""? does not exist")]
    private static partial Regex MissingTable();

    [GeneratedRegex(@"Schema with name ""?([^""!]+?)""? does not exist")]
    private static partial Regex MissingSchema();

    [GeneratedRegex(@"Referenced column ""?([^""]+?)""? not found")]
    private static partial Regex MissingColumn();

    [GeneratedRegex(@"(?:Table|View) with name ""?([^""]+?)""? already exists")]
    private static partial Regex Exists();

    [GeneratedRegex(@"Could not convert string [""'](.*?)[""'] to (?:DECIMAL|INT|DOUBLE|BIGINT|HUGEINT|FLOAT)", RegexOptions.Singleline)]
    private static partial Regex BadNumber();

    [GeneratedRegex(@"(?:invalid (?:date|timestamp) field format|Could not convert string): ""?'?([^""']*)""?'?", RegexOptions.Singleline)]
    private static partial Regex BadTimestamp();
}
