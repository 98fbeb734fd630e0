using System.Globalization;
using System.Text;

namespace SnowMedallion.Testing.Snowflake.Tasks;

/// <summary>
/// Turns an emulator-made result (e.g. TASK_HISTORY's rows) into DuckDB SQL of a subquery, so a table
/// function's rows can be selected, filtered and joined like a table.
/// </summary>
internal static class LocalResultSql
{
    /// <summary>The DuckDB subquery (without parentheses) that yields <paramref name="result"/>'s rows and columns.</summary>
    /// <param name="result">The rows.</param>
    /// <returns>DuckDB SQL.</returns>
    public static string ToDuckDbSubquery(LocalResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var builder = new StringBuilder();
        var types = result.Columns.Select(DuckDbType).ToArray();
        if (result.Rows.Count == 0)
        {
            builder.Append("SELECT ");
            AppendRow(builder, result, types, new object?[result.Columns.Count]);
            builder.Append(" WHERE FALSE");
            return builder.ToString();
        }

        for (var r = 0; r < result.Rows.Count; r++)
        {
            builder.Append(r == 0 ? "SELECT " : " UNION ALL SELECT ");
            AppendRow(builder, result, types, result.Rows[r]);
        }

        return builder.ToString();
    }

    private static void AppendRow(StringBuilder builder, LocalResult result, string[] types, object?[] row)
    {
        for (var c = 0; c < types.Length; c++)
        {
            if (c > 0)
            {
                builder.Append(", ");
            }

            builder.Append("CAST(").Append(Literal(row[c])).Append(" AS ").Append(types[c]).Append(") AS \"")
                .Append(result.Columns[c].Name.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
    }

    private static string DuckDbType(LocalColumn column) => column.ClrType switch
    {
        var t when t == typeof(long) || t == typeof(int) => "BIGINT",
        var t when t == typeof(double) => "DOUBLE",
        var t when t == typeof(decimal) => "DECIMAL(38, 9)",
        var t when t == typeof(bool) => "BOOLEAN",
        var t when t == typeof(DateTimeOffset) => "TIMESTAMPTZ",
        var t when t == typeof(DateTime) => "TIMESTAMP",
        _ => "VARCHAR",
    };

    private static string Literal(object? value) => value switch
    {
        null or DBNull => "NULL",
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        bool b => b ? "TRUE" : "FALSE",
        DateTimeOffset o => "'" + o.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "+00'",
        DateTime d => "'" + d.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "'",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => "'" + value.ToString()!.Replace("'", "''", StringComparison.Ordinal) + "'",
    };
}
