using System.Data.Common;
using Amazon;
using Microsoft.Extensions.Time.Testing;
using SnowMedallion.Model;
using SnowMedallion.Sql;
using SnowMedallion.Testing;

namespace SnowMedallion.Tests.Sql;

// CreateMode.CreateIfNotExists is the redeploy mode: the same script runs again over a deployed, running pipeline.
// https://docs.snowflake.com/en/sql-reference/sql/create-procedure (no IF NOT EXISTS for procedures) and
// https://docs.snowflake.com/en/sql-reference/sql/alter-task#usage-notes (a graph's root is suspended before its children
// are added or resumed) shape the script; here it runs twice on LocalSnowflake and leaves every task started. (LocalSnowflake
// does not refuse ALTER TASK ... RESUME of an already started child under a started root, so the suspend itself is asserted
// on the rendered text in SnowflakeConformanceTests.)
public sealed class IfNotExistsRedeployTests
{
    private static List<object?[]> Rows(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static string TaskState(DbConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SHOW TASKS LIKE '{name}' IN SCHEMA DB.BRONZE";
        using var reader = command.ExecuteReader();
        reader.Read().Should().BeTrue();
        return (string)reader.GetValue(reader.GetOrdinal("state"));
    }

    [Fact]
    public async Task Reference_script_runs_twice_in_if_not_exists_mode()
    {
        AWSConfigs.InitializeCollections = true;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 5, 30, 0, TimeSpan.Zero));
        await using var s3 = await LocalS3.StartAsync(new LocalS3Options { TimeProvider = clock });
        using (var client = s3.CreateClient())
        {
            await client.PutBucketAsync("snowflake-project-etl");
        }

        await using var snowflake = await LocalSnowflake.StartAsync(new LocalSnowflakeOptions { TimeProvider = clock, S3 = s3 });
        await using var connection = snowflake.CreateConnection();
        await connection.OpenAsync();
        var script = new SnowflakeSqlRenderer(CreateMode.CreateIfNotExists).Render(CustomerPipeline.CustomerPipelineDefinition.Create());

        for (var run = 0; run < 2; run++)
        {
            foreach (var statement in script.Statements)
            {
                Rows(connection, statement);
            }
        }

        Rows(connection, "SHOW PROCEDURES LIKE 'WORK_CUSTOMER_SRC_TO_SL_SP' IN SCHEMA SNOWLAKE_DB.BRONZE").Should().ContainSingle();
        using var command = connection.CreateCommand();
        command.CommandText = "SHOW TASKS LIKE 'WORK_CUSTOMER_SRC_TO_SL_TASK' IN SCHEMA SNOWLAKE_DB.BRONZE";
        using var reader = command.ExecuteReader();
        reader.Read().Should().BeTrue();
        reader.GetValue(reader.GetOrdinal("state")).Should().Be("started");
    }

    [Fact]
    public async Task Task_graph_script_runs_twice_in_if_not_exists_mode_and_leaves_every_task_started()
    {
        var db = new Database("DB");
        var bronze = new Schema(db, "BRONZE");
        var root = new SnowflakeTask(bronze, "ROOT", new SqlStatementAction("SELECT 1", [])) { Schedule = TaskSchedule.Every(TimeSpan.FromMinutes(5)), Started = true };
        var child = new SnowflakeTask(bronze, "CHILD", new SqlStatementAction("SELECT 2", [])) { After = [root], Started = true };
        var script = new SnowflakeSqlRenderer(CreateMode.CreateIfNotExists).Render(MedallionPipeline.Create([child]));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 5, 30, 0, TimeSpan.Zero));
        await using var snowflake = await LocalSnowflake.StartAsync(new LocalSnowflakeOptions { TimeProvider = clock });
        await using var connection = snowflake.CreateConnection();
        await connection.OpenAsync();

        for (var run = 0; run < 2; run++)
        {
            foreach (var statement in script.Statements)
            {
                Rows(connection, statement);
            }

            TaskState(connection, "ROOT").Should().Be("started");
            TaskState(connection, "CHILD").Should().Be("started");
        }
    }
}
