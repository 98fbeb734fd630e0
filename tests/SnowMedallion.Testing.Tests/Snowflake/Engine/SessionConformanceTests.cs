namespace SnowMedallion.Testing.Tests.Snowflake.Engine;

public sealed class SessionConformanceTests
{
    // https://docs.snowflake.com/en/sql-reference/sql/create-database : creating a database makes it current, with schema PUBLIC.
    [Fact]
    public async Task Create_database_creates_public_schema_and_makes_it_current()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows("CREATE DATABASE sales")[0][0].Should().Be("Database SALES successfully created.");
        h.Connection.Database.Should().Be("SALES");
        h.Rows("CREATE TABLE t (id INT)");
        h.Rows("INSERT INTO sales.public.t VALUES (1), (2)");
        h.Scalar("SELECT COUNT(*) FROM t").Should().Be(2L);
    }

    // https://docs.snowflake.com/en/sql-reference/sql/create-database : OR REPLACE / IF NOT EXISTS; plain CREATE of an existing one fails with 002002.
    [Fact]
    public async Task Create_database_twice_fails_with_already_exists()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows("CREATE DATABASE d1");
        var error = h.Error("CREATE DATABASE d1");
        error.SnowflakeErrorCode.Should().Be(2002);
        error.SqlState.Should().Be("42710");
        error.Message.Should().Be("SQL compilation error:\nObject 'D1' already exists.");
        h.Rows("CREATE DATABASE IF NOT EXISTS d1")[0][0].Should().Be("D1 already exists, statement succeeded.");
        h.Rows("CREATE OR REPLACE DATABASE d1")[0][0].Should().Be("Database D1 successfully created.");
    }

    // https://docs.snowflake.com/en/sql-reference/sql/use-database : an unknown database is 002003.
    [Fact]
    public async Task Use_of_unknown_database_fails_with_does_not_exist()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        var error = h.Error("USE DATABASE nope");
        error.SnowflakeErrorCode.Should().Be(2003);
        error.SqlState.Should().Be("02000");
        error.Message.Should().Be("SQL compilation error:\nDatabase 'NOPE' does not exist or not authorized.");
    }

    // https://docs.snowflake.com/en/sql-reference/sql/create-schema and /use-schema
    [Fact]
    public async Task Schemas_are_created_used_and_dropped()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows("CREATE DATABASE d; CREATE SCHEMA bronze; CREATE SCHEMA d.silver");
        h.Rows("USE SCHEMA d.bronze");
        h.Rows("CREATE TABLE t (x VARCHAR)");
        h.Rows("USE d.silver");
        h.Rows("INSERT INTO d.bronze.t VALUES ('a')");
        h.Scalar("SELECT COUNT(*) FROM d.bronze.t").Should().Be(1L);
        h.Rows("DROP SCHEMA bronze")[0][0].Should().Be("BRONZE successfully dropped.");
        h.Error("USE SCHEMA d.bronze").Message.Should().Be("SQL compilation error:\nSchema 'D.BRONZE' does not exist or not authorized.");
        h.Rows("DROP SCHEMA IF EXISTS bronze")[0][0].Should().Be("Drop statement executed successfully (BRONZE already dropped).");
    }

    // https://docs.snowflake.com/en/sql-reference/transactions : each connection is its own session with its own transaction.
    [Fact]
    public async Task Uncommitted_rows_are_invisible_to_other_sessions_until_commit()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows("CREATE DATABASE d; CREATE TABLE t (x INT)");
        await using var other = h.OpenSession();
        LocalSnowflakeHarness.Rows(other, "USE DATABASE d");
        h.Rows("BEGIN; INSERT INTO t VALUES (1)");
        LocalSnowflakeHarness.Rows(other, "SELECT COUNT(*) FROM t")[0][0].Should().Be(0L);
        h.Rows("COMMIT");
        LocalSnowflakeHarness.Rows(other, "SELECT COUNT(*) FROM t")[0][0].Should().Be(1L);
        h.Rows("BEGIN TRANSACTION; INSERT INTO t VALUES (2); ROLLBACK");
        h.Scalar("SELECT COUNT(*) FROM t").Should().Be(1L);
    }

    // https://docs.snowflake.com/en/user-guide/tables-temp-transient#temporary-tables : a temporary table exists until the
    // session that created it ends; then it is purged. Permanent tables of that session stay.
    [Fact]
    public async Task Temporary_table_is_dropped_when_its_session_ends()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows("CREATE DATABASE d");
        await using (var other = h.OpenSession())
        {
            LocalSnowflakeHarness.Rows(other, "USE DATABASE d");
            LocalSnowflakeHarness.Rows(other, "CREATE TEMPORARY TABLE scratch (v INT); CREATE TABLE kept (v INT); INSERT INTO scratch VALUES (1)");
            LocalSnowflakeHarness.Rows(other, "SELECT COUNT(*) FROM scratch")[0][0].Should().Be(1L);
            h.Result("SHOW TABLES IN SCHEMA d.public").Rows.Select(r => r[1]).Should().Equal("KEPT", "SCRATCH");
        }

        h.Result("SHOW TABLES IN SCHEMA d.public").Rows.Select(r => r[1]).Should().Equal("KEPT");
        h.Error("SELECT * FROM d.public.scratch").SnowflakeErrorCode.Should().Be(2003);
    }

    // https://docs.snowflake.com/en/sql-reference/transactions#ddl : DDL commits the open transaction before it runs.
    [Fact]
    public async Task Ddl_commits_an_open_transaction()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows("CREATE DATABASE d; CREATE TABLE t (x INT)");
        h.Rows("BEGIN; INSERT INTO t VALUES (1)");
        h.Rows("CREATE SCHEMA other");
        h.Rows("ROLLBACK");
        h.Scalar("SELECT COUNT(*) FROM d.public.t").Should().Be(1L);
    }

    // https://docs.snowflake.com/en/developer-guide/sql-api/submitting-requests (positional binds) - ADO.NET parameters fill ? in order.
    [Fact]
    public async Task Positional_binds_fill_question_marks_in_order()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows("CREATE DATABASE d; CREATE TABLE t (a INT, b VARCHAR)");
        h.Rows("INSERT INTO t VALUES (?, ?)", 7, "it's");
        h.Rows("SELECT a, b FROM t WHERE b = ?", "it's").Should().ContainSingle().Which.Should().Equal(7, "it's");
    }

    // https://docs.snowflake.com/en/sql-reference/sql-all : a statement the emulator does not know fails with 0A000 naming it.
    [Fact]
    public async Task Unsupported_statement_fails_with_0A000_naming_it()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        var error = h.Error("CREATE WAREHOUSE wh WITH WAREHOUSE_SIZE = 'XSMALL'");
        error.SqlState.Should().Be("0A000");
        error.Message.Should().Contain("CREATE WAREHOUSE");
    }

    [Fact]
    public async Task Each_connection_is_a_distinct_session()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        await using var other = h.OpenSession();
        var engine = h.Snowflake.Engine;
        engine.Sessions.Should().HaveCount(2);
        engine.Sessions.Select(s => s.Id).Distinct().Should().HaveCount(2);
    }
}
