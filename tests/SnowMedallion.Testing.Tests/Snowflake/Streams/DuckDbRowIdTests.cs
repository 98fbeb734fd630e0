using SnowMedallion.Testing.Snowflake;
using SnowMedallion.Testing.Snowflake.Streams;
using static SnowMedallion.Testing.Tests.Snowflake.Streams.DuckDbFixture;

namespace SnowMedallion.Testing.Tests.Snowflake.Streams;

/// <summary>
/// The DuckDB 1.5.6 behaviour of <c>rowid</c> that streams rely on (see <see cref="RowIdentity"/>).
/// If a DuckDB upgrade changes any of it, these tests say which assumption broke.
/// </summary>
public sealed class DuckDbRowIdTests : IDisposable
{
    private readonly DuckDbFixture _db = new();

    [Fact]
    public void Update_keeps_the_rowid_of_the_row()
    {
        Exec(_db.Root, "CREATE TABLE T (ID INT NOT NULL, V VARCHAR, TS TIMESTAMP, D DECIMAL(38,0))");
        Exec(_db.Root, "INSERT INTO T SELECT i, 'v' || i, TIMESTAMP '2020-01-01', i FROM range(5) r(i)");

        Exec(_db.Root, "UPDATE T SET V = 'changed', TS = TIMESTAMP '2021-01-01', D = 99 WHERE ID = 2");
        Exec(_db.Root, "MERGE INTO T USING (SELECT 3 AS ID) s ON T.ID = s.ID WHEN MATCHED THEN UPDATE SET V = 'merged'");

        Rows(_db.Root, "SELECT rowid, ID, V FROM T ORDER BY ID").Should().Equal("0|0|v0", "1|1|v1", "2|2|changed", "3|3|merged", "4|4|v4");
    }

    [Fact]
    public void A_checkpoint_does_not_renumber_rowids_when_vacuum_is_off()
    {
        Exec(_db.Root, "CREATE TABLE T (ID BIGINT NOT NULL, V VARCHAR)");
        Exec(_db.Root, "INSERT INTO T SELECT i, repeat('v', 40) || i FROM range(300000) r(i)");
        Exec(_db.Root, "DELETE FROM T WHERE ID % 10 <> 0");
        Exec(_db.Root, "FORCE CHECKPOINT");

        Long(_db.Root, "SELECT count(*) FROM T WHERE rowid <> ID").Should().Be(0, "vacuum would renumber rowids");
    }

    [Fact]
    public void Rowids_of_deleted_rows_are_not_reused_without_a_checkpoint()
    {
        // Only a checkpoint drops fully deleted tail row groups (whose rowids appends would then reuse);
        // RowIdentity.DatabaseSettingsSql stops automatic checkpoints, and Snowflake SQL has no CHECKPOINT.
        Scalar(_db.Root, "SELECT current_setting('checkpoint_threshold')").Should().NotBe("16.0 MiB");
        Exec(_db.Root, "CREATE TABLE T (ID BIGINT NOT NULL, V VARCHAR)");
        Exec(_db.Root, "INSERT INTO T SELECT i, repeat('v', 40) || i FROM range(500000) r(i)");
        Exec(_db.Root, "DELETE FROM T WHERE ID >= 1000");
        Exec(_db.Root, "TRUNCATE T");
        Exec(_db.Root, "INSERT INTO T VALUES (-1, 'after')");

        Long(_db.Root, "SELECT rowid FROM T").Should().Be(500000);
    }

    [Fact]
    public void Uncommitted_rows_have_transaction_local_rowids_and_get_commit_order_rowids()
    {
        Exec(_db.Root, "CREATE TABLE T (ID BIGINT NOT NULL, WHO VARCHAR)");
        Exec(_db.Root, "INSERT INTO T VALUES (0, 'first')");
        var a = _db.Open();
        var b = _db.Open();

        Exec(a, "BEGIN TRANSACTION");
        Exec(a, "INSERT INTO T VALUES (1, 'a')");
        Long(a, "SELECT rowid FROM T WHERE ID = 1").Should().BeGreaterThanOrEqualTo(RowIdentity.FirstTransactionLocalRowId);
        Exec(b, "INSERT INTO T VALUES (2, 'b')");
        Exec(a, "COMMIT");

        Rows(_db.Root, "SELECT rowid, WHO FROM T ORDER BY rowid").Should().Equal("0|first", "1|b", "2|a");
    }

    [Fact]
    public void A_rolled_back_insert_leaves_no_gap_that_a_stream_could_miss()
    {
        Exec(_db.Root, "CREATE TABLE T (ID BIGINT NOT NULL)");
        Exec(_db.Root, "INSERT INTO T VALUES (0)");
        Exec(_db.Root, "BEGIN TRANSACTION");
        Exec(_db.Root, "INSERT INTO T VALUES (1)");
        Exec(_db.Root, "ROLLBACK");
        Exec(_db.Root, "INSERT INTO T VALUES (2)");

        Rows(_db.Root, "SELECT rowid, ID FROM T ORDER BY rowid").Should().Equal("0|0", "1|2");
    }

    [Fact]
    public void A_transaction_sees_the_tables_as_of_its_first_read_of_the_database()
    {
        Exec(_db.Root, "CREATE TABLE T (ID BIGINT NOT NULL)");
        var reader = _db.Open();
        Exec(reader, "BEGIN TRANSACTION");
        Long(reader, "SELECT count(*) FROM T").Should().Be(0);

        Exec(_db.Root, "INSERT INTO T VALUES (1)");

        Long(reader, "SELECT count(*) FROM T").Should().Be(0);
        Exec(reader, "COMMIT");
        Long(reader, "SELECT count(*) FROM T").Should().Be(1);
    }

    [Fact]
    public void Table_oid_survives_alter_and_changes_on_create_or_replace()
    {
        Exec(_db.Root, "CREATE TABLE T (ID BIGINT NOT NULL)");
        var path = new ObjectPath("DB", "S", "T");
        var oid = StreamStore.TableOid(_db.Root, path);

        Exec(_db.Root, "ALTER TABLE T ADD COLUMN V VARCHAR");
        StreamStore.TableOid(_db.Root, path).Should().Be(oid);

        Exec(_db.Root, "CREATE OR REPLACE TABLE T (ID BIGINT NOT NULL)");
        StreamStore.TableOid(_db.Root, path).Should().NotBe(oid);
    }

    public void Dispose() => _db.Dispose();
}
