using Microsoft.Extensions.Time.Testing;
using SnowMedallion.Testing.Snowflake.Tasks;

namespace SnowMedallion.Testing.Tests.Snowflake.Streams;

/// <summary>
/// Staleness by time: "A stream becomes stale when its offset is outside of the data retention period for its source
/// table"; unconsumed, Snowflake extends the table's retention to the stream's offset for up to 14 days by default
/// (MAX_DATA_EXTENSION_TIME_IN_DAYS), and a stale stream's changes can no longer be read.
/// https://docs.snowflake.com/en/user-guide/streams-intro , https://docs.snowflake.com/en/sql-reference/sql/show-streams (stale, stale_after),
/// https://docs.snowflake.com/en/sql-reference/functions/system_stream_has_data (an empty stream checked with it does not go stale).
/// </summary>
public sealed class StreamStalenessTests : IAsyncLifetime
{
    private static readonly TimeSpan FourteenDays = TimeSpan.FromDays(14);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 5, 0, 0, TimeSpan.Zero));
    private LocalSnowflakeHarness _h = null!;
    private DateTimeOffset _created;

    public async Task InitializeAsync()
    {
        _h = await LocalSnowflakeHarness.StartAsync(new LocalSnowflakeOptions { TimeProvider = _clock });
        _h.Rows("CREATE DATABASE D; CREATE SCHEMA S; CREATE TABLE T (ID INT NOT NULL, V VARCHAR); CREATE TABLE SINK (ID INT)");
        _h.Rows("CREATE STREAM ST ON TABLE T");
        _created = _clock.GetUtcNow();
        _h.Rows("INSERT INTO T VALUES (1, 'a'), (2, 'b')");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private (string Stale, DateTimeOffset StaleAfter) Show()
    {
        var row = _h.Result("SHOW STREAMS LIKE 'ST'").Rows.Single();
        return ((string)row[10]!, (DateTimeOffset)row[12]!);
    }

    [Fact]
    public void A_stream_not_consumed_for_14_days_goes_stale_and_cannot_be_read()
    {
        _clock.Advance(FourteenDays - TimeSpan.FromSeconds(1));
        _h.Scalar("SELECT COUNT(*) FROM ST").Should().Be(2L, "reading without consuming leaves the offset, and stale_after, where they were");
        Show().Should().Be(("false", _created + FourteenDays));

        _clock.Advance(TimeSpan.FromSeconds(1));

        Show().Should().Be(("true", _created + FourteenDays));
        var read = _h.Error("SELECT COUNT(*) FROM ST");
        read.SnowflakeErrorCode.Should().Be(91901);
        read.Message.Should().Contain("D.S.ST").And.Contain("stale").And.Contain("CREATE OR REPLACE STREAM");
        _h.Error("SELECT SYSTEM$STREAM_HAS_DATA('ST')").SnowflakeErrorCode.Should().Be(91901);
        _h.Error("INSERT INTO SINK SELECT ID FROM ST").SnowflakeErrorCode.Should().Be(91901);
        _h.Scalar("SELECT COUNT(*) FROM SINK").Should().Be(0L);

        // The source table is untouched by its stream's staleness, and a new stream starts from now.
        _h.Rows("UPDATE T SET V = 'changed' WHERE ID = 1");
        _h.Rows("DELETE FROM T WHERE ID = 2");
        _h.Rows("CREATE OR REPLACE STREAM ST ON TABLE T");
        Show().Should().Be(("false", _clock.GetUtcNow() + FourteenDays));
        _h.Scalar("SELECT COUNT(*) FROM ST").Should().Be(0L);
    }

    [Fact]
    public void Consuming_the_stream_moves_stale_after_on_and_a_rolled_back_consumption_does_not()
    {
        _clock.Advance(TimeSpan.FromDays(5));
        _h.Rows("BEGIN");
        _h.Rows("INSERT INTO SINK SELECT ID FROM ST");
        _h.Rows("ROLLBACK");
        Show().StaleAfter.Should().Be(_created + FourteenDays, "ROLLBACK keeps the offset, and with it the time it is from");

        _clock.Advance(TimeSpan.FromDays(5));
        _h.Rows("INSERT INTO SINK SELECT ID FROM ST");
        var consumed = _clock.GetUtcNow();
        Show().Should().Be(("false", consumed + FourteenDays));

        _clock.Advance(TimeSpan.FromDays(10));
        _h.Rows("INSERT INTO T VALUES (3, 'c')");
        _h.Scalar("SELECT COUNT(*) FROM ST").Should().Be(1L, "20 days after creation, 10 after the consumption");
        _clock.Advance(TimeSpan.FromDays(4));
        Show().Stale.Should().Be("true");
        _h.Error("SELECT COUNT(*) FROM ST").SnowflakeErrorCode.Should().Be(91901);
    }

    [Fact]
    public void Has_data_finding_the_stream_empty_keeps_it_fresh()
    {
        _h.Rows("INSERT INTO SINK SELECT ID FROM ST");
        _clock.Advance(TimeSpan.FromDays(13));
        _h.Scalar("SELECT SYSTEM$STREAM_HAS_DATA('ST')").Should().Be(false);

        _clock.Advance(TimeSpan.FromDays(7));

        Show().Stale.Should().Be("false");
        _h.Rows("INSERT INTO T VALUES (3, 'c')");
        _h.Scalar("SELECT SYSTEM$STREAM_HAS_DATA('ST')").Should().Be(true);
        _h.Scalar("SELECT COUNT(*) FROM ST").Should().Be(1L);
    }

    // "If the data retention period for a table is less than 14 days, and a stream has not been consumed, Snowflake
    // temporarily extends this period ... up to a maximum of 14 days by default" (MAX_DATA_EXTENSION_TIME_IN_DAYS): the
    // stream stays readable for the longer of the table's retention and that extension.
    [Fact]
    public void The_source_tables_retention_and_extension_settings_decide_when_the_stream_goes_stale()
    {
        _h.Rows("CREATE TABLE KEPT (ID INT) DATA_RETENTION_TIME_IN_DAYS = 30");
        _h.Rows("CREATE STREAM KEPT_ST ON TABLE KEPT");
        _h.Rows("ALTER TABLE T SET MAX_DATA_EXTENSION_TIME_IN_DAYS = 0");
        DateTimeOffset StaleAfter(string stream) => (DateTimeOffset)_h.Result($"SHOW STREAMS LIKE '{stream}'").Rows.Single()[12]!;

        StaleAfter("KEPT_ST").Should().Be(_created + TimeSpan.FromDays(30));
        StaleAfter("ST").Should().Be(_created + TimeSpan.FromDays(1), "with no extension the table's own retention (1 day by default) is all there is");

        _clock.Advance(TimeSpan.FromDays(2));
        _h.Error("SELECT COUNT(*) FROM ST").Message.Should().Contain("MAX_DATA_EXTENSION_TIME_IN_DAYS");
        _h.Rows("ALTER TABLE T UNSET MAX_DATA_EXTENSION_TIME_IN_DAYS");
        _h.Scalar("SELECT COUNT(*) FROM ST").Should().Be(2L, "back to the 14-day default");
        _clock.Advance(TimeSpan.FromDays(20));
        _h.Scalar("SELECT COUNT(*) FROM KEPT_ST").Should().Be(0L);
        _h.Error("SELECT COUNT(*) FROM ST").SnowflakeErrorCode.Should().Be(91901);

        _h.Error("ALTER TABLE T SET DATA_RETENTION_TIME_IN_DAYS = 91").Message.Should().Contain("DATA_RETENTION_TIME_IN_DAYS").And.Contain("0 to 90");
        _h.Error("ALTER TABLE T UNSET CLUSTERING_KEY_X").SqlState.Should().Be("0A000");
    }

    // A table without its own value takes its schema's, then its database's (parameter hierarchy:
    // https://docs.snowflake.com/en/sql-reference/parameters#data-retention-time-in-days).
    [Fact]
    public void A_table_takes_the_retention_of_its_schema_or_database_unless_it_sets_its_own()
    {
        _h.Rows("CREATE DATABASE LONG_DB MAX_DATA_EXTENSION_TIME_IN_DAYS = 40");
        _h.Rows("CREATE SCHEMA LONG_DB.FROM_DB");
        _h.Rows("CREATE SCHEMA LONG_DB.OWN DATA_RETENTION_TIME_IN_DAYS = 60");
        _h.Rows("CREATE TABLE LONG_DB.FROM_DB.A (ID INT)");
        _h.Rows("CREATE TABLE LONG_DB.OWN.B (ID INT)");
        _h.Rows("CREATE TABLE LONG_DB.OWN.C (ID INT) DATA_RETENTION_TIME_IN_DAYS = 0 MAX_DATA_EXTENSION_TIME_IN_DAYS = 3");
        _h.Rows("CREATE STREAM LONG_DB.FROM_DB.A_ST ON TABLE LONG_DB.FROM_DB.A");
        _h.Rows("CREATE STREAM LONG_DB.OWN.B_ST ON TABLE LONG_DB.OWN.B");
        _h.Rows("CREATE STREAM LONG_DB.OWN.C_ST ON TABLE LONG_DB.OWN.C");
        var now = _clock.GetUtcNow();

        var staleAfter = _h.Result("SHOW STREAMS IN DATABASE LONG_DB").Rows.ToDictionary(r => (string)r[1]!, r => (DateTimeOffset)r[12]!);

        staleAfter.Should().Equal(new Dictionary<string, DateTimeOffset>
        {
            ["A_ST"] = now + TimeSpan.FromDays(40),
            ["B_ST"] = now + TimeSpan.FromDays(60),
            ["C_ST"] = now + TimeSpan.FromDays(3),
        });
        _h.Error("CREATE SCHEMA LONG_DB.BAD DATA_RETENTION_TIME_IN_DAYS = 'week'").Message.Should().Contain("DATA_RETENTION_TIME_IN_DAYS");
    }

    // A nightly task left suspended (or failing, which rolls its consumption back) for over 14 days: its next run fails on
    // the stale stream in its WHEN, with the error in TASK_HISTORY and in the USER_TASK_FAILED notification.
    [Fact]
    public async Task A_task_whose_stream_went_stale_fails_and_notifies()
    {
        const string TopicArn = "arn:aws:sns:us-east-1:123456789012:errors";
        _h.Rows($"""
            CREATE NOTIFICATION INTEGRATION ERRORS ENABLED = TRUE TYPE = QUEUE NOTIFICATION_PROVIDER = AWS_SNS DIRECTION = OUTBOUND
              AWS_SNS_TOPIC_ARN = '{TopicArn}' AWS_SNS_ROLE_ARN = 'arn:aws:iam::123456789012:role/sns'
            """);
        _h.Rows("CREATE TASK MOVE SCHEDULE = '1 MINUTE' ERROR_INTEGRATION = ERRORS WHEN SYSTEM$STREAM_HAS_DATA('D.S.ST') AS INSERT INTO SINK SELECT ID FROM ST");
        _clock.Advance(TimeSpan.FromDays(15));

        _h.Rows("EXECUTE TASK MOVE");
        await _h.Snowflake.WaitForIdleAsync();

        var run = TaskRuntime.For(_h.Snowflake.Engine).Scheduler.History().Single(r => r.State != TaskRunState.Scheduled);
        run.State.Should().Be(TaskRunState.Failed);
        run.ErrorCode.Should().Be(91901);
        run.ErrorMessage.Should().Contain("D.S.ST");
        _h.Snowflake.Notifications.Should().ContainSingle().Which.Body.Should().Contain("91901").And.Contain("USER_TASK_FAILED");
        _h.Scalar("SELECT COUNT(*) FROM SINK").Should().Be(0L);
    }
}
