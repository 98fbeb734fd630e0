using Microsoft.Extensions.Time.Testing;

namespace SnowMedallion.Testing.Tests.Snowflake.Streams;

/// <summary>
/// Points where a fidelity audit of LocalSnowflake's streams against Snowflake's documentation found the emulator
/// different; each test cites the page it follows.
/// </summary>
public sealed class StreamDocumentationAuditTests
{
    private const string Setup = "CREATE DATABASE D; CREATE SCHEMA S; CREATE TABLE T (ID INT NOT NULL, V VARCHAR); CREATE TABLE SINK (ID INT)";

    // https://docs.snowflake.com/en/sql-reference/sql/show-streams : TERSE returns created_on, name, kind (the type column),
    // database_name, schema_name and tableOn (the table_name column).
    [Fact]
    public async Task Show_terse_streams_returns_the_documented_subset_of_columns()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows(Setup);
        h.Rows("CREATE STREAM ST ON TABLE T");

        var terse = h.Result("SHOW TERSE STREAMS LIKE 'st' IN SCHEMA D.S");

        terse.Columns.Should().Equal("created_on", "name", "kind", "database_name", "schema_name", "tableOn");
        terse.Rows.Should().ContainSingle().Which.Skip(1).Should().Equal("ST", "DELTA", "D", "S", "D.S.T");
        terse.Rows[0][0].Should().BeOfType<DateTimeOffset>();
    }

    // https://docs.snowflake.com/en/sql-reference/sql/alter-stream :
    // ALTER STREAM [ IF EXISTS ] <name> SET COMMENT = '<string_literal>' / ALTER STREAM [ IF EXISTS ] <name> UNSET COMMENT.
    [Fact]
    public async Task Alter_stream_sets_and_unsets_the_comment()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows(Setup);
        h.Rows("CREATE STREAM ST ON TABLE T COMMENT = 'first'");
        h.Rows("INSERT INTO T VALUES (1, 'a')");

        h.Scalar("ALTER STREAM ST SET COMMENT = 'New comment for stream'").Should().Be("Statement executed successfully.");
        h.Result("SHOW STREAMS LIKE 'ST'").Rows.Single()[5].Should().Be("New comment for stream");
        h.Scalar("ALTER STREAM D.S.ST UNSET COMMENT").Should().Be("Statement executed successfully.");
        h.Result("DESC STREAM ST").Rows.Single()[5].Should().Be(string.Empty);

        h.Scalar("SELECT COUNT(*) FROM ST").Should().Be(1L, "altering the comment leaves the offset where it was");
        h.Scalar("ALTER STREAM IF EXISTS MISSING SET COMMENT = 'x'").Should().Be("Statement executed successfully.");
        h.Error("ALTER STREAM MISSING SET COMMENT = 'x'").SnowflakeErrorCode.Should().Be(2003);
        var tag = h.Error("ALTER STREAM ST SET TAG COST_CENTER = 'sales'");
        tag.SqlState.Should().Be("0A000");
        tag.Message.Should().Contain("TAG");
    }

    // https://docs.snowflake.com/en/sql-reference/sql/create-stream : CREATE STREAM <name> [ [ WITH ] TAG ( ... ) ] ... ON TABLE.
    // Tags are not emulated: the statement must fail naming the construct (0A000), not with a syntax error.
    [Theory]
    [InlineData("CREATE STREAM S2 WITH TAG (COST_CENTER = 'sales') ON TABLE T")]
    [InlineData("CREATE STREAM S2 TAG (COST_CENTER = 'sales') ON TABLE T")]
    public async Task Create_stream_with_a_tag_is_unsupported_and_says_so(string sql)
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows(Setup);

        var error = h.Error(sql);

        error.SqlState.Should().Be("0A000");
        error.Message.Should().Contain("TAG");
    }

    // https://docs.snowflake.com/en/sql-reference/sql/begin : "When a SQL statement queries a stream within an explicit
    // transaction, the stream is queried at the stream advance point (i.e. the timestamp) when the transaction began
    // rather than when the statement was run." A row another session commits after BEGIN is therefore not in this
    // transaction's batch; it stays in the stream for the next one.
    [Fact]
    public async Task A_stream_read_in_a_transaction_sees_changes_up_to_begin_not_up_to_the_first_read()
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows(Setup);
        h.Rows("CREATE STREAM ST ON TABLE T");
        h.Rows("INSERT INTO T VALUES (1, 'before begin')");
        using var other = h.OpenSession();
        LocalSnowflakeHarness.Rows(other, "USE SCHEMA D.S");

        h.Rows("BEGIN");
        LocalSnowflakeHarness.Rows(other, "INSERT INTO T VALUES (2, 'after begin')");
        h.Rows("SELECT ID FROM ST").Select(r => r[0]).Should().Equal(1L);
        h.Rows("INSERT INTO SINK SELECT ID FROM ST");
        h.Rows("COMMIT");

        h.Rows("SELECT ID FROM SINK").Select(r => r[0]).Should().Equal(1L);
        h.Rows("SELECT ID FROM ST").Select(r => r[0]).Should().Equal(2L);
    }

    // https://docs.snowflake.com/en/sql-reference/functions/system_stream_has_data : "If the stream is empty and the
    // SYSTEM$STREAM_HAS_DATA function returns FALSE, calling this function on the stream prevents it from becoming
    // stale." SHOW STREAMS' stale_after therefore moves forward from that call
    // (https://docs.snowflake.com/en/sql-reference/sql/show-streams : stale_after, when the stream may become stale).
    [Fact]
    public async Task Has_data_returning_false_moves_stale_after_forward()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 5, 30, 0, TimeSpan.Zero));
        await using var h = await LocalSnowflakeHarness.StartAsync(new LocalSnowflakeOptions { TimeProvider = clock });
        h.Rows(Setup);
        h.Rows("CREATE STREAM ST ON TABLE T");
        var created = (DateTimeOffset)h.Result("SHOW STREAMS LIKE 'ST'").Rows.Single()[12]!;

        clock.Advance(TimeSpan.FromDays(10));
        h.Scalar("SELECT SYSTEM$STREAM_HAS_DATA('ST')").Should().Be(false);

        var staleAfter = (DateTimeOffset)h.Result("SHOW STREAMS LIKE 'ST'").Rows.Single()[12]!;
        staleAfter.Should().Be(created + TimeSpan.FromDays(10));
        h.Rows("INSERT INTO T VALUES (1, 'a')");
        clock.Advance(TimeSpan.FromDays(1));
        h.Scalar("SELECT SYSTEM$STREAM_HAS_DATA('ST')").Should().Be(true);
        ((DateTimeOffset)h.Result("SHOW STREAMS LIKE 'ST'").Rows.Single()[12]!).Should().Be(staleAfter, "TRUE leaves the stream to be consumed");
    }

    // Snowflake lets a DML statement consume a stream into a table of another database
    // (https://docs.snowflake.com/en/user-guide/streams-intro); LocalSnowflake cannot (docs/emulator-fidelity.md: one database
    // written per transaction), so it must say so with 0A000 and leave both the target and the stream as they were.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Consuming_a_stream_into_another_database_is_unsupported_and_changes_nothing(bool explicitTransaction)
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows(Setup);
        h.Rows("CREATE STREAM ST ON TABLE T");
        h.Rows("INSERT INTO T VALUES (1, 'a')");
        h.Rows("CREATE DATABASE D2; CREATE SCHEMA D2.S; CREATE TABLE D2.S.OUT (ID INT)");

        var consume = "INSERT INTO D2.S.OUT SELECT ID FROM D.S.ST";
        if (explicitTransaction)
        {
            h.Rows("BEGIN");
            h.Rows(consume);
        }

        var error = h.Error(explicitTransaction ? "COMMIT" : consume);

        error.SqlState.Should().Be("0A000");
        error.Message.Should().Contain("D.S.ST").And.Contain("database D");
        h.Scalar("SELECT COUNT(*) FROM D2.S.OUT").Should().Be(0L);
        h.Scalar("SELECT COUNT(*) FROM D.S.ST").Should().Be(1L);
    }

    // https://docs.snowflake.com/en/sql-reference/sql/create-stream : [ COPY GRANTS ] before ON TABLE, and the newer
    // [ COPY = ( GRANTS ) ] after the options. Grants are not emulated; both spellings must create the stream.
    [Theory]
    [InlineData("CREATE OR REPLACE STREAM ST COPY GRANTS ON TABLE T APPEND_ONLY = TRUE")]
    [InlineData("CREATE OR REPLACE STREAM ST ON TABLE T APPEND_ONLY = TRUE COMMENT = 'c' COPY = (GRANTS)")]
    public async Task Create_stream_accepts_both_spellings_of_copy_grants(string sql)
    {
        await using var h = await LocalSnowflakeHarness.StartAsync();
        h.Rows(Setup);

        h.Scalar(sql).Should().Be("Stream ST successfully created.");

        h.Result("SHOW STREAMS LIKE 'ST'").Rows.Single()[11].Should().Be("APPEND_ONLY");
    }
}
