using System.Data.Common;

namespace SnowMedallion.Testing.Tests.Snowflake;

/// <summary>One emulator and one open session per test, with helpers to run SQL and read rows.</summary>
internal sealed class LocalSnowflakeHarness : IAsyncDisposable
{
    private LocalSnowflakeHarness(LocalSnowflake snowflake, DbConnection connection)
    {
        Snowflake = snowflake;
        Connection = connection;
    }

    public LocalSnowflake Snowflake { get; }

    public DbConnection Connection { get; }

    public static async Task<LocalSnowflakeHarness> StartAsync(LocalSnowflakeOptions? options = null)
    {
        var snowflake = await LocalSnowflake.StartAsync(options);
        var connection = snowflake.CreateConnection();
        await connection.OpenAsync();
        return new LocalSnowflakeHarness(snowflake, connection);
    }

    public DbConnection OpenSession()
    {
        var connection = Snowflake.CreateConnection();
        connection.Open();
        return connection;
    }

    /// <summary>
    /// Writes <paramref name="content"/> to a file named <paramref name="name"/> in a fresh folder under
    /// <paramref name="scratch"/> and PUTs it, uncompressed and overwriting, to <paramref name="stagePath"/> (e.g. <c>@ST/in/</c>).
    /// </summary>
    public void PutText(DirectoryInfo scratch, string stagePath, string name, string content)
    {
        var directory = Directory.CreateDirectory(Path.Combine(scratch.FullName, Guid.NewGuid().ToString("N")));
        var file = Path.Combine(directory.FullName, name);
        File.WriteAllText(file, content);
        Rows($"PUT file://{file} {stagePath} AUTO_COMPRESS = FALSE OVERWRITE = TRUE");
    }

    /// <summary>Runs SQL on the harness session; returns the last result's rows.</summary>
    public List<object?[]> Rows(string sql, params object?[] binds) => Rows(Connection, sql, binds);

    /// <summary>Runs SQL and returns the first value of the first row.</summary>
    public object? Scalar(string sql, params object?[] binds) => Rows(sql, binds)[0][0];

    /// <summary>Runs SQL and returns the last result's column names and rows.</summary>
    public (List<string> Columns, List<object?[]> Rows) Result(string sql) => Result(Connection, sql);

    public static (List<string> Columns, List<object?[]> Rows) Result(DbConnection connection, string sql, params object?[] binds)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var bind in binds)
        {
            var parameter = command.CreateParameter();
            parameter.Value = bind ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        using var reader = command.ExecuteReader();
        List<string> columns;
        List<object?[]> rows;
        do
        {
            columns = [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)];
            rows = [];
            while (reader.Read())
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                rows.Add(row);
            }
        }
        while (reader.NextResult());
        return (columns, rows);
    }

    public static List<object?[]> Rows(DbConnection connection, string sql, params object?[] binds) => Result(connection, sql, binds).Rows;

    /// <summary>Runs SQL expecting a LocalSnowflakeException.</summary>
    public LocalSnowflakeException Error(string sql) => Error(Connection, sql);

    public static LocalSnowflakeException Error(DbConnection connection, string sql)
    {
        var act = () => Rows(connection, sql);
        return act.Should().Throw<LocalSnowflakeException>().Which;
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        await Snowflake.DisposeAsync();
    }
}
