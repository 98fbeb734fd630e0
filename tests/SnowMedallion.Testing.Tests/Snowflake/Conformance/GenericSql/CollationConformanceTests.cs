using SnowMedallion.Testing.Tests.Snowflake.Translation;

namespace SnowMedallion.Testing.Tests.Snowflake.Conformance.GenericSql;

// https://docs.snowflake.com/en/sql-reference/collation: a column declared COLLATE 'en-ci' compares, groups and
// joins case-insensitively.
public sealed class CollationConformanceTests : IDisposable
{
    private readonly GenericSqlHarness _db = new();

    public CollationConformanceTests() =>
        _db.Run("""
            CREATE TABLE people (name VARCHAR(50) COLLATE 'en-ci', city VARCHAR(50));
            INSERT INTO people VALUES ('Ann', 'Lille'), ('ANN', 'lille'), ('bob', 'Paris');
            """);

    public void Dispose() => _db.Dispose();

    [Fact]
    public void Equality_ignores_case_on_a_ci_column_only()
    {
        _db.Scalar("SELECT COUNT(*) FROM people WHERE name = 'ann'").Should().Be(2L);
        _db.Scalar("SELECT COUNT(*) FROM people WHERE city = 'lille'").Should().Be(1L);
    }

    // Known gap: DuckDB's COUNT(DISTINCT x) ignores the column's collation (docs/emulator-fidelity.md).
    [Fact]
    public void Group_by_and_select_distinct_fold_case()
    {
        _db.Scalar("SELECT COUNT(*) FROM (SELECT name FROM people GROUP BY name)").Should().Be(2L);
        _db.Scalar("SELECT COUNT(*) FROM (SELECT DISTINCT name FROM people)").Should().Be(2L);
    }

    [Fact]
    public void Merge_on_a_ci_key_matches_across_case()
    {
        _db.Run("CREATE TABLE incoming (name VARCHAR, city VARCHAR); INSERT INTO incoming VALUES ('BOB', 'Rome')");

        var result = _db.Result("""
            MERGE INTO people p USING incoming i ON p.name = i.name
              WHEN MATCHED THEN UPDATE SET city = i.city
              WHEN NOT MATCHED THEN INSERT (name, city) VALUES (i.name, i.city)
            """);

        result.Rows[0].Should().Equal(0L, 1L);
        _db.Scalar("SELECT city FROM people WHERE name = 'Bob'").Should().Be("Rome");
    }

    [Fact]
    public void The_collate_expression_compares_case_insensitively()
    {
        _db.Scalar("SELECT COUNT(*) FROM people WHERE city COLLATE 'en-ci' = 'LILLE'").Should().Be(2L);
        _db.Scalar("SELECT COUNT(*) FROM people WHERE city = 'LILLE' COLLATE 'en-ci'").Should().Be(2L);
    }

    [Fact]
    public void The_collation_is_recorded_for_describe()
    {
        _db.Tables.Find(new("SNOWLAKE_DB", "PUBLIC", "PEOPLE"))!.Column("NAME")!.Collation.Should().Be("en-ci");
    }

    [Fact]
    public void Default_ddl_collation_applies_to_text_columns()
    {
        _db.Run("""
            CREATE TABLE codes (code VARCHAR, n NUMBER) DEFAULT_DDL_COLLATION = 'en-ci';
            INSERT INTO codes VALUES ('ab', 1);
            """);

        _db.Scalar("SELECT n FROM codes WHERE code = 'AB'").Should().Be(1L);
    }
}
