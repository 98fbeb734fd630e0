using SnowMedallion.Sql.Lexing;
using SnowMedallion.Testing.Snowflake;
using SnowMedallion.Testing.Snowflake.Translation;

namespace SnowMedallion.Testing.Tests.Snowflake.Translation;

public sealed class SqlTranslatorTests
{
    private static readonly TranslationScope Scope = new(new TableMetadataStore(), new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero))
    {
        CurrentDatabase = "DB",
        CurrentSchema = "SCH",
        SessionId = "7",
    };

    private static string Translate(string sql, TranslationScope? scope = null) =>
        GenericSqlExecutor.TranslateQuery(SnowflakeTokenizer.Tokenize(sql), scope ?? Scope, out _);

    [Fact]
    public void Names_are_upper_cased_quoted_and_qualified()
    {
        Translate("select a, t.b, \"c\" from t join other.u on t.a = u.a").Should().Be(
            "SELECT \"A\" , \"T\".\"B\" , \"c\" FROM \"DB\".\"SCH\".\"T\" JOIN \"DB\".\"OTHER\".\"U\" ON \"T\".\"A\" = \"U\".\"A\"");
    }

    [Fact]
    public void Ctes_are_not_resolved_as_tables()
    {
        Translate("with x as (select 1 as n) select n from x").Should().Be(
            "WITH \"X\" AS ( SELECT 1 AS \"N\" ) SELECT \"N\" FROM \"X\"");
    }

    [Fact]
    public void Is_distinct_from_is_not_a_from_clause()
    {
        Translate("select a is distinct from b from t").Should().Contain("IS DISTINCT FROM \"B\" AS").And.EndWith("FROM \"DB\".\"SCH\".\"T\"");
    }

    [Fact]
    public void Fetch_first_rows_only()
    {
        Translate("select a from t order by a fetch first 2 rows only").Should().EndWith("ORDER BY \"A\" FETCH FIRST 2 ROWS ONLY");
    }

    [Fact]
    public void Json_paths_become_arrows_wrapped_for_casts()
    {
        Translate("select v:a.\"B\"[0]::string from t").Should().StartWith("SELECT ( \"V\" ->> '$.\"a\".\"B\"[0]')::VARCHAR");
        Translate("select v:n::number(10,2) from t").Should().StartWith("SELECT ( \"V\" -> '$.\"n\"')::DECIMAL(10,2)");
    }

    [Fact]
    public void The_statement_time_is_a_literal()
    {
        Translate("select current_timestamp(3), sysdate(), current_date").Should().Be(
            "SELECT CAST('2026-01-02 03:04:05.000000+00' AS TIMESTAMPTZ) AS \"CURRENT_TIMESTAMP(3)\" , " +
            "CAST('2026-01-02 03:04:05.000000' AS TIMESTAMP) AS \"SYSDATE()\" , " +
            "CAST('2026-01-01' AS DATE) AS \"CURRENT_DATE\"");
    }

    [Fact]
    public void Relations_are_reported_and_substituted_through_the_hook()
    {
        var stream = new ObjectPath("DB", "SCH", "S");
        var scope = new TranslationScope(Scope.Tables, Scope.Now)
        {
            CurrentDatabase = "DB",
            CurrentSchema = "SCH",
            ResolveRelation = p => p == stream ? "SELECT 1 AS X" : null,
        };
        var sql = GenericSqlExecutor.TranslateQuery(SnowflakeTokenizer.Tokenize("select x from s, t where s.x = 1"), scope, out var reads);

        sql.Should().Be("SELECT \"X\" FROM (SELECT 1 AS X) AS \"S\" , \"DB\".\"SCH\".\"T\" WHERE \"S\".\"X\" = 1");
        reads.Should().Equal(stream, new ObjectPath("DB", "SCH", "T"));
    }

    [Fact]
    public void Unknown_system_functions_go_to_the_hook()
    {
        var scope = new TranslationScope(Scope.Tables, Scope.Now)
        {
            ResolveFunction = (name, args) => name == "SYSTEM$STREAM_HAS_DATA" && args.Count == 1 ? "TRUE" : null,
        };

        Translate("select system$stream_has_data('db.sch.s')", scope).Should().Be("SELECT TRUE AS \"SYSTEM$STREAM_HAS_DATA('DB.SCH.S')\"");
        var act = () => Translate("select system$pipe_status('p')", scope);
        act.Should().Throw<LocalSnowflakeException>().WithMessage("Unsupported feature 'function SYSTEM$PIPE_STATUS'*");
    }

    [Theory]
    [InlineData("YYYY-MM-DD HH24:MI:SS.FF3", "%Y-%m-%d %H:%M:%S.%g")]
    [InlineData("DD/MM/YYYY", "%d/%m/%Y")]
    [InlineData("MON DD, YYYY \"at\" HH12 AM", "%b %d, %Y at %I %p")]
    public void Date_formats_convert(string snowflake, string duck) => SqlTranslator.ConvertFormat(snowflake).Should().Be(duck);

    [Theory]
    [InlineData("en-ci", "NOCASE")]
    [InlineData("en-ci-ai", "NOCASE.NOACCENT")]
    [InlineData("EN-AI", "NOACCENT")]
    [InlineData("en", null)]
    [InlineData("utf8", null)]
    [InlineData("en-cs", null)]
    public void Collations_map_to_duckdb(string snowflake, string? duck) => SqlTranslator.DuckCollation(snowflake).Should().Be(duck);
}
