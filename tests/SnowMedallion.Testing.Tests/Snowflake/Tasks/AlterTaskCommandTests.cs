using SnowMedallion.Testing.Snowflake.Tasks;

namespace SnowMedallion.Testing.Tests.Snowflake.Tasks;

// Syntax: https://docs.snowflake.com/en/sql-reference/sql/alter-task
public sealed class AlterTaskCommandTests
{
    private static readonly TaskDefinition Base = new() { NameParts = ["T"], Definition = "SELECT 1", Comment = "old" };

    [Fact]
    public void Set_applies_every_property_and_harmless_ones_do_not_need_a_suspended_graph()
    {
        var schedule = AlterTaskCommand.Parse("ALTER TASK t SET SCHEDULE = '5 MINUTES', SUSPEND_TASK_AFTER_NUM_FAILURES = 3");
        var comment = AlterTaskCommand.Parse("ALTER TASK IF EXISTS db.s.t SET COMMENT = 'new'");

        var changed = schedule.Set!(Base);

        changed.Schedule!.Text.Should().Be("5 MINUTES");
        changed.SuspendAfterFailures.Should().Be(3);
        schedule.RequiresSuspendedGraph.Should().BeTrue();
        comment.IfExists.Should().BeTrue();
        comment.NameParts.Should().Equal("DB", "S", "T");
        comment.Set!(Base).Comment.Should().Be("new");
        comment.RequiresSuspendedGraph.Should().BeFalse();
    }

    [Fact]
    public void Unset_restores_defaults()
    {
        var command = AlterTaskCommand.Parse("ALTER TASK t UNSET COMMENT, SUSPEND_TASK_AFTER_NUM_FAILURES");

        var changed = command.ApplyUnset(Base with { SuspendAfterFailures = 2 });

        changed.Comment.Should().BeNull();
        changed.SuspendAfterFailures.Should().Be(10);
    }

    [Theory]
    [InlineData("ALTER TASK t RESUME", "Resume")]
    [InlineData("ALTER TASK t SUSPEND", "Suspend")]
    [InlineData("ALTER TASK t ADD AFTER a, b", "AddAfter")]
    [InlineData("ALTER TASK t REMOVE AFTER a", "RemoveAfter")]
    [InlineData("ALTER TASK t MODIFY AS CALL p()", "ModifyAs")]
    [InlineData("ALTER TASK t MODIFY WHEN SYSTEM$STREAM_HAS_DATA('S')", "ModifyWhen")]
    [InlineData("ALTER TASK t REMOVE WHEN", "RemoveWhen")]
    public void Parses_each_action(string sql, string action)
    {
        AlterTaskCommand.Parse(sql).Action.ToString().Should().Be(action);
    }

    [Fact]
    public void Unknown_action_is_unsupported_by_name()
    {
        var act = () => AlterTaskCommand.Parse("ALTER TASK t SET TAG cost_center = 'x'");

        act.Should().Throw<LocalSnowflakeException>().Where(e => e.SqlState == "0A000").WithMessage("*SET TAG*");
    }
}
