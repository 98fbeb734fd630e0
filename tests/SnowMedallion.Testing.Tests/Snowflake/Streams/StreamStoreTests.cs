using SnowMedallion.Testing.Snowflake;
using SnowMedallion.Testing.Snowflake.Streams;
using static SnowMedallion.Testing.Tests.Snowflake.Streams.DuckDbFixture;

namespace SnowMedallion.Testing.Tests.Snowflake.Streams;

/// <summary>
/// Stream semantics on raw DuckDB, driving <see cref="StreamStore"/> the way the engine does
/// (hook before DML on the source, advance after DML that read the stream, in its transaction).
/// Behaviour from https://docs.snowflake.com/en/user-guide/streams-intro and
/// https://docs.snowflake.com/en/sql-reference/sql/create-stream.
/// </summary>
public sealed class StreamStoreTests : IDisposable
{
    private static readonly ObjectPath Table = new("DB", "S", "T");
    private readonly DuckDbFixture _db = new();
    private long _nextId = 1;

    public StreamStoreTests()
    {
        Exec(_db.Root, "CREATE TABLE T (ID INT NOT NULL, V VARCHAR)");
        Exec(_db.Root, "CREATE TABLE SINK (ID INT, V VARCHAR, ACTION VARCHAR, ISUPDATE BOOLEAN, ROW_ID VARCHAR)");
    }

    [Fact]
    public void Rows_present_at_creation_are_not_in_the_stream_new_rows_are()
    {
        Exec(_db.Root, "INSERT INTO T VALUES (1, 'old')");
        var stream = Create(StreamMode.Default);

        Exec(_db.Root, "INSERT INTO T VALUES (2, 'new')");

        Changes(stream).Should().Equal("2|new|INSERT|False");
    }

    [Fact]
    public void Show_initial_rows_returns_the_rows_present_at_creation_on_first_consumption()
    {
        Exec(_db.Root, "INSERT INTO T VALUES (1, 'old')");
        var stream = Create(StreamMode.AppendOnly, showInitialRows: true);
        Exec(_db.Root, "INSERT INTO T VALUES (2, 'new')");

        Changes(stream).Should().Equal("1|old|INSERT|False", "2|new|INSERT|False");
        Consume(_db.Root, stream);
        Changes(stream).Should().BeEmpty();
    }

    [Fact]
    public void Standard_stream_nets_changes_since_the_offset()
    {
        // streams-intro, "Table versioning": a row inserted and then updated since the offset is one INSERT
        // with the new values; a row inserted and then deleted is not in the stream.
        var stream = Create(StreamMode.Default);
        Exec(_db.Root, "INSERT INTO T VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        Modify(stream, "UPDATE T SET V = 'b2' WHERE ID = 2");
        Modify(stream, "DELETE FROM T WHERE ID = 3");

        Changes(stream).Should().Equal("1|a|INSERT|False", "2|b2|INSERT|False");
    }

    [Fact]
    public void Update_of_a_consumed_row_is_a_delete_insert_pair_with_the_same_row_id()
    {
        var stream = Create(StreamMode.Default);
        Exec(_db.Root, "INSERT INTO T VALUES (1, 'a'), (2, 'b')");
        Consume(_db.Root, stream);

        Modify(stream, "UPDATE T SET V = 'b2' WHERE ID = 2");
        Modify(stream, "DELETE FROM T WHERE ID = 1");

        Changes(stream).Should().Equal("1|a|DELETE|False", "2|b|DELETE|True", "2|b2|INSERT|True");
        var rowIds = Rows(_db.Root, $"SELECT DISTINCT \"METADATA$ROW_ID\" FROM {StreamStore.ChangesSql(_db.Root, stream)} x WHERE ID = 2");
        rowIds.Should().ContainSingle().Which.Should().MatchRegex("^[0-9a-f]{40}$");
    }

    [Fact]
    public void Row_id_of_a_row_is_the_same_when_inserted_and_when_later_updated()
    {
        var stream = Create(StreamMode.Default);
        Exec(_db.Root, "INSERT INTO T VALUES (1, 'a')");
        var inserted = Rows(_db.Root, $"SELECT \"METADATA$ROW_ID\" FROM {StreamStore.ChangesSql(_db.Root, stream)} x").Single();
        Consume(_db.Root, stream);

        Modify(stream, "UPDATE T SET V = 'b' WHERE ID = 1");

        Rows(_db.Root, $"SELECT DISTINCT \"METADATA$ROW_ID\" FROM {StreamStore.ChangesSql(_db.Root, stream)} x").Should().Equal(inserted);
    }

    [Fact]
    public void Append_only_keeps_inserted_values_after_update_and_delete_while_standard_nets_them()
    {
        // streams-intro, "Types of streams": append-only streams track inserts only; updates and deletes
        // (including truncation) are not recorded, so a row deleted after its insert is still returned.
        var standard = Create(StreamMode.Default);
        var appendOnly = Create(StreamMode.AppendOnly);
        Exec(_db.Root, "INSERT INTO T VALUES (1, 'a'), (2, 'b'), (3, 'c')");

        Modify([standard, appendOnly], "UPDATE T SET V = 'b2' WHERE ID = 2");
        Modify([standard, appendOnly], "DELETE FROM T WHERE ID = 3");
        Exec(_db.Root, "INSERT INTO T VALUES (4, 'd')");

        Changes(appendOnly).Should().Equal("1|a|INSERT|False", "2|b|INSERT|False", "3|c|INSERT|False", "4|d|INSERT|False");
        Changes(standard).Should().Equal("1|a|INSERT|False", "2|b2|INSERT|False", "4|d|INSERT|False");
    }

    [Fact]
    public void Append_only_ignores_updates_and_deletes_of_rows_older_than_the_offset()
    {
        Exec(_db.Root, "INSERT INTO T VALUES (1, 'a')");
        var stream = Create(StreamMode.AppendOnly);

        Modify(stream, "UPDATE T SET V = 'a2' WHERE ID = 1");
        Modify(stream, "TRUNCATE T");

        Changes(stream).Should().BeEmpty();
        StreamStore.HasData(_db.Root, stream).Should().BeFalse();
    }

    [Fact]
    public void Rollback_of_the_consuming_transaction_keeps_the_offset()
    {
        // streams-intro, "Offset storage": the offset advances only when the DML transaction that
        // consumes the stream commits.
        var stream = Create(StreamMode.AppendOnly);
        Exec(_db.Root, "INSERT INTO T VALUES (1, 'a')");

        Exec(_db.Root, "BEGIN TRANSACTION");
        Exec(_db.Root, $"INSERT INTO SINK SELECT * FROM {StreamStore.ChangesSql(_db.Root, stream)} x");
        StreamStore.Advance(_db.Root, stream);
        Changes(stream).Should().BeEmpty("the transaction sees its own advance");
        Exec(_db.Root, "ROLLBACK");

        Changes(stream).Should().Equal("1|a|INSERT|False");
        Consume(_db.Root, stream);
        Changes(stream).Should().BeEmpty();
        Long(_db.Root, "SELECT count(*) FROM SINK").Should().Be(1);
    }

    [Fact]
    public void A_plain_select_does_not_move_the_offset()
    {
        var stream = Create(StreamMode.Default);
        Exec(_db.Root, "INSERT INTO T VALUES (1, 'a')");

        Changes(stream).Should().HaveCount(1);
        Changes(stream).Should().HaveCount(1);
    }

    [Fact]
    public void Has_data_follows_the_stream_contents()
    {
        // https://docs.snowflake.com/en/sql-reference/functions/system_stream_has_data
        var stream = Create(StreamMode.AppendOnly);
        StreamStore.HasData(_db.Root, stream).Should().BeFalse();

        Exec(_db.Root, "INSERT INTO T VALUES (1, 'a')");
        StreamStore.HasData(_db.Root, stream).Should().BeTrue();

        Consume(_db.Root, stream);
        StreamStore.HasData(_db.Root, stream).Should().BeFalse();
    }

    [Fact]
    public void Inside_a_transaction_the_stream_shows_changes_up_to_the_transaction_start()
    {
        var stream = Create(StreamMode.AppendOnly);
        Exec(_db.Root, "INSERT INTO T VALUES (1, 'a')");
        var consumer = _db.Open();
        Exec(consumer, "BEGIN TRANSACTION");
        Changes(stream, consumer).Should().HaveCount(1);

        Exec(_db.Root, "INSERT INTO T VALUES (2, 'b')");

        Changes(stream, consumer).Should().HaveCount(1);
        Exec(consumer, $"INSERT INTO SINK SELECT * FROM {StreamStore.ChangesSql(consumer, stream)} x");
        StreamStore.Advance(consumer, stream);
        Exec(consumer, "COMMIT");

        Changes(stream).Should().Equal("2|b|INSERT|False");
    }

    [Fact]
    public void Rows_inserted_by_the_consuming_transaction_itself_stay_for_the_next_consumption()
    {
        var stream = Create(StreamMode.AppendOnly);
        Exec(_db.Root, "INSERT INTO T VALUES (1, 'a')");

        Exec(_db.Root, "BEGIN TRANSACTION");
        Exec(_db.Root, "INSERT INTO T VALUES (2, 'b')");
        Exec(_db.Root, $"INSERT INTO SINK SELECT * FROM {StreamStore.ChangesSql(_db.Root, stream)} x");
        StreamStore.Advance(_db.Root, stream);
        Exec(_db.Root, "COMMIT");

        Rows(_db.Root, "SELECT ID FROM SINK").Should().Equal("1");
        Changes(stream).Should().Equal("2|b|INSERT|False");
    }

    [Fact]
    public void Changes_a_consuming_transaction_made_before_reading_the_stream_stay_in_the_stream()
    {
        var stream = Create(StreamMode.Default);
        Exec(_db.Root, "INSERT INTO T VALUES (1, 'a')");
        Consume(_db.Root, stream);
        Exec(_db.Root, "INSERT INTO T VALUES (2, 'b')");

        Exec(_db.Root, "BEGIN TRANSACTION");
        StreamStore.BeforeSourceModified(_db.Root, stream, inExplicitTransaction: true);
        Exec(_db.Root, "UPDATE T SET V = 'a2' WHERE ID = 1");
        Changes(stream).Should().Equal("2|b|INSERT|False");
        Exec(_db.Root, $"INSERT INTO SINK SELECT * FROM {StreamStore.ChangesSql(_db.Root, stream)} x");
        StreamStore.Advance(_db.Root, stream);
        Exec(_db.Root, "COMMIT");

        Changes(stream).Should().Equal("1|a|DELETE|True", "1|a2|INSERT|True");
    }

    [Fact]
    public void Replacing_the_source_table_makes_the_stream_stale()
    {
        var stream = Create(StreamMode.Default);
        StreamStore.IsStale(_db.Root, stream).Should().BeFalse();

        Exec(_db.Root, "CREATE OR REPLACE TABLE T (ID INT NOT NULL, V VARCHAR)");

        StreamStore.IsStale(_db.Root, stream).Should().BeTrue();
        var read = () => StreamStore.ChangesSql(_db.Root, stream);
        read.Should().Throw<LocalSnowflakeException>()
            .Where(e => e.SnowflakeErrorCode == 91901 && e.Message.StartsWith("Base table 'DB.S.T' dropped, cannot read from stream 'ST", StringComparison.Ordinal));
    }

    [Fact]
    public void Docs_example_gym_members_stream()
    {
        // https://docs.snowflake.com/en/user-guide/streams-examples (members / member_check), in DuckDB SQL.
        Exec(_db.Root, "CREATE TABLE MEMBERS (ID INT NOT NULL, NAME VARCHAR, FEE INT)");
        var members = new ObjectPath("DB", "S", "MEMBERS");
        var stream = new StreamDefinition(_nextId++, new ObjectPath("DB", "S", "MEMBER_CHECK"), members,
            StreamStore.TableOid(_db.Root, members)!.Value, StreamMode.Default, false, null, DateTimeOffset.UnixEpoch);
        StreamStore.Create(_db.Root, stream);
        Exec(_db.Root, "CREATE TABLE SIGNUP (ID INT, DT DATE)");
        Exec(_db.Root, "INSERT INTO MEMBERS VALUES (1,'Joe',0),(2,'Jane',0),(3,'George',0),(4,'Betty',0),(5,'Sally',0)");
        Exec(_db.Root, "INSERT INTO SIGNUP VALUES (1,'2018-01-01'),(2,'2018-02-15'),(3,'2018-05-01'),(4,'2018-07-16'),(5,'2018-08-21')");
        string Read() => string.Join(", ", Rows(_db.Root,
            $"SELECT ID, FEE, \"METADATA$ACTION\", \"METADATA$ISUPDATE\" FROM {StreamStore.ChangesSql(_db.Root, stream)} x ORDER BY ID, \"METADATA$ACTION\""));

        StreamStore.BeforeSourceModified(_db.Root, stream, inExplicitTransaction: false);
        Exec(_db.Root, "MERGE INTO MEMBERS m USING (SELECT ID, DT FROM SIGNUP s WHERE date_diff('day', DATE '2018-08-15', s.DT) < -30) s " +
            "ON m.ID = s.ID WHEN MATCHED THEN UPDATE SET FEE = 90");

        // The update shows as inserts with the new fee: the stream has not been consumed yet.
        Read().Should().Be("1|90|INSERT|False, 2|90|INSERT|False, 3|90|INSERT|False, 4|0|INSERT|False, 5|0|INSERT|False");

        Exec(_db.Root, "CREATE TABLE MEMBERS_PROD (ID INT NOT NULL, NAME VARCHAR, FEE INT)");
        Exec(_db.Root, "BEGIN TRANSACTION");
        Exec(_db.Root, $"INSERT INTO MEMBERS_PROD (ID, NAME, FEE) SELECT ID, NAME, FEE FROM {StreamStore.ChangesSql(_db.Root, stream)} x WHERE \"METADATA$ACTION\" = 'INSERT'");
        StreamStore.Advance(_db.Root, stream);
        Exec(_db.Root, "COMMIT");
        Read().Should().BeEmpty();

        // Inside a transaction, its own changes are not in the stream: the change interval ends at the
        // transaction's start. After COMMIT they are.
        Exec(_db.Root, "BEGIN TRANSACTION");
        StreamStore.BeforeSourceModified(_db.Root, stream, inExplicitTransaction: true);
        Exec(_db.Root, "UPDATE MEMBERS SET FEE = FEE + 15 WHERE FEE > 0");
        Read().Should().BeEmpty();
        Exec(_db.Root, "COMMIT");

        Read().Should().Be("1|90|DELETE|True, 1|105|INSERT|True, 2|90|DELETE|True, 2|105|INSERT|True, 3|90|DELETE|True, 3|105|INSERT|True");
    }

    public void Dispose() => _db.Dispose();

    private StreamDefinition Create(StreamMode mode, bool showInitialRows = false)
    {
        var id = _nextId++;
        var stream = new StreamDefinition(id, new ObjectPath("DB", "S", "ST" + id), Table,
            StreamStore.TableOid(_db.Root, Table)!.Value, mode, showInitialRows, null, DateTimeOffset.UnixEpoch);
        StreamStore.Create(_db.Root, stream);
        return stream;
    }

    private void Modify(StreamDefinition stream, string dml) => Modify([stream], dml);

    private void Modify(StreamDefinition[] streams, string dml)
    {
        Exec(_db.Root, "BEGIN TRANSACTION");
        foreach (var stream in streams)
        {
            StreamStore.BeforeSourceModified(_db.Root, stream, inExplicitTransaction: true);
        }

        Exec(_db.Root, dml);
        Exec(_db.Root, "COMMIT");
    }

    private static void Consume(DuckDB.NET.Data.DuckDBConnection connection, StreamDefinition stream)
    {
        Exec(connection, "BEGIN TRANSACTION");
        Exec(connection, $"INSERT INTO SINK SELECT * FROM {StreamStore.ChangesSql(connection, stream)} x");
        StreamStore.Advance(connection, stream);
        Exec(connection, "COMMIT");
    }

    private List<string> Changes(StreamDefinition stream, DuckDB.NET.Data.DuckDBConnection? connection = null)
    {
        connection ??= _db.Root;
        return Rows(connection,
            $"SELECT ID, V, \"METADATA$ACTION\", \"METADATA$ISUPDATE\" FROM {StreamStore.ChangesSql(connection, stream)} x " +
            "ORDER BY ID, \"METADATA$ACTION\"");
    }
}
