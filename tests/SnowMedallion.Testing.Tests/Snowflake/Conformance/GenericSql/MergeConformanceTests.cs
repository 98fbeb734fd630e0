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

    [Theory]
    [InlineData("WHEN MATCHED AND s3.op = 'D' THEN DELETE WHEN MATCHED THEN UPDATE SET v = s3.v", new[] { "number of rows updated", "number of rows deleted" }, new[] { 2L, 1L })]
    [InlineData("WHEN MATCHED AND s3.op = 'D' THEN DELETE WHEN NOT MATCHED THEN INSERT (id, v) VALUES (s3.id, s3.v)", new[] { "number of rows inserted", "number of rows deleted" }, new[] { 3L, 1L })]
    [InlineData("WHEN MATCHED THEN UPDATE SET v = s3.v WHEN NOT MATCHED THEN INSERT (id, v) VALUES (s3.id, s3.v)", new[] { "number of rows inserted", "number of rows updated" }, new[] { 3L, 3L })]
    [InlineData("WHEN NOT MATCHED THEN INSERT (id, v) VALUES (s3.id, s3.v)", new[] { "number of rows inserted" }, new[] { 3L })]
    [InlineData("WHEN MATCHED AND s3.op <> 'D' THEN UPDATE SET v = s3.v", new[] { "number of rows updated" }, new[] { 2L })]
    public void Each_kind_of_change_is_counted_apart(string clauses, string[] columns, long[] counts)
    {
        // Different numbers of updates, deletes and inserts, so a count given to the wrong kind shows.
        _db.Run("""
            CREATE TABLE t3 (id NUMBER, v VARCHAR);
            INSERT INTO t3 VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd');
            CREATE TABLE s3 (id NUMBER, v VARCHAR, op VARCHAR);
            INSERT INTO s3 VALUES (1, 'A', 'U'), (2, 'B', 'U'), (3, NULL, 'D'), (7, 'g', 'I'), (8, 'h', 'I'), (9, 'i', 'I');
            """);

        var result = _db.Result("MERGE INTO t3 USING s3 ON t3.id = s3.id " + clauses);

        result.Columns.Select(c => c.Name).Should().Equal(columns);
        result.Rows[0].Should().Equal(counts.Cast<object>());
    }

    [Fact]
    public void Source_rows_differing_only_in_case_are_duplicates_for_a_case_insensitive_key()
    {
        // COLLATE 'en-ci' makes 'ann' and 'ANN' equal, so both source rows update the same target row.
        _db.Run("""
            CREATE TABLE people (name VARCHAR COLLATE 'en-ci', v NUMBER);
            INSERT INTO people VALUES ('ann', 1);
            CREATE TABLE people_src (name VARCHAR, v NUMBER);
            INSERT INTO people_src VALUES ('ann', 2), ('ANN', 3);
            """);

        var error = _db.Error("MERGE INTO people p USING people_src s ON p.name = s.name WHEN MATCHED THEN UPDATE SET v = s.v");

        error.SnowflakeErrorCode.Should().Be(100090);
        _db.Rows("SELECT v FROM people").Single().Should().Equal(1L);
    }

    [Fact]
    public void A_source_de_duplicated_with_qualify_on_the_join_key_is_deterministic()
    {
        // Without its QUALIFY the source has two rows for 'ann'; with it, one (the latest), so the MERGE is allowed.
        _db.Run("""
            CREATE TABLE people (name VARCHAR COLLATE 'en-ci', v NUMBER);
            INSERT INTO people VALUES ('ann', 1), ('bob', 1);
            CREATE TABLE people_src (name VARCHAR COLLATE 'en-ci', v NUMBER, seq NUMBER);
            INSERT INTO people_src VALUES ('ann', 2, 1), ('ANN', 3, 2), ('bob', 4, 1);
            """);

        _db.Run("""
            MERGE INTO people p
            USING (SELECT name, v FROM people_src QUALIFY ROW_NUMBER() OVER (PARTITION BY name ORDER BY seq DESC) = 1) s
              ON p.name = s.name
            WHEN MATCHED THEN UPDATE SET v = s.v
            """);

        _db.Rows("SELECT name, v FROM people ORDER BY name").Should().BeEquivalentTo(new[] { new object[] { "ann", 3L }, new object[] { "bob", 4L } });
    }

    [Fact]
    public void A_qualify_that_keeps_two_rows_per_join_key_is_still_a_duplicate()
    {
        // QUALIFY partitions on (name, v): both 'ann' rows survive and update one target row.
        _db.Run("""
            CREATE TABLE people (name VARCHAR, v NUMBER);
            INSERT INTO people VALUES ('ann', 1);
            CREATE TABLE people_src (name VARCHAR, v NUMBER, seq NUMBER);
            INSERT INTO people_src VALUES ('ann', 2, 1), ('ann', 3, 2);
            """);

        var error = _db.Error("""
            MERGE INTO people p
            USING (SELECT name, v FROM people_src QUALIFY ROW_NUMBER() OVER (PARTITION BY name, v ORDER BY seq DESC) = 1) s
              ON p.name = s.name
            WHEN MATCHED THEN UPDATE SET v = s.v
            """);

        error.SnowflakeErrorCode.Should().Be(100090);
        _db.Rows("SELECT v FROM people").Single().Should().Equal(1L);
    }

    [Fact]
    public void Duplicates_behind_an_expression_in_the_join_condition_are_found()
    {
        var error = _db.Error("MERGE INTO target USING src ON target.k = src.k + 0 WHEN MATCHED THEN UPDATE SET target.v = src.v");

        error.SnowflakeErrorCode.Should().Be(100090);
        TargetValues().Should().Equal(10);
    }

    [Fact]
    public void Duplicate_keys_that_match_no_target_row_are_no_error()
    {
        _db.Run("UPDATE target SET k = 99");

        var result = _db.Result("MERGE INTO target USING src ON target.k = src.k WHEN MATCHED THEN UPDATE SET target.v = src.v WHEN NOT MATCHED THEN INSERT (k, v) VALUES (src.k, src.v)");

        result.Rows[0].Should().Equal(3L, 0L);
        TargetValues().Should().Equal(10, 11, 12, 13);
    }

    [Fact]
    public void Source_keys_of_another_type_that_convert_to_one_target_key_are_duplicates()
    {
        // '1' and '01' are different strings but both equal the number 1 once converted for the join.
        _db.Run("""
            CREATE TABLE numbered (k NUMBER, v VARCHAR);
            INSERT INTO numbered VALUES (1, 'old');
            CREATE TABLE numbered_src (k VARCHAR, v VARCHAR);
            INSERT INTO numbered_src VALUES ('1', 'a'), ('01', 'b');
            """);

        var error = _db.Error("MERGE INTO numbered n USING numbered_src s ON n.k = s.k WHEN MATCHED THEN UPDATE SET v = s.v");

        error.SnowflakeErrorCode.Should().Be(100090);
        _db.Rows("SELECT v FROM numbered").Single().Should().Equal("old");
    }
}
