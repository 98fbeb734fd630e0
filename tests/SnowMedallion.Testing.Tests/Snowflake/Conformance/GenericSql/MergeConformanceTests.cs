using SnowMedallion.Testing.Tests.Snowflake.Translation;

namespace SnowMedallion.Testing.Tests.Snowflake.Conformance.GenericSql;

// https://docs.snowflake.com/en/sql-reference/sql/merge (sections "Duplicate join behavior" and "Examples").
public sealed class MergeConformanceTests : IDisposable
{
    private readonly GenericSqlHarness _db = new();

    public MergeConformanceTests()
    {
        // The doc's example: one target row joined by three source rows.
        _db.Run("""
            CREATE TABLE target_orig (k NUMBER, v NUMBER);
            INSERT INTO target_orig VALUES (0, 10);
            CREATE TABLE src (k NUMBER, v NUMBER);
            INSERT INTO src VALUES (0, 11), (0, 12), (0, 13);
            CREATE TABLE target CLONE target_orig;
            """);
    }

    public void Dispose() => _db.Dispose();

    private IEnumerable<long> TargetValues() => _db.Rows("SELECT v FROM target ORDER BY v").Select(r => (long)r[0]!);

    [Fact]
    public void Several_source_rows_updating_one_target_row_is_error_100090_and_changes_nothing()
    {
        var error = _db.Error("MERGE INTO target USING src ON target.k = src.k WHEN MATCHED THEN UPDATE SET target.v = src.v");

        error.SnowflakeErrorCode.Should().Be(100090);
        error.Message.Should().Be("Duplicate row detected during DML action");
        TargetValues().Should().Equal(10);
    }

    [Fact]
    public void Update_and_delete_of_the_same_target_row_is_nondeterministic()
    {
        var error = _db.Error("""
            MERGE INTO target USING src ON target.k = src.k
              WHEN MATCHED AND src.v = 11 THEN DELETE
              WHEN MATCHED THEN UPDATE SET target.v = src.v
            """);

        error.SnowflakeErrorCode.Should().Be(100090);
        TargetValues().Should().Equal(10);
    }

    [Fact]
    public void Several_source_rows_that_only_delete_are_deterministic()
    {
        var result = _db.Result("MERGE INTO target USING src ON target.k = src.k WHEN MATCHED THEN DELETE");

        result.Columns.Select(c => c.Name).Should().Equal("number of rows deleted");
        result.Rows[0].Should().Equal(1L);
        TargetValues().Should().BeEmpty();
    }

    [Fact]
    public void Deletes_by_some_duplicates_with_no_other_clause_matching_are_deterministic()
    {
        var result = _db.Result("MERGE INTO target USING src ON target.k = src.k WHEN MATCHED AND src.v <= 12 THEN DELETE");

        result.Rows[0].Should().Equal(1L);
    }

    [Fact]
    public void Exactly_one_source_row_satisfying_the_update_clause_is_deterministic()
    {
        var result = _db.Result("MERGE INTO target USING src ON target.k = src.k WHEN MATCHED AND src.v = 11 THEN UPDATE SET target.v = src.v");

        result.Columns.Select(c => c.Name).Should().Equal("number of rows updated");
        result.Rows[0].Should().Equal(1L);
        TargetValues().Should().Equal(11);
    }

    [Fact]
    public void Aggregating_the_source_makes_the_merge_deterministic()
    {
        var result = _db.Result("""
            MERGE INTO target USING (SELECT k, MAX(v) AS v FROM src GROUP BY k) AS b ON target.k = b.k
              WHEN MATCHED THEN UPDATE SET target.v = b.v
              WHEN NOT MATCHED THEN INSERT (k, v) VALUES (b.k, b.v)
            """);

        result.Columns.Select(c => c.Name).Should().Equal("number of rows inserted", "number of rows updated");
        result.Rows[0].Should().Equal(0L, 1L);
        TargetValues().Should().Equal(13);
    }

    [Fact]
    public void Duplicate_source_rows_that_insert_are_all_inserted()
    {
        _db.Run("DELETE FROM target");

        var result = _db.Result("MERGE INTO target t USING src s ON t.k = s.k WHEN NOT MATCHED THEN INSERT (k, v) VALUES (s.k, s.v)");

        result.Columns.Select(c => c.Name).Should().Equal("number of rows inserted");
        result.Rows[0].Should().Equal(3L);
        result.RowsAffected.Should().Be(3);
        TargetValues().Should().Equal(11, 12, 13);
    }

    [Fact]
    public void The_check_can_be_turned_off_like_ERROR_ON_NONDETERMINISTIC_MERGE_FALSE()
    {
        var scope = _db.Scope();
        var off = new TranslationScopeBuilder(scope).WithoutNondeterministicCheck();
        var tokens = SnowMedallion.Sql.Lexing.SnowflakeTokenizer.Tokenize("MERGE INTO target USING src ON target.k = src.k WHEN MATCHED THEN UPDATE SET v = src.v");

        var result = SnowMedallion.Testing.Snowflake.Translation.GenericSqlExecutor.Execute(_db.Connection, tokens, off);

        result.Result.Columns.Select(c => c.Name).Should().Equal("number of rows updated");
        TargetValues().Single().Should().BeOneOf(11, 12, 13);
    }

    [Fact]
    public void All_three_clause_kinds_report_three_columns()
    {
        _db.Run("""
            CREATE TABLE t2 (id NUMBER, v VARCHAR);
            INSERT INTO t2 VALUES (1, 'a'), (2, 'b');
            CREATE TABLE s2 (id NUMBER, v VARCHAR, op VARCHAR);
            INSERT INTO s2 VALUES (1, 'A', 'U'), (2, NULL, 'D'), (3, 'c', 'I');
            """);

        var result = _db.Result("""
            MERGE INTO t2 USING s2 ON t2.id = s2.id
              WHEN MATCHED AND s2.op = 'D' THEN DELETE
              WHEN MATCHED THEN UPDATE SET v = s2.v
              WHEN NOT MATCHED THEN INSERT (id, v) VALUES (s2.id, s2.v)
            """);

        result.Columns.Select(c => c.Name).Should().Equal("number of rows inserted", "number of rows updated", "number of rows deleted");
        result.Rows[0].Should().Equal(1L, 1L, 1L);
        _db.Rows("SELECT id, v FROM t2 ORDER BY id").Should().BeEquivalentTo(new[] { new object?[] { 1L, "A" }, new object?[] { 3L, "c" } });
    }
}
