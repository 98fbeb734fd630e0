using SnowMedallion.Testing.Tests.Snowflake.Translation;

namespace SnowMedallion.Testing.Tests.Snowflake.Conformance.GenericSql;

public sealed class DmlConformanceTests : IDisposable
{
    private readonly GenericSqlHarness _db = new();

    public DmlConformanceTests() =>
        _db.Run("""
            CREATE TABLE t (id NUMBER, v VARCHAR, n NUMBER DEFAULT 7);
            INSERT INTO t (id, v) VALUES (1, 'a'), (2, 'b'), (3, 'c');
            CREATE TABLE s (id NUMBER, v VARCHAR);
            INSERT INTO s VALUES (2, 'B'), (3, 'C'), (4, 'D');
            """);

    public void Dispose() => _db.Dispose();

    // https://docs.snowflake.com/en/sql-reference/sql/insert: omitted columns take their DEFAULT.
    [Fact]
    public void Insert_reports_rows_inserted_and_fills_defaults()
    {
        var result = _db.Result("INSERT INTO t (id, v) SELECT id, v FROM s WHERE id > 3");

        result.Columns.Single().Name.Should().Be("number of rows inserted");
        result.Rows[0].Should().Equal(1L);
        result.RowsAffected.Should().Be(1);
        _db.Scalar("SELECT n FROM t WHERE id = 4").Should().Be(7L);
    }

    // https://docs.snowflake.com/en/sql-reference/sql/insert#insert-using-overwrite
    [Fact]
    public void Insert_overwrite_replaces_the_rows()
    {
        _db.Result("INSERT OVERWRITE INTO t (id, v) SELECT id, v FROM s").Rows[0].Should().Equal(3L);

        _db.Rows("SELECT id FROM t ORDER BY id").Select(r => r[0]).Should().Equal(2L, 3L, 4L);
    }

    // https://docs.snowflake.com/en/sql-reference/sql/update
    [Fact]
    public void Update_from_another_table_reports_both_count_columns()
    {
        var result = _db.Result("UPDATE t SET v = s.v FROM s WHERE t.id = s.id");

        result.Columns.Select(c => c.Name).Should().Equal("number of rows updated", "number of multi-joined rows updated");
        result.Rows[0].Should().Equal(2L, 0L);
        _db.Rows("SELECT v FROM t ORDER BY id").Select(r => r[0]).Should().Equal("a", "B", "C");
    }

    // https://docs.snowflake.com/en/sql-reference/sql/delete
    [Fact]
    public void Delete_using_another_table()
    {
        var result = _db.Result("DELETE FROM t USING s WHERE t.id = s.id AND s.v = 'B'");

        result.Columns.Single().Name.Should().Be("number of rows deleted");
        result.Rows[0].Should().Equal(1L);
        _db.Scalar("SELECT COUNT(*) FROM t").Should().Be(2L);
    }

    [Fact]
    public void Delete_with_an_alias_and_a_subquery()
    {
        _db.Result("DELETE FROM t AS x WHERE x.id IN (SELECT id FROM s)").Rows[0].Should().Equal(2L);
    }

    // https://docs.snowflake.com/en/sql-reference/sql/truncate-table
    [Fact]
    public void Truncate_empties_the_table()
    {
        _db.Result("TRUNCATE TABLE t").Rows[0][0].Should().Be("Statement executed successfully.");
        _db.Scalar("SELECT COUNT(*) FROM t").Should().Be(0L);
        _db.Result("TRUNCATE TABLE IF EXISTS nothing").Rows[0][0].Should().Be("Statement executed successfully.");
    }

    [Fact]
    public void Dml_reports_the_target_and_the_relations_read()
    {
        var result = _db.Run("INSERT INTO t (id, v) SELECT s.id, s.v FROM s JOIN t AS old ON old.id = s.id");

        result.Kind.Should().Be(SnowMedallion.Testing.Snowflake.Translation.GenericStatementKind.Insert);
        result.Target.Should().Be(new SnowMedallion.Testing.Snowflake.ObjectPath("SNOWLAKE_DB", "PUBLIC", "T"));
        result.RelationsRead.Should().Equal(
            new SnowMedallion.Testing.Snowflake.ObjectPath("SNOWLAKE_DB", "PUBLIC", "S"),
            new SnowMedallion.Testing.Snowflake.ObjectPath("SNOWLAKE_DB", "PUBLIC", "T"));
    }
}
