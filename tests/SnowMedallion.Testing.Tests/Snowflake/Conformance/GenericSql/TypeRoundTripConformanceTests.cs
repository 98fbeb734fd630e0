using SnowMedallion.Testing.Tests.Snowflake.Translation;

namespace SnowMedallion.Testing.Tests.Snowflake.Conformance.GenericSql;

// https://docs.snowflake.com/en/sql-reference/intro-summary-data-types: every type a pipeline uses stores and returns its values.
public sealed class TypeRoundTripConformanceTests : IDisposable
{
    private readonly GenericSqlHarness _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void Values_round_trip_with_snowflake_types()
    {
        _db.Run("""
            CREATE TABLE all_types (
              s STRING, c CHAR(2), t TEXT, n NUMBER(10,3), i INT, b BIGINT, f FLOAT, d DOUBLE, ok BOOLEAN, dt DATE,
              tm TIME, ntz TIMESTAMP_NTZ(6), dtm DATETIME, ltz TIMESTAMP_LTZ, tz TIMESTAMP_TZ, v VARIANT, o OBJECT, a ARRAY, bin BINARY
            );
            INSERT INTO all_types SELECT
              'str', 'ab', 'text', 12.345, 42, 9000000000, 1.5, 2.25, TRUE, '2024-02-29'::DATE,
              '13:14:15'::TIME, '2024-02-29 13:14:15.123456'::TIMESTAMP_NTZ, '2024-01-01 00:00:00', '2024-02-29 13:14:15+00:00'::TIMESTAMP_LTZ,
              '2024-02-29 13:14:15+00:00'::TIMESTAMP_TZ, PARSE_JSON('[1,2]'), PARSE_JSON('{"a":1}'), PARSE_JSON('[]'), X'0AFF';
            """);

        var result = _db.Result("SELECT * FROM all_types");

        result.Columns.Select(c => c.SnowflakeType).Should().Equal(
            "TEXT", "TEXT", "TEXT", "NUMBER(10,3)", "NUMBER(38,0)", "NUMBER(38,0)", "FLOAT", "FLOAT", "BOOLEAN", "DATE",
            "TIME(9)", "TIMESTAMP_NTZ(9)", "TIMESTAMP_NTZ(9)", "TIMESTAMP_LTZ(9)", "TIMESTAMP_LTZ(9)", "VARIANT", "VARIANT", "VARIANT", "BINARY");
        var row = result.Rows[0];
        row[..10].Should().Equal("str", "ab", "text", 12.345m, 42L, 9000000000L, 1.5, 2.25, true, new DateTime(2024, 2, 29));
        row[10].Should().Be(new TimeSpan(13, 14, 15));
        row[11].Should().Be(new DateTime(2024, 2, 29, 13, 14, 15, 123).AddTicks(4560));
        row[12].Should().Be(new DateTime(2024, 1, 1));
        ((DateTimeOffset)row[13]!).UtcDateTime.Should().Be(new DateTime(2024, 2, 29, 13, 14, 15));
        row[15].Should().Be("[1,2]");
        row[16].Should().Be("""{"a":1}""");
        row[18].Should().BeEquivalentTo(new byte[] { 0x0A, 0xFF });
    }

    [Fact]
    public void Table_metadata_uses_snowflake_type_names()
    {
        _db.Run("CREATE TABLE t (a STRING, b CHAR, c DECIMAL(5,2), d INTEGER, e REAL, f TIMESTAMP, g TIMESTAMP_LTZ(3), h VARBINARY, i OBJECT)");

        _db.Tables.Find(new("SNOWLAKE_DB", "PUBLIC", "T"))!.Columns.Select(c => c.SnowflakeType).Should().Equal(
            "VARCHAR(16777216)", "VARCHAR(1)", "NUMBER(5,2)", "NUMBER(38,0)", "FLOAT", "TIMESTAMP_NTZ(9)", "TIMESTAMP_LTZ(3)", "BINARY(8388608)", "OBJECT");
    }

    [Fact]
    public void Bad_values_fail_with_snowflake_conversion_errors()
    {
        _db.Run("CREATE TABLE t (d DATE, n NUMBER)");

        _db.Error("INSERT INTO t (n) VALUES ('x1')").SnowflakeErrorCode.Should().Be(100038);
        _db.Error("INSERT INTO t (d) VALUES ('not a date')").SqlState.Should().Be("22007");
    }
}
