using System.Globalization;
using DuckDB.NET.Data;
using SnowMedallion.Testing.Snowflake.Streams;

namespace SnowMedallion.Testing.Tests.Snowflake.Streams;

/// <summary>A raw DuckDB database laid out the way LocalSnowflake lays it out: one attached catalog per Snowflake database.</summary>
internal sealed class DuckDbFixture : IDisposable
{
    private readonly List<DuckDBConnection> _connections = [];

    public DuckDbFixture()
    {
        Root = new DuckDBConnection("Data Source=:memory:");
        Root.Open();
        Exec(Root, "SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;");
        Exec(Root, RowIdentity.DatabaseSettingsSql);
        Exec(Root, "ATTACH ':memory:' AS \"DB\"");
        Exec(Root, "CREATE SCHEMA \"DB\".\"S\"");
        Exec(Root, "USE \"DB\".\"S\"");
    }

    public DuckDBConnection Root { get; }

    /// <summary>Another connection (another session) on the same database.</summary>
    public DuckDBConnection Open()
    {
        var connection = Root.Duplicate();
        connection.Open();
        Exec(connection, "USE \"DB\".\"S\"");
        _connections.Add(connection);
        return connection;
    }

    public static void Exec(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static object? Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public static long Long(DuckDBConnection connection, string sql) =>
        Convert.ToInt64(Scalar(connection, sql), CultureInfo.InvariantCulture);

    /// <summary>Rows as strings joined by '|' (NULL as "NULL"), in query order.</summary>
    public static List<string> Rows(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i =>
                reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    public void Dispose()
    {
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }

        Root.Dispose();
    }
}
