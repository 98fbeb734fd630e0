using DuckDB.NET.Data;

namespace SnowMedallion.Testing.Tests.Snowflake.Translation;

public sealed class TransactionTests
{
    private static void Exec(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public void Multi_step_statements_join_an_open_transaction_and_roll_back_with_it()
    {
        using var db = new GenericSqlHarness();
        db.Run("CREATE TABLE t (a INT); INSERT INTO t VALUES (1)");
        Exec(db.Connection, "BEGIN TRANSACTION");

        db.Run("INSERT OVERWRITE INTO t VALUES (2), (3)");
        db.Scalar("SELECT COUNT(*) FROM t").Should().Be(2L);
        Exec(db.Connection, "ROLLBACK");

        db.Scalar("SELECT a FROM t").Should().Be(1L);
    }

    [Fact]
    public void A_failing_multi_step_statement_in_autocommit_changes_nothing()
    {
        using var db = new GenericSqlHarness();
        db.Run("CREATE TABLE t (a INT NOT NULL); INSERT INTO t VALUES (1)");

        db.Error("INSERT OVERWRITE INTO t VALUES (2), (NULL)").SnowflakeErrorCode.Should().Be(100072);

        db.Scalar("SELECT a FROM t").Should().Be(1L);
    }
}
