using SnowMedallion.Testing.Snowflake.Tasks;

namespace SnowMedallion.Testing.Tests.Snowflake.Tasks;

// Syntax: https://docs.snowflake.com/en/sql-reference/sql/create-task
public sealed class TaskDdlParserTests
{
    [Fact]
    public void Parses_the_reference_pipeline_task()
    {
        var definition = TaskDdlParser.ParseCreate("""
            CREATE OR REPLACE TASK BRONZE.WORK_CUSTOMER_SRC_TO_SL_TASK
              WAREHOUSE = COMPUTE_WH
              SCHEDULE = 'USING CRON 0 0 * * * America/New_York'
              ERROR_INTEGRATION = SNOWFLAKE_ERROR_INTEGRATION
              WHEN SYSTEM$STREAM_HAS_DATA('SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_SRC_TO_SL_STREAM')
            AS
              CALL BRONZE.WORK_CUSTOMER_SRC_TO_SL_SP('SNOWLAKE_DB');
            """);

        definition.NameParts.Should().Equal("BRONZE", "WORK_CUSTOMER_SRC_TO_SL_TASK");
        definition.OrReplace.Should().BeTrue();
        definition.Warehouse.Should().Be("COMPUTE_WH");
        definition.Schedule.Should().BeOfType<CronSchedule>().Which.Text.Should().Be("USING CRON 0 0 * * * America/New_York");
        definition.ErrorIntegration.Should().Be("SNOWFLAKE_ERROR_INTEGRATION");
        definition.Condition.Should().Be("SYSTEM$STREAM_HAS_DATA('SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_SRC_TO_SL_STREAM')");
        definition.Definition.Should().Be("CALL BRONZE.WORK_CUSTOMER_SRC_TO_SL_SP('SNOWLAKE_DB')");
        definition.SuspendAfterFailures.Should().Be(10, "the documented default");
    }

    [Fact]
    public void Parses_after_predecessors_and_failure_limit()
    {
        var definition = TaskDdlParser.ParseCreate("""
            create task child suspend_task_after_num_failures = 3 comment = 'c' after db.s.root1, root2 as insert into t select 1
            """);

        definition.After.Should().HaveCount(2);
        definition.After[0].Should().Equal("DB", "S", "ROOT1");
        definition.After[1].Should().Equal("ROOT2");
        definition.SuspendAfterFailures.Should().Be(3);
        definition.Comment.Should().Be("c");
        definition.Schedule.Should().BeNull();
        definition.Definition.Should().Be("insert into t select 1");
    }

    [Fact]
    public void Unsupported_property_names_itself()
    {
        var act = () => TaskDdlParser.ParseCreate("CREATE TASK t FINALIZE = root AS SELECT 1");

        act.Should().Throw<LocalSnowflakeException>().Where(e => e.SqlState == "0A000").WithMessage("*FINALIZE*");
    }
}
