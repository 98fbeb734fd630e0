using DuckDB.NET.Data;
using SnowMedallion.Testing.Snowflake;
using SnowMedallion.Testing.Snowflake.Tasks;

namespace SnowMedallion.Testing.Tests.Snowflake.Tasks;

public sealed class LocalResultSqlTests
{
    private static readonly LocalColumn[] Columns =
    [
        new("NAME", "TEXT", typeof(string)),
        new("RUN_ID", "NUMBER(38,0)", typeof(long)),
        new("SCHEDULED_TIME", "TIMESTAMP_LTZ(3)", typeof(DateTimeOffset)),
    ];

    private static List<object?[]> Query(string subquery)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SET TimeZone = 'UTC'; SELECT * FROM (" + subquery + ") AS h ORDER BY RUN_ID";
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            rows.Add([reader.GetValue(0), reader.GetValue(1), reader.IsDBNull(2) ? null : reader.GetValue(2)]);
        }

        return rows;
    }

    [Fact]
    public void Rows_become_a_duckdb_subquery_with_typed_columns()
    {
        var when = new DateTimeOffset(2026, 3, 7, 5, 0, 0, TimeSpan.Zero);
        var result = new LocalResult(Columns, [["it's", 2L, when], ["B", 1L, null]]);

        var rows = Query(LocalResultSql.ToDuckDbSubquery(result));

        rows.Should().HaveCount(2);
        rows[0][0].Should().Be("B");
        rows[0][2].Should().BeNull();
        rows[1][0].Should().Be("it's");
        rows[1][1].Should().Be(2L);
        Convert.ToDateTime(rows[1][2], System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime().Should().Be(when.UtcDateTime);
    }

    [Fact]
    public void No_rows_still_has_the_columns()
    {
        Query(LocalResultSql.ToDuckDbSubquery(new LocalResult(Columns, []))).Should().BeEmpty();
    }
}
