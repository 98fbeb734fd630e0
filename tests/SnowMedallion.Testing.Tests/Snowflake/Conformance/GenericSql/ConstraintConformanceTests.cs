using SnowMedallion.Testing.Tests.Snowflake.Translation;

namespace SnowMedallion.Testing.Tests.Snowflake.Conformance.GenericSql;

// https://docs.snowflake.com/en/sql-reference/constraints-overview: NOT NULL is enforced; PRIMARY KEY, UNIQUE and
// FOREIGN KEY are recorded but not enforced.
// https://docs.snowflake.com/en/sql-reference/data-types-text#varchar: a string longer than the declared length is rejected.
public sealed class ConstraintConformanceTests : IDisposable
{
    private readonly GenericSqlHarness _db = new();

    public ConstraintConformanceTests() =>
        _db.Run("CREATE TABLE customer (id NUMBER NOT NULL, name VARCHAR(5), PRIMARY KEY (id))");

    public void Dispose() => _db.Dispose();

    [Fact]
    public void Inserting_null_into_a_not_null_column_is_error_100072()
    {
        var error = _db.Error("INSERT INTO customer (name) VALUES ('x')");

        error.SnowflakeErrorCode.Should().Be(100072);
        error.SqlState.Should().Be("22000");
        error.Message.Should().Be("NULL result in a non-nullable column");
        _db.Scalar("SELECT COUNT(*) FROM customer").Should().Be(0L);
    }

    [Fact]
    public void Updating_a_not_null_column_to_null_is_error_100072()
    {
        _db.Run("INSERT INTO customer VALUES (1, 'a')");

        _db.Error("UPDATE customer SET id = NULL").SnowflakeErrorCode.Should().Be(100072);
    }

    [Fact]
    public void Primary_keys_are_not_enforced()
    {
        _db.Run("INSERT INTO customer VALUES (1, 'a'), (1, 'b')");

        _db.Scalar("SELECT COUNT(*) FROM customer WHERE id = 1").Should().Be(2L);
        _db.Tables.Find(new("SNOWLAKE_DB", "PUBLIC", "CUSTOMER"))!.Column("ID")!.PrimaryKey.Should().BeTrue();
    }

    [Fact]
    public void A_string_longer_than_the_column_is_error_100074_naming_the_string()
    {
        var error = _db.Error("INSERT INTO customer VALUES (1, 'abcdef')");

        error.SnowflakeErrorCode.Should().Be(100074);
        error.Message.Should().Be("String 'abcdef' is too long and would be truncated");
        _db.Run("INSERT INTO customer VALUES (1, 'abcde'), (2, NULL)").Result.Rows[0][0].Should().Be(2L);
    }

    // VARCHAR lengths count characters, not bytes.
    [Fact]
    public void The_length_limit_counts_characters()
    {
        _db.Run("CREATE TABLE short (s VARCHAR(3))");

        _db.Result("INSERT INTO short VALUES ('äöü')").Rows[0][0].Should().Be(1L);
        _db.Error("INSERT INTO short VALUES ('äöüx')").SnowflakeErrorCode.Should().Be(100074);
    }

    [Fact]
    public void An_insert_from_a_select_fails_as_a_whole()
    {
        _db.Run("CREATE TABLE staging (id NUMBER, name VARCHAR)");
        _db.Run("INSERT INTO staging VALUES (1, 'ok'), (NULL, 'bad')");

        _db.Error("INSERT INTO customer SELECT id, name FROM staging").SnowflakeErrorCode.Should().Be(100072);
        _db.Scalar("SELECT COUNT(*) FROM customer").Should().Be(0L);
    }
}
