using System.Globalization;
using Cronos;

namespace SnowMedallion.Testing.Snowflake.Tasks;

/// <summary>
/// A task's SCHEDULE (https://docs.snowflake.com/en/sql-reference/sql/create-task):
/// <c>'&lt;n&gt; SECONDS | MINUTES | HOURS'</c> or <c>'USING CRON &lt;expr&gt; &lt;time zone&gt;'</c>.
/// </summary>
internal abstract record TaskSchedule(string Text)
{
    /// <summary>The first due time strictly after <paramref name="after"/>.</summary>
    /// <param name="after">An instant.</param>
    /// <param name="anchor">When the task was resumed (interval schedules count from it).</param>
    /// <returns>The next due time, or null when the schedule never fires again.</returns>
    public abstract DateTimeOffset? NextAfter(DateTimeOffset after, DateTimeOffset anchor);

    /// <summary>Parses a SCHEDULE string.</summary>
    /// <param name="text">The schedule as written inside the quotes.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="LocalSnowflakeException">The schedule is not valid; the message shows the accepted forms.</exception>
    public static TaskSchedule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length >= 2 && parts[0].Equals("USING", StringComparison.OrdinalIgnoreCase) && parts[1].Equals("CRON", StringComparison.OrdinalIgnoreCase))
        {
            if (parts.Length != 8)
            {
                throw Invalid(text, "a cron schedule is 'USING CRON <minute> <hour> <day of month> <month> <day of week> <IANA time zone>'");
            }

            var expression = string.Join(' ', parts[2..7]);
            CronExpression cron;
            try
            {
                cron = CronExpression.Parse(expression, CronFormat.Standard);
            }
            catch (CronFormatException ex)
            {
                throw Invalid(text, $"the cron expression '{expression}' is not valid ({ex.Message})");
            }

            TimeZoneInfo zone;
            try
            {
                zone = TimeZoneInfo.FindSystemTimeZoneById(parts[7]);
            }
            catch (TimeZoneNotFoundException)
            {
                throw Invalid(text, $"'{parts[7]}' is not an IANA time zone (e.g. America/New_York, UTC)");
            }

            return new CronSchedule(text, cron, zone);
        }

        if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0)
        {
            var unit = parts[1].ToUpperInvariant();
            TimeSpan? interval = unit switch
            {
                "SECOND" or "SECONDS" or "S" => TimeSpan.FromSeconds(count),
                "MINUTE" or "MINUTES" or "M" => TimeSpan.FromMinutes(count),
                "HOUR" or "HOURS" or "H" => TimeSpan.FromHours(count),
                _ => null,
            };
            if (interval is { } span)
            {
                return new IntervalSchedule(text, span);
            }
        }

        throw Invalid(text, "use '<n> SECONDS', '<n> MINUTES', '<n> HOURS' or 'USING CRON <expr> <time zone>'");
    }

    private static LocalSnowflakeException Invalid(string text, string why) =>
        new(2043, "42601", $"SQL compilation error:\ninvalid value '{text}' for property 'SCHEDULE': {why}.");
}

/// <summary>A fixed interval, counted from when the task was resumed.</summary>
/// <param name="Text">The schedule as written.</param>
/// <param name="Interval">The interval.</param>
internal sealed record IntervalSchedule(string Text, TimeSpan Interval) : TaskSchedule(Text)
{
    /// <inheritdoc/>
    public override DateTimeOffset? NextAfter(DateTimeOffset after, DateTimeOffset anchor)
    {
        if (after < anchor)
        {
            return anchor + Interval;
        }

        var elapsed = after - anchor;
        var periods = elapsed.Ticks / Interval.Ticks + 1;
        return anchor + TimeSpan.FromTicks(Interval.Ticks * periods);
    }
}

/// <summary>
/// A cron schedule in an IANA time zone. Matching is on the zone's wall clock, as Snowflake documents:
/// a time that happens twice when clocks fall back runs twice, a time skipped when clocks spring forward
/// does not run (https://docs.snowflake.com/en/sql-reference/sql/create-task, "daylight saving time").
/// </summary>
/// <param name="Text">The schedule as written.</param>
/// <param name="Cron">The parsed expression.</param>
/// <param name="Zone">The time zone.</param>
internal sealed record CronSchedule(string Text, CronExpression Cron, TimeZoneInfo Zone) : TaskSchedule(Text)
{
    /// <inheritdoc/>
    public override DateTimeOffset? NextAfter(DateTimeOffset after, DateTimeOffset anchor)
    {
        // Walk wall-clock matches (evaluated as if the wall clock were UTC) starting a little before
        // the local time of 'after', so the second occurrence of an ambiguous time is not missed.
        var wall = DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(after, Zone).DateTime.AddHours(-3), DateTimeKind.Utc);
        for (var guard = 0; guard < 100_000; guard++)
        {
            var next = Cron.GetNextOccurrence(wall, inclusive: false);
            if (next is not { } match)
            {
                return null;
            }

            wall = match;
            var local = DateTime.SpecifyKind(match, DateTimeKind.Unspecified);
            if (Zone.IsInvalidTime(local))
            {
                continue;
            }

            var offsets = Zone.IsAmbiguousTime(local)
                ? Zone.GetAmbiguousTimeOffsets(local).OrderByDescending(o => o).ToArray()
                : [Zone.GetUtcOffset(local)];
            foreach (var offset in offsets)
            {
                var instant = new DateTimeOffset(local, offset);
                if (instant > after)
                {
                    return instant;
                }
            }
        }

        return null;
    }
}
