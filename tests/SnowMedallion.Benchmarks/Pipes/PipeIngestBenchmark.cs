using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using SnowMedallion.Benchmarks.Infrastructure;
using SnowMedallion.Testing;

namespace SnowMedallion.Benchmarks.Pipes;

/// <summary>
/// Snowpipe ingestion: 1,000,000 reference-shaped rows in 10 CSV files on an internal stage, loaded by a pipe
/// (ALTER PIPE REFRESH, background load through the COPY service, waited for with WaitForIdleAsync), next to raw
/// DuckDB read_csv + INSERT of the same files in the same run.
/// </summary>
internal sealed class PipeIngestBenchmark : IBenchmark
{
    private const string Columns =
        "COMPANYNAME VARCHAR, PHONE VARCHAR, ADDRESSLINE1 VARCHAR, ADDRESSLINE2 VARCHAR, CITY VARCHAR, STATE VARCHAR, POSTALCODE VARCHAR, " +
        "COUNTRY VARCHAR, PROVINCE VARCHAR, FIRST_NAME VARCHAR, LAST_NAME VARCHAR, INSERT_DTS TIMESTAMP NOT NULL, UPDATE_DTS TIMESTAMP NOT NULL, " +
        "SOURCE_FILE_NAME VARCHAR NOT NULL, SOURCE_FILE_ROW_NUMBER DECIMAL(38,0) NOT NULL";

    public string Name => "pipe-ingest";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var rows = context.Size(1_000_000, 100_000);
        var files = WriteFiles(context.WorkDirectory, rows, 10);
        var raw = Raw(files);
        context.Log.WriteLine($"raw DuckDB: {raw.TotalMilliseconds:0} ms");
        var pipe = await PipeAsync(files, rows, cancellationToken).ConfigureAwait(false);
        return
        [
            new BenchmarkResult("pipe-ingest-raw-duckdb", raw.TotalMilliseconds, "ms"),
            new BenchmarkResult("pipe-ingest", pipe.TotalMilliseconds, "ms", pipe.TotalMilliseconds / raw.TotalMilliseconds, "raw DuckDB read_csv + INSERT"),
        ];
    }

    private static List<string> WriteFiles(DirectoryInfo directory, int rows, int count)
    {
        var files = new List<string>();
        for (var f = 0; f < count; f++)
        {
            var path = Path.Combine(directory.FullName, $"customers_{f:00}.csv");
            using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
            writer.Write("CUSTOMERNAME,PHONE,ADDRESSLINE1,ADDRESSLINE2,CITY,STATE,POSTALCODE,COUNTRY,TERRITORY,CONTACTFIRSTNAME,CONTACTLASTNAME\n");
            for (var i = f * (rows / count); i < (f + 1) * (rows / count); i++)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture,
                    $"\"Company {i}, Ltd.\",+33 1 46 62 {i % 10000:0000},\"{i}, rue des Cinquante Otages\",,City{i % 500},ST,{i % 99999:00000},France,EMEA,First{i},Last{i}\n"));
            }

            files.Add(path);
        }

        return files;
    }

    private static TimeSpan Raw(IReadOnlyList<string> files)
    {
        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        Exec(db, "SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;");
        Exec(db, $"CREATE TABLE T ({Columns})");
        var clock = Stopwatch.StartNew();
        Exec(db, "BEGIN TRANSACTION");
        foreach (var file in files)
        {
            var path = "'" + file.Replace("'", "''", StringComparison.Ordinal) + "'";
            Exec(db, "INSERT INTO T SELECT c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, now()::TIMESTAMP, now()::TIMESTAMP, " +
                $"{path}, row_number() OVER () FROM read_csv({path}, header = true, quote = '\"', " +
                "columns = {'c1':'VARCHAR','c2':'VARCHAR','c3':'VARCHAR','c4':'VARCHAR','c5':'VARCHAR','c6':'VARCHAR'," +
                "'c7':'VARCHAR','c8':'VARCHAR','c9':'VARCHAR','c10':'VARCHAR','c11':'VARCHAR'})");
        }

        Exec(db, "COMMIT");
        return clock.Elapsed;
    }

    private static async Task<TimeSpan> PipeAsync(IReadOnlyList<string> files, int rows, CancellationToken cancellationToken)
    {
        await using var snowflake = await LocalSnowflake.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await using var connection = snowflake.CreateConnection();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        Run(connection, "CREATE DATABASE SNOWLAKE_DB; CREATE SCHEMA BRONZE");
        Run(connection, "CREATE FILE FORMAT MY_CSV_FORMAT TYPE = CSV FIELD_DELIMITER = ',' FIELD_OPTIONALLY_ENCLOSED_BY = '\"' SKIP_HEADER = 1 NULL_IF = ('NULL', 'null') EMPTY_FIELD_AS_NULL = TRUE");
        Run(connection, "CREATE STAGE SOURCE_DATA_CUSTOMER_STAGE FILE_FORMAT = (FORMAT_NAME = MY_CSV_FORMAT)");
        Run(connection, $"CREATE TABLE WORK_CUSTOMER_COPY ({Columns})");
        foreach (var file in files)
        {
            Run(connection, $"PUT file://{file} @SOURCE_DATA_CUSTOMER_STAGE AUTO_COMPRESS = FALSE");
        }

        Run(connection, """
            CREATE PIPE WORK_CUSTOMER_SRC_TO_SL_PIPE AS COPY INTO WORK_CUSTOMER_COPY FROM (
              SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CURRENT_TIMESTAMP(6), CURRENT_TIMESTAMP(6), METADATA$FILENAME, METADATA$FILE_ROW_NUMBER
              FROM @SOURCE_DATA_CUSTOMER_STAGE/)
            FILE_FORMAT = (FORMAT_NAME = MY_CSV_FORMAT)
            """);
        var clock = Stopwatch.StartNew();
        Run(connection, "ALTER PIPE WORK_CUSTOMER_SRC_TO_SL_PIPE REFRESH");
        await snowflake.WaitForIdleAsync(cancellationToken).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM WORK_CUSTOMER_COPY";
        var loaded = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (loaded != rows)
        {
            throw new InvalidOperationException($"The pipe loaded {loaded} rows, expected {rows}.");
        }

        return elapsed;
    }

    private static void Run(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.NextResult())
        {
        }
    }

    private static void Exec(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
