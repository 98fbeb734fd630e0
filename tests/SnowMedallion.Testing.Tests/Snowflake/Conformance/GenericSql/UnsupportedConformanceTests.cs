using SnowMedallion.Testing.Tests.Snowflake.Translation;

namespace SnowMedallion.Testing.Tests.Snowflake.Conformance.GenericSql;

// Anything the emulator does not emulate fails with SQLSTATE 0A000 (feature not supported), naming the construct.
public sealed class UnsupportedConformanceTests : IDisposable
{
    private readonly GenericSqlHarness _db = new();

    public UnsupportedConformanceTests() => _db.Run("CREATE TABLE t (v VARIANT, s VARCHAR)");

    public void Dispose() => _db.Dispose();

    [Theory]
    [InlineData("SELECT HAVERSINE(1, 2, 3, 4)", "function HAVERSINE")]
    [InlineData("SELECT f.value FROM t, LATERAL FLATTEN(input => t.v) f", "LATERAL")]
    [InlineData("SELECT * FROM t AT(OFFSET => -60)", "AT(...)")]
    [InlineData("SELECT TOP 1 * FROM t", "SELECT TOP n")]
    [InlineData("SELECT $1 FROM t", "$1")]
    [InlineData("SELECT to_geography(s) FROM t", "function TO_GEOGRAPHY")]
    [InlineData("CREATE TABLE g (x GEOGRAPHY)", "data type GEOGRAPHY")]
    [InlineData("INSERT ALL INTO t SELECT * FROM t", "multi-table INSERT ALL")]
    public void Unsupported_constructs_fail_with_0A000_naming_them(string sql, string construct)
    {
        var error = _db.Error(sql);

        error.SqlState.Should().Be("0A000");
        error.Message.Should().StartWith($"Unsupported feature '{construct}");
    }

    [Fact]
    public void DuckDB_functions_do_not_leak_through()
    {
        // list_value exists in DuckDB, not in Snowflake.
        _db.Error("SELECT list_value(1, 2)").Message.Should().Contain("function LIST_VALUE");
    }
}
