using SnowMedallion.Execution;

namespace SnowMedallion.Testing.Tests.Snowflake.Streams;

/// <summary>
/// Every statement of one transaction reads the same stream contents; the offset moves when the transaction commits.
/// https://docs.snowflake.com/en/user-guide/streams-intro (Repeatable read isolation; stream offsets in transactions)
/// </summary>
public sealed class StreamOffsetInTransactionTests
{
    [Fact]
    public async Task Two_dml_statements_in_one_transaction_both_read_the_whole_batch_and_commit_consumes_it()
    {
        await using var local = await LocalSnowflake.StartAsync();
        using var connection = local.CreateConnection();
        var sql = new DbConnectionExecutor(connection);
        foreach (var statement in new[]
        {
            "CREATE DATABASE D", "CREATE SCHEMA D.S",
            "CREATE TABLE D.S.SRC (ID NUMBER, NAME VARCHAR)",
            "CREATE STREAM D.S.ST ON TABLE D.S.SRC APPEND_ONLY = TRUE",
            "CREATE TABLE D.S.A (ID NUMBER)", "CREATE TABLE D.S.B (ID NUMBER)",
            "INSERT INTO D.S.SRC VALUES (1, 'x'), (2, 'y'), (3, 'z')",
            "BEGIN",
            "INSERT INTO D.S.A SELECT ID FROM D.S.ST WHERE ID = 1",
            "INSERT INTO D.S.B SELECT ID FROM D.S.ST",
        })
        {
            await sql.ExecuteAsync(statement);
        }

        (await Count(sql, "SELECT COUNT(*) FROM D.S.ST")).Should().Be(3, because: "the offset has not moved before COMMIT");
        await sql.ExecuteAsync("COMMIT");

        (await Count(sql, "SELECT COUNT(*) FROM D.S.A")).Should().Be(1);
        (await Count(sql, "SELECT COUNT(*) FROM D.S.B")).Should().Be(3, because: "the second DML of the transaction read the whole batch");
        (await Count(sql, "SELECT COUNT(*) FROM D.S.ST")).Should().Be(0, because: "the commit consumed the stream");
    }

    [Fact]
    public async Task Rollback_after_two_consuming_statements_keeps_the_batch()
    {
        await using var local = await LocalSnowflake.StartAsync();
        using var connection = local.CreateConnection();
        var sql = new DbConnectionExecutor(connection);
        foreach (var statement in new[]
        {
            "CREATE DATABASE D", "CREATE SCHEMA D.S",
            "CREATE TABLE D.S.SRC (ID NUMBER)", "CREATE STREAM D.S.ST ON TABLE D.S.SRC",
            "CREATE TABLE D.S.A (ID NUMBER)",
            "INSERT INTO D.S.SRC VALUES (1), (2)",
            "BEGIN", "INSERT INTO D.S.A SELECT ID FROM D.S.ST", "INSERT INTO D.S.A SELECT ID FROM D.S.ST", "ROLLBACK",
        })
        {
            await sql.ExecuteAsync(statement);
        }

        (await Count(sql, "SELECT COUNT(*) FROM D.S.ST")).Should().Be(2);
        (await Count(sql, "SELECT COUNT(*) FROM D.S.A")).Should().Be(0);
    }

    private static async Task<long> Count(ISnowflakeExecutor sql, string query) =>
        Convert.ToInt64((await sql.ExecuteAsync(query)).Rows[0][0], System.Globalization.CultureInfo.InvariantCulture);
}
