using SnowMedallion.Testing.Tests.Snowflake.Translation;

namespace SnowMedallion.Testing.Tests.Snowflake.Conformance.GenericSql;

public sealed class QueryConformanceTests : IDisposable
{
    private readonly GenericSqlHarness _db = new();

    public QueryConformanceTests() =>
        _db.Run("""
            CREATE TABLE sales (region VARCHAR, rep VARCHAR, amount NUMBER(10,2));
            INSERT INTO sales VALUES ('east', 'ann', 10), ('east', 'bob', 30), ('west', 'cy', 20), ('west', 'di', 5);
            """);

    public void Dispose() => _db.Dispose();

    // https://docs.snowflake.com/en/sql-reference/constructs/qualify
    [Fact]
    public void Qualify_filters_on_a_window_function()
    {
        var rows = _db.Rows("""
            SELECT region, rep, amount FROM sales
            QUALIFY ROW_NUMBER() OVER (PARTITION BY region ORDER BY amount DESC) = 1
            ORDER BY region
            """);

        rows.Select(r => (string)r[1]!).Should().Equal("bob", "cy");
    }

    // https://docs.snowflake.com/en/sql-reference/constructs/qualify: the window function may be in the select list.
    [Fact]
    public void Qualify_may_refer_to_a_select_alias()
    {
        var rows = _db.Rows("SELECT rep, RANK() OVER (ORDER BY amount) AS r FROM sales QUALIFY r <= 2 ORDER BY r");

        rows.Select(r => (string)r[0]!).Should().Equal("di", "ann");
    }

    // https://docs.snowflake.com/en/sql-reference/identifiers-syntax: unquoted names resolve upper-cased, quoted ones exactly.
    [Fact]
    public void Unaliased_columns_are_named_as_snowflake_names_them()
    {
        var result = _db.Result("""select region, sum(amount), count(*) as "n", amount * 2 doubled from sales group by region, amount order by 1 limit 1""");

        result.Columns.Select(c => c.Name).Should().Equal("REGION", "SUM(AMOUNT)", "n", "DOUBLED");
        result.Columns.Take(3).Select(c => c.SnowflakeType).Should().Equal("TEXT", "NUMBER(38,2)", "NUMBER(38,0)");
    }

    [Fact]
    public void Ctes_set_operations_and_minus()
    {
        var rows = _db.Rows("""
            WITH e AS (SELECT rep FROM sales WHERE region = 'east'), w AS (SELECT rep FROM sales WHERE region = 'west')
            SELECT rep FROM e UNION ALL SELECT rep FROM w
            MINUS SELECT 'cy'
            ORDER BY rep
            """);

        rows.Select(r => (string)r[0]!).Should().Equal("ann", "bob", "di");
    }

    [Fact]
    public void Values_in_from_have_columns_column1_column2()
    {
        var result = _db.Result("SELECT * FROM VALUES (1, 'a'), (2, 'b')");

        result.Columns.Select(c => c.Name).Should().Equal("COLUMN1", "COLUMN2");
        result.Rows.Should().HaveCount(2);
    }

    // https://docs.snowflake.com/en/sql-reference/sql/select#label-select-cmd-examples-exclude
    [Fact]
    public void Select_star_exclude()
    {
        _db.Result("SELECT * EXCLUDE (amount) FROM sales").Columns.Select(c => c.Name).Should().Equal("REGION", "REP");
    }

    // DuckDB matches names case-insensitively, so two names differing only in case cannot coexist (a documented gap);
    // the stored spelling is kept and reported.
    [Fact]
    public void Quoted_identifiers_keep_their_spelling()
    {
        _db.Run("""CREATE TABLE "Mixed" ("Id" INT, "note" VARCHAR); INSERT INTO "Mixed" VALUES (1, 'x')""");

        var result = _db.Result("""SELECT "Id", "note" AS "lower", "note" upper_alias FROM "Mixed" """);

        result.Columns.Select(c => c.Name).Should().Equal("Id", "lower", "UPPER_ALIAS");
        result.Rows[0].Should().Equal(1L, "x", "x");
        _db.Tables.Find(new("SNOWLAKE_DB", "PUBLIC", "Mixed"))!.Columns.Select(c => c.Name).Should().Equal("Id", "note");
    }

    [Fact]
    public void Three_part_names_and_missing_objects()
    {
        _db.Rows("SELECT COUNT(*) FROM snowlake_db.public.sales")[0][0].Should().Be(4L);
        var error = _db.Error("SELECT * FROM silver.nothing_here");

        error.SnowflakeErrorCode.Should().Be(2003);
        error.SqlState.Should().Be("42S02");
        error.Message.Should().Contain("does not exist or not authorized");
    }

    [Fact]
    public void An_unknown_column_is_an_invalid_identifier()
    {
        var error = _db.Error("SELECT nope FROM sales");

        error.SnowflakeErrorCode.Should().Be(904);
        error.Message.Should().Contain("invalid identifier 'NOPE'");
    }

    [Fact]
    public void A_session_without_a_current_schema_must_qualify_names()
    {
        _db.Schema = null;

        var error = _db.Error("SELECT * FROM sales");

        error.SnowflakeErrorCode.Should().Be(90105);
        error.Message.Should().Contain("does not have a current schema");
        _db.Rows("SELECT COUNT(*) FROM public.sales")[0][0].Should().Be(4L);
    }
}
