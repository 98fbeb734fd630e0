using SnowMedallion.Testing.Tests.Snowflake.Translation;

namespace SnowMedallion.Testing.Tests.Snowflake.Conformance.GenericSql;

// Function semantics from https://docs.snowflake.com/en/sql-reference/functions-all (one page per function, cited inline).
public sealed class FunctionConformanceTests : IDisposable
{
    private readonly GenericSqlHarness _db = new();

    public void Dispose() => _db.Dispose();

    [Theory]
    // https://docs.snowflake.com/en/sql-reference/functions/iff
    [InlineData("SELECT IFF(1 > 0, 'yes', 'no')", "yes")]
    // https://docs.snowflake.com/en/sql-reference/functions/nvl, .../nvl2, .../coalesce
    [InlineData("SELECT NVL(NULL, 'x')", "x")]
    [InlineData("SELECT NVL2(NULL, 'set', 'unset')", "unset")]
    [InlineData("SELECT COALESCE(NULL, NULL, 'c')", "c")]
    // https://docs.snowflake.com/en/sql-reference/functions/decode: NULL matches NULL.
    [InlineData("SELECT DECODE(NULL, 1, 'one', NULL, 'null', 'other')", "null")]
    // https://docs.snowflake.com/en/sql-reference/functions/concat and .../concat-operator: NULL when any argument is NULL.
    [InlineData("SELECT CONCAT('a', 'b', 'c')", "abc")]
    [InlineData("SELECT 'a' || 1 || 'b'", "a1b")]
    [InlineData("SELECT CONCAT_WS('-', 'a', 'b')", "a-b")]
    // https://docs.snowflake.com/en/sql-reference/functions/trim and .../md5
    [InlineData("SELECT TRIM('  x  ')", "x")]
    [InlineData("SELECT LTRIM('xxy', 'x')", "y")]
    [InlineData("SELECT MD5('Snowflake')", "edf1439075a83a447fb8b630ddc9c8de")]
    [InlineData("SELECT UPPER('a') || LOWER('B')", "Ab")]
    [InlineData("SELECT SUBSTR('abcdef', 2, 3)", "bcd")]
    [InlineData("SELECT REPLACE('abcabc', 'b')", "acac")]
    [InlineData("SELECT REPLACE('abc', 'b', 'X')", "aXc")]
    [InlineData("SELECT SPLIT_PART('a,b,c', ',', 2)", "b")]
    [InlineData("SELECT REGEXP_REPLACE('a1b2', '[0-9]', '#')", "a#b#")]
    // https://docs.snowflake.com/en/sql-reference/functions/to_char
    [InlineData("SELECT TO_VARCHAR(42)", "42")]
    [InlineData("SELECT TO_CHAR(TO_DATE('2024-02-29'), 'YYYY/MM/DD')", "2024/02/29")]
    [InlineData("SELECT TO_VARCHAR(1.50::NUMBER(10,2))", "1.50")]
    public void Text_functions(string sql, string expected) => _db.Scalar(sql).Should().Be(expected);

    [Theory]
    [InlineData("SELECT CONCAT('a', NULL)")]
    [InlineData("SELECT 'a' || NULL")]
    [InlineData("SELECT MD5(NULL)")]
    [InlineData("SELECT IFF(NULL, 'yes', NULL)")]
    public void Null_propagation(string sql) => _db.Scalar(sql).Should().BeNull();

    [Theory]
    // https://docs.snowflake.com/en/sql-reference/functions/to_decimal: rounds to the scale.
    [InlineData("SELECT TO_NUMBER('12.5')", 13L)]
    [InlineData("SELECT TO_NUMBER('12.345', 10, 2)", 12.35)]
    [InlineData("SELECT '7'::INT + 1", 8L)]
    [InlineData("SELECT CAST('3' AS NUMBER(5,0))", 3L)]
    [InlineData("SELECT LEN('abc')", 3L)]
    [InlineData("SELECT LENGTH('')", 0L)]
    // https://docs.snowflake.com/en/sql-reference/functions/datediff: counts boundaries crossed.
    [InlineData("SELECT DATEDIFF(day, '2024-01-31 23:00:00'::TIMESTAMP, '2024-02-01 01:00:00'::TIMESTAMP)", 1L)]
    [InlineData("SELECT DATEDIFF('month', TO_DATE('2024-01-31'), TO_DATE('2024-03-01'))", 2L)]
    [InlineData("SELECT YEAR(TO_DATE('2024-05-06'))", 2024L)]
    public void Numeric_functions(string sql, object expected)
    {
        var value = _db.Scalar(sql);
        if (expected is double d)
        {
            value.Should().Be((decimal)d);
        }
        else
        {
            value.Should().Be(expected);
        }
    }

    [Fact]
    public void Try_cast_returns_null_on_bad_input_where_cast_fails()
    {
        _db.Scalar("SELECT TRY_CAST('abc' AS NUMBER)").Should().BeNull();
        _db.Scalar("SELECT TRY_TO_NUMBER('abc')").Should().BeNull();
        var error = _db.Error("SELECT TO_NUMBER('abc')");
        error.SnowflakeErrorCode.Should().Be(100038);
        error.Message.Should().Be("Numeric value 'abc' is not recognized");
    }

    // https://docs.snowflake.com/en/sql-reference/functions/dateadd
    [Fact]
    public void Dateadd_and_date_trunc()
    {
        _db.Scalar("SELECT DATEADD(day, 2, '2024-02-28 10:00:00'::TIMESTAMP_NTZ)").Should().Be(new DateTime(2024, 3, 1, 10, 0, 0));
        _db.Scalar("SELECT DATEADD('month', -1, '2024-03-31 00:00:00'::TIMESTAMP_NTZ)").Should().Be(new DateTime(2024, 2, 29));
        _db.Scalar("SELECT DATE_TRUNC('HOUR', '2024-03-31 10:45:00'::TIMESTAMP_NTZ)").Should().Be(new DateTime(2024, 3, 31, 10, 0, 0));
        _db.Scalar("SELECT TO_TIMESTAMP('2024-03-31 10:45', 'YYYY-MM-DD HH24:MI')").Should().Be(new DateTime(2024, 3, 31, 10, 45, 0));
    }

    // https://docs.snowflake.com/en/sql-reference/functions/parse_json, .../object_construct (NULL values are left out).
    [Fact]
    public void Semi_structured_values()
    {
        var result = _db.Result("""SELECT PARSE_JSON('{"a":{"b":[10,"x"]}}') AS v, v:a.b[1]::STRING AS s, v:a.b[0]::NUMBER AS n, OBJECT_CONSTRUCT('k', 1, 'gone', NULL) AS o""");

        result.Columns.Select(c => c.SnowflakeType).Should().Equal("VARIANT", "TEXT", "NUMBER(38,0)", "VARIANT");
        result.Rows[0][1].Should().Be("x");
        result.Rows[0][2].Should().Be(10L);
        result.Rows[0][3].Should().Be("""{"k":1}""");
        _db.Scalar("SELECT ARRAY_SIZE(ARRAY_CONSTRUCT(1, 2, 3))").Should().Be(3L);
        _db.Scalar("SELECT OBJECT_CONSTRUCT_KEEP_NULL('a', NULL)::VARCHAR").Should().Be("""{"a":null}""");
    }

    // https://docs.snowflake.com/en/sql-reference/functions/current_timestamp: the statement's time, in the session time zone.
    [Fact]
    public void Time_functions_return_the_statement_time()
    {
        _db.Now = new DateTimeOffset(2026, 3, 1, 12, 30, 45, 123, TimeSpan.Zero);

        var ltz = (DateTimeOffset)_db.Scalar("SELECT CURRENT_TIMESTAMP()")!;
        ltz.UtcDateTime.Should().Be(new DateTime(2026, 3, 1, 12, 30, 45, 123));
        ltz.Offset.Should().Be(TimeSpan.FromHours(-8), "the session time zone defaults to America/Los_Angeles");
        _db.Scalar("SELECT CURRENT_TIMESTAMP(0)::TIMESTAMP_NTZ").Should().Be(new DateTime(2026, 3, 1, 4, 30, 45));
        _db.Scalar("SELECT SYSDATE()").Should().Be(new DateTime(2026, 3, 1, 12, 30, 45, 123));
        _db.Scalar("SELECT CURRENT_DATE").Should().Be(new DateTime(2026, 3, 1));
    }

    [Fact]
    public void Current_timestamp_stored_in_a_timestamp_ntz_column_is_the_session_wall_clock()
    {
        _db.Run("CREATE TABLE t (insert_dts TIMESTAMP_NTZ(6) NOT NULL); INSERT INTO t SELECT CURRENT_TIMESTAMP(6)");

        _db.Scalar("SELECT insert_dts FROM t").Should().Be(new DateTime(2026, 3, 1, 4, 30, 45, 123));
    }

    // https://docs.snowflake.com/en/sql-reference/functions/current_session, .../current_database, .../current_schema
    [Fact]
    public void Context_functions()
    {
        var row = _db.Rows("SELECT CURRENT_SESSION(), CURRENT_DATABASE(), CURRENT_SCHEMA(), CURRENT_ROLE()")[0];

        row.Should().Equal("4242", "SNOWLAKE_DB", "PUBLIC", "ACCOUNTADMIN");
    }

    [Fact]
    public void Aggregates_and_windows()
    {
        _db.Run("CREATE TABLE t (g VARCHAR, v NUMBER); INSERT INTO t VALUES ('a', 1), ('a', 2), ('b', 3)");

        _db.Rows("SELECT g, LISTAGG(v, ',') WITHIN GROUP (ORDER BY v DESC) FROM t GROUP BY g ORDER BY g")
            .Select(r => r[1]).Should().Equal("2,1", "3");
        _db.Rows("SELECT v, LAG(v) OVER (ORDER BY v), SUM(v) OVER (PARTITION BY g) FROM t ORDER BY v")
            .Select(r => r[2]).Should().Equal(3L, 3L, 3L);
        _db.Scalar("SELECT COUNT_IF(v > 1) FROM t").Should().Be(2L);
    }
}
