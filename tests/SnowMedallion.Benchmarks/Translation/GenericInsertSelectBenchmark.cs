using System.Diagnostics;
using DuckDB.NET.Data;
using SnowMedallion.Benchmarks.Infrastructure;
using SnowMedallion.Sql.Lexing;
using SnowMedallion.Testing.Snowflake.Translation;

namespace SnowMedallion.Benchmarks.Translation;

/// <summary>
/// INSERT ... SELECT of bronze-shaped rows through the generic SQL executor (Snowflake DDL: VARCHAR(n) length checks,
/// COLLATE 'en-ci', NOT NULL) next to raw DuckDB INSERT ... SELECT into a plain table of the same shape, in the same
/// run; medians of alternating rounds. The difference is the cost of Snowflake's constraints, since the insert itself
/// runs inside DuckDB in both cases.
/// </summary>
internal sealed class GenericInsertSelectBenchmark : IBenchmark
{
    private static readonly string[] Business =
        ["COMPANYNAME", "PHONE", "ADDRESSLINE1", "ADDRESSLINE2", "CITY", "STATE", "POSTALCODE", "COUNTRY", "PROVINCE", "FIRST_NAME", "LAST_NAME"];

    public string Name => "generic-insert-select";

    public Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var rows = context.Size(1_000_000, 100_000);
        var rounds = context.Size(3, 1);
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, "SET autoinstall_known_extensions=false; SET autoload_known_extensions=false");
        Execute(connection, "ATTACH ':memory:' AS \"SNOWLAKE_DB\"; CREATE SCHEMA \"SNOWLAKE_DB\".\"BRONZE\"");
        Execute(connection,
            "CREATE TABLE \"SNOWLAKE_DB\".\"BRONZE\".\"SRC\" AS SELECT " +
            string.Join(", ", Business.Select(c => $"'{c.ToLowerInvariant()} ' || (i % 997)::VARCHAR AS \"{c}\"")) +
            $" FROM range({rows}) r(i)");

        var scope = new TranslationScope(new TableMetadataStore(), DateTimeOffset.UtcNow) { CurrentDatabase = "SNOWLAKE_DB", CurrentSchema = "BRONZE" };
        var ddl = "CREATE OR REPLACE TABLE WORK_CUSTOMER_COPY (" +
            string.Join(", ", Business.Select(c => $"{c} VARCHAR(200) COLLATE 'en-ci'")) +
            ", INSERT_DTS TIMESTAMP_NTZ(6) NOT NULL, SOURCE_FILE_ROW_NUMBER NUMBER(38,0) NOT NULL)";
        var insert = SnowflakeTokenizer.Tokenize(
            $"INSERT INTO WORK_CUSTOMER_COPY SELECT {string.Join(", ", Business)}, CURRENT_TIMESTAMP(6), 1 FROM SRC");
        var raw = $"INSERT INTO \"SNOWLAKE_DB\".\"BRONZE\".\"RAW\" SELECT {string.Join(", ", Business.Select(c => $"\"{c}\""))}, current_timestamp::TIMESTAMP, 1 FROM \"SNOWLAKE_DB\".\"BRONZE\".\"SRC\"";

        var executorMs = new List<double>();
        var rawMs = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            GenericSqlExecutor.Execute(connection, SnowflakeTokenizer.Tokenize(ddl), scope);
            var watch = Stopwatch.StartNew();
            GenericSqlExecutor.Execute(connection, insert, scope);
            executorMs.Add(watch.Elapsed.TotalMilliseconds);

            Execute(connection,
                "CREATE OR REPLACE TABLE \"SNOWLAKE_DB\".\"BRONZE\".\"RAW\" (" + string.Join(", ", Business.Select(c => $"\"{c}\" VARCHAR")) +
                ", \"INSERT_DTS\" TIMESTAMP NOT NULL, \"SOURCE_FILE_ROW_NUMBER\" DECIMAL(38,0) NOT NULL)");
            watch.Restart();
            Execute(connection, raw);
            rawMs.Add(watch.Elapsed.TotalMilliseconds);
            context.Log.WriteLine(FormattableString.Invariant($"round {round + 1}: executor {executorMs[^1]:0} ms, raw {rawMs[^1]:0} ms"));
        }

        var executor = Statistics.Median(executorMs);
        var baseline = Statistics.Median(rawMs);
        IReadOnlyList<BenchmarkResult> results =
        [
            new("generic-insert-select-duckdb-raw", baseline, "ms"),
            new("generic-insert-select", executor, "ms", executor / baseline, "duckdb-raw"),
        ];
        return Task.FromResult(results);
    }


    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
