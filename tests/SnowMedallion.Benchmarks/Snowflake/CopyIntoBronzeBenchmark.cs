using System.Diagnostics;
using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using SnowMedallion.Benchmarks.Infrastructure;
using SnowMedallion.Testing;

namespace SnowMedallion.Benchmarks.Snowflake;

/// <summary>
/// COPY INTO the reference bronze table (1,000,000 reference-shaped rows in 10 files, from an internal
/// stage) against raw DuckDB read_csv + INSERT of the same files into the same table shape, in the same run.
/// </summary>
internal sealed class CopyIntoBronzeBenchmark : IBenchmark
{
    private const int Files = 10;

    private const string Columns =
        "COMPANYNAME VARCHAR(200), PHONE VARCHAR(200), ADDRESSLINE1 VARCHAR(200), ADDRESSLINE2 VARCHAR(200), CITY VARCHAR(100), STATE VARCHAR(50), " +
        "POSTALCODE VARCHAR(50), COUNTRY VARCHAR(20), PROVINCE VARCHAR(20), FIRST_NAME VARCHAR(50), LAST_NAME VARCHAR(50), " +
        "INSERT_DTS TIMESTAMP NOT NULL, UPDATE_DTS TIMESTAMP NOT NULL, SOURCE_FILE_NAME VARCHAR(500) NOT NULL, SOURCE_FILE_ROW_NUMBER DECIMAL(38,0) NOT NULL";

    public string Name => "copy-into-bronze";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var rowsPerFile = context.Size(100_000, 10_000);
        var source = context.WorkDirectory.CreateSubdirectory("source");
        var files = Enumerable.Range(1, Files).Select(i => Path.Combine(source.FullName, $"customers_{i:00}.csv")).ToList();
        for (var i = 0; i < files.Count; i++)
        {
            WriteFile(files[i], rowsPerFile, seed: i);
        }

        context.Log.WriteLine($"   {Files} files x {rowsPerFile:N0} rows, {files.Sum(f => new FileInfo(f).Length) / 1e6:0.0} MB");

        // Alternate the two in rounds and keep each one's median: the machine is shared, timings are noisy.
        var rounds = context.Size(3, 1);
        var rawTimes = new List<double>();
        var copyTimes = new List<double>();
        await using var snowflake = await LocalSnowflake.StartAsync(cancellationToken: cancellationToken);
        await using var connection = snowflake.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        Run(connection, "CREATE DATABASE SNOWLAKE_DB; CREATE SCHEMA BRONZE");
        Run(connection, "CREATE FILE FORMAT MY_CSV_FORMAT TYPE = CSV FIELD_DELIMITER = ',' FIELD_OPTIONALLY_ENCLOSED_BY = '\"' SKIP_HEADER = 1 NULL_IF = ('NULL', 'null') EMPTY_FIELD_AS_NULL = TRUE");
        Run(connection, "CREATE STAGE SOURCE_DATA_CUSTOMER_STAGE FILE_FORMAT = (FORMAT_NAME = 'MY_CSV_FORMAT')");
        Run(connection, $"PUT file://{source.FullName}/*.csv @SOURCE_DATA_CUSTOMER_STAGE AUTO_COMPRESS = FALSE");
        for (var round = 0; round < rounds; round++)
        {
            rawTimes.Add(RawDuckDb(files, rowsPerFile));

            // LocalSnowflake: the reference pipe's COPY as a bulk COPY from an internal stage.
            Run(connection, $"CREATE OR REPLACE TABLE WORK_CUSTOMER_COPY ({Columns})");
            var copy = Stopwatch.StartNew();
            Run(connection, """
                COPY INTO WORK_CUSTOMER_COPY FROM (
                  SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CURRENT_TIMESTAMP(6), CURRENT_TIMESTAMP(6), METADATA$FILENAME, METADATA$FILE_ROW_NUMBER
                  FROM @SOURCE_DATA_CUSTOMER_STAGE/)
                FILE_FORMAT = (FORMAT_NAME = MY_CSV_FORMAT) FORCE = TRUE
                """);
            copy.Stop();
            copyTimes.Add(copy.Elapsed.TotalMilliseconds);
            var copiedRows = Convert.ToInt64(Run(connection, "SELECT COUNT(*) FROM WORK_CUSTOMER_COPY"), CultureInfo.InvariantCulture);
            if (copiedRows != (long)rowsPerFile * Files)
            {
                throw new InvalidOperationException($"COPY loaded {copiedRows} rows, expected {rowsPerFile * Files}.");
            }

            context.Log.WriteLine(FormattableString.Invariant($"   round {round + 1}: raw {rawTimes[^1]:0} ms, COPY {copyTimes[^1]:0} ms"));
        }

        var rawMs = Statistics.Median(rawTimes);
        var copyMs = Statistics.Median(copyTimes);
        var ratio = copyMs / rawMs;
        return
        [
            new BenchmarkResult("copy-into-bronze-duckdb-read_csv-insert", rawMs, "ms"),
            new BenchmarkResult("copy-into-bronze", copyMs, "ms", ratio, "duckdb-read_csv-insert"),
        ];
    }


    // Raw DuckDB: read_csv + INSERT per file (same CSV options, same table, same metadata columns).
    private static double RawDuckDb(IReadOnlyList<string> files, int rowsPerFile)
    {
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        Execute(duck, $"CREATE TABLE WORK_CUSTOMER_COPY ({Columns})");
        var clock = Stopwatch.StartNew();
        foreach (var file in files)
        {
            Execute(duck,
                "INSERT INTO WORK_CUSTOMER_COPY SELECT *, TIMESTAMP '2026-11-26 00:00:00', TIMESTAMP '2026-11-26 00:00:00', " +
                $"'{Path.GetFileName(file)}', row_number() OVER () FROM read_csv('{file}', auto_detect = false, header = false, skip = 1, delim = ',', quote = '\"', escape = '\"', " +
                "nullstr = ['NULL', 'null', ''], strict_mode = true, columns = {" +
                string.Join(", ", Enumerable.Range(1, 11).Select(c => $"'c{c}': 'VARCHAR'")) + "})");
        }

        clock.Stop();
        var rows = Convert.ToInt64(Scalar(duck, "SELECT COUNT(*) FROM WORK_CUSTOMER_COPY"), CultureInfo.InvariantCulture);
        if (rows != (long)rowsPerFile * Files)
        {
            throw new InvalidOperationException($"Raw DuckDB loaded {rows} rows, expected {rowsPerFile * Files}.");
        }

        return clock.Elapsed.TotalMilliseconds;
    }

    private static void WriteFile(string path, int rows, int seed)
    {
        var random = new Random(seed);
        string[] cities = ["Nantes", "Leeds", "Boston", "Lille", "NYC", "Madrid", "Oslo"];
        string[] countries = ["France", "UK", "USA", "Spain", "Norway"];
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20);
        writer.Write("CUSTOMERNAME,PHONE,ADDRESSLINE1,ADDRESSLINE2,CITY,STATE,POSTALCODE,COUNTRY,TERRITORY,CONTACTFIRSTNAME,CONTACTLASTNAME\n");
        for (var i = 0; i < rows; i++)
        {
            var n = random.Next(100_000);
            writer.Write(i % 7 == 0 ? $"\"Company {n}, Ltd.\"" : $"Company {n}");
            writer.Write(',');
            writer.Write(i % 3 == 0 ? $"+33 1 46 62 {n % 10000:0000}" : $"({n % 1000:000}) 555-{n % 10000:0000}");
            writer.Write(',');
            writer.Write(i % 5 == 0 ? $"\"{n % 200}, rue des Otages\"" : $"{n % 900} Main Street");
            writer.Write(',');
            writer.Write(i % 4 == 0 ? "Suite 1" : string.Empty);
            writer.Write(',');
            writer.Write(cities[n % cities.Length]);
            writer.Write(',');
            writer.Write(i % 6 == 0 ? "NULL" : "MA");
            writer.Write(',');
            writer.Write(i % 2 == 0 ? string.Empty : (n % 99999).ToString("00000", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(countries[n % countries.Length]);
            writer.Write(',');
            writer.Write(i % 3 == 0 ? string.Empty : "EMEA");
            writer.Write(',');
            writer.Write($"First{n % 500}");
            writer.Write(',');
            writer.Write($"Last{n % 700}\n");
        }
    }

    private static object? Run(System.Data.Common.DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
