using System.Globalization;
using SnowMedallion.Testing.Snowflake.Engine.Parsing;

namespace SnowMedallion.Testing.Snowflake.Translation;

/// <summary>
/// DATA_RETENTION_TIME_IN_DAYS and MAX_DATA_EXTENSION_TIME_IN_DAYS, as set on a table, a schema or a database: a table
/// takes the value set nearest to it. Their only effect in LocalSnowflake is when a stream on the table goes stale.
/// </summary>
/// <remarks>https://docs.snowflake.com/en/user-guide/streams-intro (data retention period and staleness)</remarks>
internal static class RetentionDays
{
    /// <summary>The data retention parameter's name.</summary>
    public const string Retention = "DATA_RETENTION_TIME_IN_DAYS";

    /// <summary>The stream extension parameter's name.</summary>
    public const string Extension = "MAX_DATA_EXTENSION_TIME_IN_DAYS";

    /// <summary>Snowflake's defaults: one day of retention, extended up to 14 days for an unconsumed stream.</summary>
    public const int DefaultRetention = 1;

    /// <inheritdoc cref="DefaultRetention"/>
    public const int DefaultExtension = 14;

    /// <summary>A parameter given to CREATE DATABASE or CREATE SCHEMA, or null when absent.</summary>
    public static int? Option(IReadOnlyDictionary<string, OptionValue> options, string parameter)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.TryGetValue(parameter, out var value) ? Parse(parameter, value.Text) : null;
    }

    /// <summary>A value of either parameter: a whole number of days from 0 to 90.</summary>
    public static int Parse(string parameter, string? text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days <= 90)
        {
            return days;
        }

        throw new LocalSnowflakeException(
            1008,
            "22023",
            $"SQL compilation error:\ninvalid value [{text}] for parameter '{parameter}': give a whole number of days from 0 to 90.");
    }
}
