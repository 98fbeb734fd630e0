using System.Diagnostics;
using DuckDB.NET.Data;
using SnowMedallion.Benchmarks.Infrastructure;
using SnowMedallion.Testing.Snowflake;
using SnowMedallion.Testing.Snowflake.Streams;

namespace SnowMedallion.Benchmarks.Streams;

/// <summary>
/// The reference case for streams: 1,000,000 rows appended to BRONZE, MERGEd into SILVER through an
/// append-only stream (with the offset advance in the same transaction), next to the same MERGE reading
/// BRONZE directly on raw DuckDB.
/// </summary>
internal sealed class AppendOnlyStreamMergeBenchmark : IBenchmark
{
    public string Name => "stream-append-only-merge";

    public Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var rows = context.Size(1_000_000, 100_000);
        var raw = Measure(rows, viaStream: false, context.Log);
        var stream = Measure(rows, viaStream: true, context.Log);
        return Task.FromResult<IReadOnlyList<BenchmarkResult>>(
        [
            new BenchmarkResult("stream-append-only-merge-raw-duckdb", raw.Merge.TotalMilliseconds, "ms"),
            new BenchmarkResult("stream-append-only-merge", stream.Merge.TotalMilliseconds, "ms",
                stream.Merge.TotalMilliseconds / raw.Merge.TotalMilliseconds, "raw DuckDB MERGE"),
            new BenchmarkResult("stream-has-data", stream.HasData.TotalMilliseconds, "ms"),
        ]);
    }

    private static (TimeSpan Merge, TimeSpan HasData) Measure(int rows, bool viaStream, TextWriter log)
    {
        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        Exec(db, "SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;");
        Exec(db, RowIdentity.DatabaseSettingsSql);
        Exec(db, "ATTACH ':memory:' AS \"DB\"; CREATE SCHEMA \"DB\".\"BRONZE\"; CREATE SCHEMA \"DB\".\"SILVER\"; USE \"DB\".\"BRONZE\"");
        const string Columns = "ID BIGINT, FIRST_NAME VARCHAR, LAST_NAME VARCHAR, CITY VARCHAR, PHONE VARCHAR, INSERT_DTS TIMESTAMP";
        Exec(db, $"CREATE TABLE \"DB\".\"BRONZE\".\"T\" ({Columns})");
        Exec(db, $"CREATE TABLE \"DB\".\"SILVER\".\"C\" ({Columns})");
        var table = new ObjectPath("DB", "BRONZE", "T");
        var stream = new StreamDefinition(1, new ObjectPath("DB", "BRONZE", "S"), table, StreamStore.TableOid(db, table)!.Value,
            StreamMode.AppendOnly, false, null, DateTimeOffset.UnixEpoch);
        StreamStore.Create(db, stream);
        Exec(db, $"INSERT INTO \"DB\".\"BRONZE\".\"T\" SELECT i, 'first' || i, 'last' || i, 'city' || (i % 100), '555-' || i, TIMESTAMP '2026-01-01' FROM range({rows}) r(i)");

        var clock = Stopwatch.StartNew();
        var hasData = viaStream && StreamStore.HasData(db, stream);
        var hasDataTime = clock.Elapsed;
        log.WriteLine($"has data: {hasData}");

        clock.Restart();
        var source = viaStream ? StreamStore.ChangesSql(db, stream) : "\"DB\".\"BRONZE\".\"T\"";
        Exec(db, "BEGIN TRANSACTION");
        Exec(db, "MERGE INTO \"DB\".\"SILVER\".\"C\" t USING (SELECT ID, FIRST_NAME, LAST_NAME, CITY, PHONE, INSERT_DTS FROM " + source +
            " x) s ON t.ID = s.ID WHEN MATCHED THEN UPDATE SET CITY = s.CITY WHEN NOT MATCHED THEN INSERT VALUES (s.ID, s.FIRST_NAME, s.LAST_NAME, s.CITY, s.PHONE, s.INSERT_DTS)");
        if (viaStream)
        {
            StreamStore.Advance(db, stream);
        }

        Exec(db, "COMMIT");
        return (clock.Elapsed, hasDataTime);
    }

    private static void Exec(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
