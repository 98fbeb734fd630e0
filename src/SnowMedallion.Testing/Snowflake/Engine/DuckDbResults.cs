using System.Data.Common;
using DuckDB.NET.Data;

namespace SnowMedallion.Testing.Snowflake.Engine;

/// <summary>Runs DuckDB SQL on a session's connection and shapes results the way Snowflake reports them.</summary>
internal static class DuckDbResults
{
    /// <summary>Executes DuckDB SQL and returns its last result set (with Snowflake type names).</summary>
    public static LocalResult Query(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        return Read(reader);
    }

    /// <summary>Executes DuckDB SQL that returns no rows and gives the affected row count.</summary>
    public static long Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    /// <summary>Executes DuckDB SQL returning a single value.</summary>
    public static object? Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>Materializes the reader's current result set.</summary>
    public static LocalResult Read(DbDataReader reader)
    {
        var columns = new LocalColumn[reader.FieldCount];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = new LocalColumn(reader.GetName(i), SnowflakeTypeName(reader.GetDataTypeName(i)), reader.GetFieldType(i));
        }

        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[columns.Length];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return new LocalResult(columns, rows, reader.RecordsAffected);
    }

    /// <summary>Maps a DuckDB type name to the Snowflake type name a Snowflake driver would report.</summary>
    public static string SnowflakeTypeName(string duckType)
    {
        var upper = duckType.ToUpperInvariant();
        if (upper.StartsWith("DECIMAL", StringComparison.Ordinal))
        {
            return "NUMBER" + upper["DECIMAL".Length..];
        }

        return upper switch
        {
            "VARCHAR" or "STRING" or "TEXT" => "TEXT",
            "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT" or "UINTEGER" or "UBIGINT" or "UHUGEINT" => "NUMBER(38,0)",
            "DOUBLE" or "FLOAT" or "REAL" => "FLOAT",
            "BOOLEAN" => "BOOLEAN",
            "DATE" => "DATE",
            "TIME" => "TIME",
            "TIMESTAMP" or "TIMESTAMP_NS" or "TIMESTAMP_MS" or "TIMESTAMP_S" => "TIMESTAMP_NTZ",
            "TIMESTAMP WITH TIME ZONE" or "TIMESTAMPTZ" => "TIMESTAMP_TZ",
            "JSON" => "VARIANT",
            "BLOB" => "BINARY",
            _ when upper.EndsWith("[]", StringComparison.Ordinal) || upper.StartsWith("LIST", StringComparison.Ordinal) => "ARRAY",
            _ when upper.StartsWith("STRUCT", StringComparison.Ordinal) || upper.StartsWith("MAP", StringComparison.Ordinal) => "OBJECT",
            _ => upper,
        };
    }

    /// <summary>Quotes a DuckDB identifier.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Quotes a DuckDB string literal.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>The DuckDB form of a Snowflake object path.</summary>
    public static string Quote(ObjectPath path) => $"{Quote(path.Database)}.{Quote(path.Schema)}.{Quote(path.Name)}";
}
