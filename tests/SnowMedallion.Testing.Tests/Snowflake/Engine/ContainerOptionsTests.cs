namespace SnowMedallion.Testing.Tests.Snowflake.Engine;

/// <summary>
/// Options of CREATE DATABASE / CREATE SCHEMA: kept and inherited where they change what objects inside do, refused by
/// name where the emulator would otherwise ignore them.
/// https://docs.snowflake.com/en/sql-reference/sql/create-schema , https://docs.snowflake.com/en/sql-reference/sql/create-database ,
/// https://docs.snowflake.com/en/sql-reference/parameters#default-ddl-collation
/// </summary>
public sealed class ContainerOptionsTests
{
    [Fact]
    public async Task Default_ddl_collation_of_a_schema_or_database_applies_to_new_tables_unless_the_table_or_column_sets_one()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows("CREATE DATABASE CI_DB DEFAULT_DDL_COLLATION = 'en-ci'");
        h.Rows("CREATE SCHEMA CI_DB.FROM_DB");
        h.Rows("CREATE SCHEMA CI_DB.OWN DEFAULT_DDL_COLLATION = 'en-cs'");
        h.Rows("CREATE TABLE CI_DB.FROM_DB.A (V VARCHAR)");
        h.Rows("CREATE TABLE CI_DB.OWN.B (V VARCHAR, W VARCHAR COLLATE 'en-ci')");
        h.Rows("CREATE TABLE CI_DB.FROM_DB.C (V VARCHAR) DEFAULT_DDL_COLLATION = 'en-cs'");
        foreach (var table in new[] { "CI_DB.FROM_DB.A", "CI_DB.FROM_DB.C" })
        {
            h.Rows($"INSERT INTO {table} (V) VALUES ('Smith')");
        }

        h.Rows("INSERT INTO CI_DB.OWN.B VALUES ('Smith', 'Smith')");

        h.Scalar("SELECT COUNT(*) FROM CI_DB.FROM_DB.A WHERE V = 'SMITH'").Should().Be(1L, "the database's 'en-ci' applies");
        h.Scalar("SELECT COUNT(*) FROM CI_DB.OWN.B WHERE V = 'SMITH'").Should().Be(0L, "the schema's 'en-cs' comes before the database's");
        h.Scalar("SELECT COUNT(*) FROM CI_DB.OWN.B WHERE W = 'SMITH'").Should().Be(1L, "a column's own COLLATE comes first");
        h.Scalar("SELECT COUNT(*) FROM CI_DB.FROM_DB.C WHERE V = 'SMITH'").Should().Be(0L, "the table's own default comes before its schema's");
    }

    // "Specifies a default collation specification for the columns in the table, including columns added to the table in
    // the future" (https://docs.snowflake.com/en/sql-reference/sql/create-table , DEFAULT_DDL_COLLATION).
    [Fact]
    public async Task Columns_added_later_take_the_default_collation_in_force_for_their_table()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows("CREATE DATABASE D; CREATE SCHEMA D.CI DEFAULT_DDL_COLLATION = 'en-ci'; CREATE SCHEMA D.PLAIN");
        h.Rows("CREATE TABLE D.PLAIN.T (A VARCHAR) DEFAULT_DDL_COLLATION = 'en-ci'");
        h.Rows("CREATE TABLE D.CI.U (A VARCHAR)");

        h.Rows("ALTER TABLE D.PLAIN.T ADD COLUMN B VARCHAR");
        h.Rows("ALTER TABLE D.PLAIN.T UNSET DEFAULT_DDL_COLLATION");
        h.Rows("ALTER TABLE D.PLAIN.T ADD COLUMN C VARCHAR");
        h.Rows("ALTER TABLE D.CI.U ADD COLUMN B VARCHAR");
        h.Rows("INSERT INTO D.PLAIN.T VALUES ('x', 'x', 'x')");
        h.Rows("INSERT INTO D.CI.U VALUES ('x', 'x')");

        h.Scalar("SELECT COUNT(*) FROM D.PLAIN.T WHERE B = 'X'").Should().Be(1L, "B was added under the table's 'en-ci'");
        h.Scalar("SELECT COUNT(*) FROM D.PLAIN.T WHERE C = 'X'").Should().Be(0L, "C was added after the table's default was unset");
        h.Scalar("SELECT COUNT(*) FROM D.CI.U WHERE B = 'X'").Should().Be(1L, "a table without its own default takes its schema's");
    }

    [Theory]
    [InlineData("CREATE SCHEMA D.S2 SUSPEND_TASK_AFTER_NUM_FAILURES = 3", "SUSPEND_TASK_AFTER_NUM_FAILURES")]
    [InlineData("CREATE SCHEMA D.S3 PIPE_EXECUTION_PAUSED = TRUE", "PIPE_EXECUTION_PAUSED")]
    [InlineData("CREATE DATABASE D2 USER_TASK_TIMEOUT_MS = 1000", "USER_TASK_TIMEOUT_MS")]
    public async Task Options_the_emulator_would_ignore_are_refused_by_name(string sql, string option)
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows("CREATE DATABASE D");

        var error = h.Error(sql);

        error.SqlState.Should().Be("0A000");
        error.Message.Should().Contain(option);
        h.Rows("SHOW SCHEMAS IN DATABASE D").Select(r => r[1]).Should().NotContain(new object[] { "S2", "S3" });
    }

    [Fact]
    public async Task Comment_and_logging_levels_are_accepted()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();

        h.Scalar("CREATE DATABASE D COMMENT = 'sales' LOG_LEVEL = WARN").Should().Be("Database D successfully created.");
        h.Scalar("CREATE SCHEMA D.S TRACE_LEVEL = OFF COMMENT = 'raw'").Should().Be("Schema S successfully created.");
    }
}
