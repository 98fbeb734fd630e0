using SnowMedallion.Testing.Snowflake.Tasks;

namespace SnowMedallion.Testing.Tests.Snowflake.Tasks;

// Schedules: https://docs.snowflake.com/en/sql-reference/sql/create-task (SCHEDULE, and the daylight saving time notes).
public sealed class TaskScheduleTests
{
    private static readonly DateTimeOffset Anchor = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("5 MINUTES", 300)]
    [InlineData("1 MINUTE", 60)]
    [InlineData("30 SECONDS", 30)]
    [InlineData("2 HOURS", 7200)]
    public void Interval_schedules_count_from_the_resume_time(string text, int seconds)
    {
        var schedule = TaskSchedule.Parse(text);

        schedule.NextAfter(Anchor, Anchor).Should().Be(Anchor.AddSeconds(seconds));
        schedule.NextAfter(Anchor.AddSeconds(seconds), Anchor).Should().Be(Anchor.AddSeconds(2 * seconds));
        schedule.NextAfter(Anchor.AddSeconds(seconds * 2.5), Anchor).Should().Be(Anchor.AddSeconds(3 * seconds));
    }

    [Fact]
    public void Cron_midnight_new_york_follows_the_wall_clock_across_spring_forward()
    {
        var schedule = TaskSchedule.Parse("USING CRON 0 0 * * * America/New_York");

        var first = schedule.NextAfter(new DateTimeOffset(2026, 3, 6, 12, 0, 0, TimeSpan.Zero), Anchor)!.Value;
        var second = schedule.NextAfter(first, Anchor)!.Value;
        var third = schedule.NextAfter(second, Anchor)!.Value;

        first.Should().Be(new DateTimeOffset(2026, 3, 7, 5, 0, 0, TimeSpan.Zero), "midnight EST is 05:00 UTC");
        second.Should().Be(new DateTimeOffset(2026, 3, 8, 5, 0, 0, TimeSpan.Zero));
        third.Should().Be(new DateTimeOffset(2026, 3, 9, 4, 0, 0, TimeSpan.Zero), "midnight EDT is 04:00 UTC");
    }

    [Fact]
    public void Cron_time_repeated_when_clocks_fall_back_runs_twice()
    {
        var schedule = TaskSchedule.Parse("USING CRON 0 1 * * * America/New_York");

        var first = schedule.NextAfter(new DateTimeOffset(2026, 10, 31, 12, 0, 0, TimeSpan.Zero), Anchor)!.Value;
        var second = schedule.NextAfter(first, Anchor)!.Value;
        var third = schedule.NextAfter(second, Anchor)!.Value;

        first.Should().Be(new DateTimeOffset(2026, 11, 1, 5, 0, 0, TimeSpan.Zero), "01:00 EDT");
        second.Should().Be(new DateTimeOffset(2026, 11, 1, 6, 0, 0, TimeSpan.Zero), "01:00 EST, the same wall time again");
        third.Should().Be(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Cron_time_skipped_when_clocks_spring_forward_does_not_run()
    {
        var schedule = TaskSchedule.Parse("USING CRON 0 2 * * * America/New_York");

        var next = schedule.NextAfter(new DateTimeOffset(2026, 3, 7, 12, 0, 0, TimeSpan.Zero), Anchor);

        next.Should().Be(new DateTimeOffset(2026, 3, 9, 6, 0, 0, TimeSpan.Zero), "there is no 02:00 in New York on 2026-03-08");
    }

    [Theory]
    [InlineData("5 DAYS")]
    [InlineData("USING CRON 0 0 * * *")]
    [InlineData("USING CRON 0 0 * * * Mars/Olympus")]
    [InlineData("USING CRON 61 0 * * * UTC")]
    public void Invalid_schedule_is_rejected_with_the_accepted_forms(string text)
    {
        var act = () => TaskSchedule.Parse(text);

        act.Should().Throw<LocalSnowflakeException>().WithMessage($"*invalid value '{text}' for property 'SCHEDULE'*");
    }
}
