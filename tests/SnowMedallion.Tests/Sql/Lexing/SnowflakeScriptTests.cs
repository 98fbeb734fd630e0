using SnowMedallion.Sql.Lexing;

namespace SnowMedallion.Tests.Sql.Lexing;

public sealed class SnowflakeScriptTests
{
    [Fact]
    public void Splits_on_top_level_semicolons_only()
    {
        const string Script = """
            -- deploy
            CREATE TABLE t (a VARCHAR DEFAULT ';');
            CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$ var a = 1; return 'x;'; $$;
            /* ; */ SELECT "a;b" FROM t // trailing ;
            ;;
            """;

        SnowflakeScript.SplitStatements(Script).Should().Equal(
            "CREATE TABLE t (a VARCHAR DEFAULT ';')",
            "CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$ var a = 1; return 'x;'; $$",
            "SELECT \"a;b\" FROM t");
    }

    [Fact]
    public void A_script_of_comments_has_no_statements() =>
        SnowflakeScript.SplitStatements("-- nothing\n/* here */;").Should().BeEmpty();

    [Fact]
    public void Token_split_drops_semicolons_and_comments()
    {
        var tokens = SnowflakeTokenizer.Tokenize("SELECT 1; -- c\nSELECT 2", includeComments: true);

        var statements = SnowflakeScript.SplitTokens(tokens);

        statements.Select(s => string.Join(" ", s.Select(t => t.Text))).Should().Equal("SELECT 1", "SELECT 2");
    }

    [Fact]
    public void An_unterminated_string_fails_the_split()
    {
        var act = () => SnowflakeScript.SplitStatements("SELECT 1; SELECT 'x");

        act.Should().Throw<SqlSyntaxException>().Which.Position.Should().Be(17);
    }
}
