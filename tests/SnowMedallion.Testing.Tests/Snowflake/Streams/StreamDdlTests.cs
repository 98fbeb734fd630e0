namespace SnowMedallion.Testing.Tests.Snowflake.Streams;

/// <summary>
/// Stream DDL through LocalSnowflake.
/// https://docs.snowflake.com/en/sql-reference/sql/create-stream , https://docs.snowflake.com/en/sql-reference/sql/show-streams
/// </summary>
public sealed class StreamDdlTests
{
    private const string Setup = "CREATE DATABASE D; CREATE SCHEMA S; CREATE TABLE T (ID INT NOT NULL, V VARCHAR)";

    [Fact]
    public async Task Show_streams_reports_mode_stale_and_stale_after()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows(Setup);
        h.Scalar("CREATE STREAM ST_DELTA ON TABLE T COMMENT = 'delta'").Should().Be("Stream ST_DELTA successfully created.");
        h.Rows("CREATE OR REPLACE STREAM ST_APPEND ON TABLE D.S.T APPEND_ONLY = TRUE SHOW_INITIAL_ROWS = TRUE");

        var show = h.Result("SHOW STREAMS IN SCHEMA D.S");

        show.Columns.Should().Equal(
            "created_on", "name", "database_name", "schema_name", "owner", "comment", "table_name", "source_type",
            "base_tables", "type", "stale", "mode", "stale_after", "invalid_reason", "owner_role_type");
        show.Rows.Select(r => (r[1], r[6], r[9], r[10], r[11])).Should().Equal(
            ("ST_APPEND", "D.S.T", "DELTA", "false", "APPEND_ONLY"),
            ("ST_DELTA", "D.S.T", "DELTA", "false", "DEFAULT"));
        show.Rows[1][5].Should().Be("delta");
        ((DateTimeOffset)show.Rows[0][12]!).Should().Be((DateTimeOffset)show.Rows[0][0]! + TimeSpan.FromDays(14));
        h.Result("DESC STREAM ST_DELTA").Rows.Should().ContainSingle().Which[1].Should().Be("ST_DELTA");
    }

    [Fact]
    public async Task Create_or_replace_of_the_table_makes_its_streams_stale()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows(Setup);
        h.Rows("CREATE STREAM ST ON TABLE T");

        h.Rows("CREATE OR REPLACE TABLE T (ID INT NOT NULL, V VARCHAR)");

        h.Result("SHOW STREAMS LIKE 'ST'").Rows.Single()[10].Should().Be("true");
    }

    [Theory]
    [InlineData("CREATE OR REPLACE TABLE T (ID INT NOT NULL, V VARCHAR)")]
    [InlineData("DROP TABLE T")]
    public async Task A_stream_read_before_its_table_is_replaced_or_dropped_is_stale_after_it(string ddl)
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows(Setup);
        h.Rows("CREATE STREAM ST ON TABLE T APPEND_ONLY = TRUE");
        h.Rows("INSERT INTO T VALUES (1, 'a')");
        // Reads that find the table unchanged, in autocommit and in a transaction, before the DDL.
        h.Scalar("SELECT SYSTEM$STREAM_HAS_DATA('ST')").Should().Be(true);
        h.Rows("BEGIN");
        h.Scalar("SELECT COUNT(*) FROM ST").Should().Be(1L);
        h.Rows("COMMIT");

        h.Rows(ddl);

        h.Error("SELECT COUNT(*) FROM ST").SnowflakeErrorCode.Should().Be(91901);
        h.Error("SELECT SYSTEM$STREAM_HAS_DATA('ST')").SnowflakeErrorCode.Should().Be(91901);
    }

    [Fact]
    public async Task Drop_stream_and_errors()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows(Setup);
        h.Rows("CREATE STREAM ST ON TABLE T");

        h.Error("CREATE STREAM ST ON TABLE T").SnowflakeErrorCode.Should().Be(2002);
        h.Scalar("CREATE STREAM IF NOT EXISTS ST ON TABLE T").Should().Be("ST already exists, statement succeeded.");
        h.Error("CREATE STREAM S2 ON TABLE MISSING").SnowflakeErrorCode.Should().Be(2003);
        h.Error("CREATE STREAM S3 ON VIEW V").SqlState.Should().Be("0A000");
        h.Error("CREATE STREAM S4 ON TABLE T AT (OFFSET => -60)").SqlState.Should().Be("0A000");
        h.Error("CREATE VIEW OVER_STREAM AS SELECT * FROM ST").Message.Should().Contain("stream").And.Contain("ST").And.Contain("CREATE VIEW");
        h.Scalar("DROP STREAM ST").Should().Be("ST successfully dropped.");
        h.Error("DROP STREAM ST").SnowflakeErrorCode.Should().Be(2003);
        h.Scalar("DROP STREAM IF EXISTS ST").Should().Be("Drop statement executed successfully (ST already dropped).");
        h.Result("SHOW STREAMS").Rows.Should().BeEmpty();
    }
}
