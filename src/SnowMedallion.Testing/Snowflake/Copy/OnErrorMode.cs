using System.Globalization;

namespace SnowMedallion.Testing.Snowflake.Copy;

/// <summary>What ON_ERROR does.</summary>
internal enum OnErrorKind
{
    /// <summary>ABORT_STATEMENT: the first error fails the statement; nothing is loaded.</summary>
    AbortStatement,

    /// <summary>CONTINUE: bad rows are skipped, good rows loaded.</summary>
    Continue,

    /// <summary>SKIP_FILE / SKIP_FILE_n / 'SKIP_FILE_n%': a file with at least the limit of errors is skipped.</summary>
    SkipFile,
}

/// <summary>An ON_ERROR setting.</summary>
/// <param name="Kind">The behaviour.</param>
/// <param name="Count">SKIP_FILE_n's n (1 for SKIP_FILE).</param>
/// <param name="Percent">SKIP_FILE_n%'s n, or null.</param>
/// <remarks>https://docs.snowflake.com/en/sql-reference/sql/copy-into-table#copy-options-copyoptions</remarks>
internal sealed record OnErrorMode(OnErrorKind Kind, long Count = 1, double? Percent = null)
{
    /// <summary>Bulk COPY's default.</summary>
    public static OnErrorMode AbortStatement { get; } = new(OnErrorKind.AbortStatement);

    /// <summary>Snowpipe's default.</summary>
    public static OnErrorMode SkipFile { get; } = new(OnErrorKind.SkipFile);

    /// <summary>Parses CONTINUE, SKIP_FILE, SKIP_FILE_n, 'SKIP_FILE_n%', ABORT_STATEMENT (case-insensitive).</summary>
    public static OnErrorMode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim().ToUpperInvariant();
        if (value == "ABORT_STATEMENT")
        {
            return AbortStatement;
        }

        if (value == "CONTINUE")
        {
            return new OnErrorMode(OnErrorKind.Continue);
        }

        if (value == "SKIP_FILE")
        {
            return SkipFile;
        }

        if (value.StartsWith("SKIP_FILE_", StringComparison.Ordinal))
        {
            var number = value["SKIP_FILE_".Length..];
            if (number.EndsWith('%') && double.TryParse(number[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var percent))
            {
                return new OnErrorMode(OnErrorKind.SkipFile, 0, percent);
            }

            if (long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count > 0)
            {
                return new OnErrorMode(OnErrorKind.SkipFile, count);
            }
        }

        throw new LocalSnowflakeException(1008, "22023", $"SQL compilation error:\ninvalid value [{text}] for parameter 'ON_ERROR'");
    }

    /// <summary>The error_limit reported for a file of <paramref name="rowsParsed"/> rows.</summary>
    public long ErrorLimit(long rowsParsed) => Kind switch
    {
        OnErrorKind.AbortStatement => 1,
        OnErrorKind.Continue => rowsParsed,
        _ => Percent is { } p ? Math.Max(1, (long)Math.Ceiling(rowsParsed * p / 100.0)) : Count,
    };

    /// <summary>True when a file with <paramref name="errors"/> errors is skipped entirely.</summary>
    public bool SkipsFile(long errors, long rowsParsed) =>
        Kind == OnErrorKind.SkipFile && errors > 0 &&
        (Percent is { } p ? errors * 100.0 / Math.Max(1, rowsParsed) > p : errors >= Count);
}
