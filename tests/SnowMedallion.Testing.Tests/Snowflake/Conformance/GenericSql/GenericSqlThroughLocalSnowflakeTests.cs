namespace SnowMedallion.Testing.Tests.Snowflake.Conformance.GenericSql;

// The generic SQL conformance cases again, end to end through LocalSnowflake.CreateConnection() (ADO.NET, sessions, dispatch).
public sealed class GenericSqlThroughLocalSnowflakeTests : IAsyncLifetime
{
    private LocalSnowflakeHarness _db = null!;

    public async Task InitializeAsync()
    {
        _db = await LocalSnowflakeHarness.StartAsync();
        _db.Rows("CREATE DATABASE SNOWLAKE_DB");
        _db.Rows("CREATE SCHEMA SNOWLAKE_DB.SILVER");
        _db.Rows("USE SCHEMA SNOWLAKE_DB.SILVER");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    // https://docs.snowflake.com/en/sql-reference/sql/merge#duplicate-join-behavior
    [Fact]
    public void Nondeterministic_merge_is_error_100090()
    {
        _db.Rows("CREATE TABLE target (k NUMBER, v NUMBER)");
        _db.Rows("INSERT INTO target VALUES (0, 10)");
        _db.Rows("CREATE TABLE src (k NUMBER, v NUMBER)");
        _db.Rows("INSERT INTO src VALUES (0, 11), (0, 12), (0, 13)");

        var error = _db.Error("MERGE INTO target USING src ON target.k = src.k WHEN MATCHED THEN UPDATE SET target.v = src.v");

        error.SnowflakeErrorCode.Should().Be(100090);
        _db.Scalar("SELECT v FROM target").Should().Be(10L);
        var deleted = _db.Result("MERGE INTO target USING src ON target.k = src.k WHEN MATCHED THEN DELETE");
        deleted.Columns.Should().Equal("number of rows deleted");
        deleted.Rows[0].Should().Equal(1L);
    }

    // https://docs.snowflake.com/en/sql-reference/constraints-overview
    [Fact]
    public void Not_null_violation_is_error_100072()
    {
        _db.Rows("CREATE TABLE t (a VARCHAR(10) COLLATE 'en-ci' NOT NULL)");

        var error = _db.Error("INSERT INTO t VALUES (NULL)");

        error.SnowflakeErrorCode.Should().Be(100072);
        error.Message.Should().Be("NULL result in a non-nullable column");
    }

    // https://docs.snowflake.com/en/sql-reference/constructs/qualify and https://docs.snowflake.com/en/sql-reference/collation
    [Fact]
    public void Qualify_and_case_insensitive_collation()
    {
        _db.Rows("CREATE TABLE p (name VARCHAR COLLATE 'en-ci', n NUMBER)");
        _db.Rows("INSERT INTO p VALUES ('Ann', 1), ('ANN', 2), ('bob', 3)");

        var rows = _db.Rows("SELECT name, n FROM p QUALIFY ROW_NUMBER() OVER (PARTITION BY name ORDER BY n DESC) = 1 ORDER BY n");

        rows.Select(r => r[1]).Should().Equal(2L, 3L);
        _db.Scalar("SELECT COUNT(*) FROM p WHERE name = 'ann'").Should().Be(2L);
    }

    [Fact]
    public void Unsupported_constructs_are_0A000()
    {
        var error = _db.Error("SELECT HAVERSINE(1, 2, 3, 4)");

        error.SqlState.Should().Be("0A000");
        error.Message.Should().StartWith("Unsupported feature 'function HAVERSINE'");
    }

    [Fact]
    public void Current_session_is_the_connections_session()
    {
        using var other = _db.OpenSession();

        var mine = _db.Scalar("SELECT CURRENT_SESSION()");
        var theirs = LocalSnowflakeHarness.Rows(other, "SELECT CURRENT_SESSION()")[0][0];

        mine.Should().NotBe(theirs);
        _db.Scalar("SELECT CURRENT_DATABASE() || '.' || CURRENT_SCHEMA()").Should().Be("SNOWLAKE_DB.SILVER");
    }
}
