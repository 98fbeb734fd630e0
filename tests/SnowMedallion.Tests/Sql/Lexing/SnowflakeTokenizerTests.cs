using SnowMedallion.Sql.Lexing;

namespace SnowMedallion.Tests.Sql.Lexing;

// Lexical rules: https://docs.snowflake.com/en/sql-reference/identifiers-syntax and
// https://docs.snowflake.com/en/sql-reference/data-types-text#string-constants
public sealed class SnowflakeTokenizerTests
{
    private static SqlToken Single(string sql)
    {
        var tokens = SnowflakeTokenizer.Tokenize(sql);
        tokens.Should().ContainSingle();
        return tokens[0];
    }

    [Theory]
    [InlineData("my_table", "MY_TABLE")]
    [InlineData("My$identifier", "MY$IDENTIFIER")]
    [InlineData("_x1", "_X1")]
    [InlineData("METADATA$FILENAME", "METADATA$FILENAME")]
    [InlineData("system$pipe_status", "SYSTEM$PIPE_STATUS")]
    public void Unquoted_identifiers_are_upper_cased(string sql, string value)
    {
        var token = Single(sql);

        token.Kind.Should().Be(SqlTokenKind.Identifier);
        token.Value.Should().Be(value);
        token.Text.Should().Be(sql);
    }

    [Theory]
    [InlineData("\"id\"", "id")]
    [InlineData("\"quote\"\"andunquote\"\"\"", "quote\"andunquote\"")]
    [InlineData("\"with space; and -- not a comment\"", "with space; and -- not a comment")]
    public void Quoted_identifiers_keep_case_and_undo_doubled_quotes(string sql, string value)
    {
        var token = Single(sql);

        token.Kind.Should().Be(SqlTokenKind.QuotedIdentifier);
        token.Value.Should().Be(value);
    }

    [Theory]
    [InlineData("'it''s'", "it's")]
    [InlineData(@"'it\'s'", "it's")]
    [InlineData(@"'a\\b'", @"a\b")]
    [InlineData(@"'l1\nl2\tx\ry'", "l1\nl2\tx\ry")]
    [InlineData(@"'\0\b\f'", "\0\b\f")]
    [InlineData(@"'\101\x42\u0043'", "ABC")]
    [InlineData(@"'\q\%'", "q%")]
    [InlineData("''", "")]
    [InlineData("'multi\nline'", "multi\nline")]
    public void String_constants_are_unescaped_the_snowflake_way(string sql, string value)
    {
        var token = Single(sql);

        token.Kind.Should().Be(SqlTokenKind.String);
        token.Value.Should().Be(value);
        token.Text.Should().Be(sql);
    }

    [Fact]
    public void Dollar_quoted_bodies_are_verbatim()
    {
        var token = Single("$$ var x = 'a\\n'; -- not a comment\n return x; $$");

        token.Kind.Should().Be(SqlTokenKind.DollarString);
        token.Value.Should().Be(" var x = 'a\\n'; -- not a comment\n return x; ");
    }

    [Fact]
    public void Hex_constants_are_their_own_kind()
    {
        var token = Single("X'0aFF'");

        token.Kind.Should().Be(SqlTokenKind.HexString);
        token.Value.Should().Be("0aFF");
    }

    [Theory]
    [InlineData("42")]
    [InlineData("3.14")]
    [InlineData(".5")]
    [InlineData("1e10")]
    [InlineData("1.5E-3")]
    public void Numbers(string sql)
    {
        var token = Single(sql);

        token.Kind.Should().Be(SqlTokenKind.Number);
        token.Value.Should().Be(sql);
    }

    [Fact]
    public void Positional_columns_variables_and_binds()
    {
        var tokens = SnowflakeTokenizer.Tokenize("$1, $12, $my_var, ?");

        tokens.Select(t => (t.Kind, t.Value)).Should().Equal(
            (SqlTokenKind.Positional, "1"),
            (SqlTokenKind.Punctuation, ","),
            (SqlTokenKind.Positional, "12"),
            (SqlTokenKind.Punctuation, ","),
            (SqlTokenKind.Variable, "MY_VAR"),
            (SqlTokenKind.Punctuation, ","),
            (SqlTokenKind.Bind, "?"));
    }

    [Theory]
    [InlineData("@my_stage", "my_stage")]
    [InlineData("@db.sch.my_stage/path/to/file.csv", "db.sch.my_stage/path/to/file.csv")]
    [InlineData("@\"My Stage\"/a b", "\"My Stage\"/a")]
    [InlineData("@~", "~")]
    [InlineData("@~/staged", "~/staged")]
    [InlineData("@%customers", "%customers")]
    public void Stage_references(string sql, string value)
    {
        var token = SnowflakeTokenizer.Tokenize(sql)[0];

        token.Kind.Should().Be(SqlTokenKind.StageReference);
        token.Value.Should().Be(value);
    }

    [Fact]
    public void A_stage_path_ends_at_a_closing_parenthesis()
    {
        var tokens = SnowflakeTokenizer.Tokenize("FROM (SELECT $1 FROM @s/raw/)");

        tokens[^2].Value.Should().Be("s/raw/");
        tokens[^1].IsSymbol(")").Should().BeTrue();
    }

    [Fact]
    public void Operators_are_longest_match()
    {
        var tokens = SnowflakeTokenizer.Tokenize("a::VARCHAR || b <> c != d <= e >= f => g -> h: i");

        tokens.Where(t => t.Kind == SqlTokenKind.Operator).Select(t => t.Text)
            .Should().Equal("::", "||", "<>", "!=", "<=", ">=", "=>", "->", ":");
    }

    [Fact]
    public void Qualified_names_are_identifiers_separated_by_dots()
    {
        var tokens = SnowflakeTokenizer.Tokenize("db.\"Sch\".t1");

        tokens.Select(t => t.Kind).Should().Equal(
            SqlTokenKind.Identifier, SqlTokenKind.Punctuation, SqlTokenKind.QuotedIdentifier,
            SqlTokenKind.Punctuation, SqlTokenKind.Identifier);
        tokens.Where(t => t.IsIdentifier).Select(t => t.Value).Should().Equal("DB", "Sch", "T1");
    }

    [Fact]
    public void Comments_are_skipped_by_default_and_kept_on_request()
    {
        const string Sql = "SELECT 1 -- one\n// two\n/* three\n */ , 2";

        SnowflakeTokenizer.Tokenize(Sql).Select(t => t.Text).Should().Equal("SELECT", "1", ",", "2");
        SnowflakeTokenizer.Tokenize(Sql, includeComments: true)
            .Where(t => t.Kind == SqlTokenKind.Comment).Select(t => t.Text)
            .Should().Equal("-- one", "// two", "/* three\n */");
    }

    [Fact]
    public void Positions_point_into_the_original_text()
    {
        const string Sql = "select  'a''b' ,\"X\"";

        foreach (var token in SnowflakeTokenizer.Tokenize(Sql))
        {
            Sql.Substring(token.Start, token.Length).Should().Be(token.Text);
        }
    }

    [Fact]
    public void Keywords_are_identifiers_checked_case_insensitively()
    {
        var tokens = SnowflakeTokenizer.Tokenize("select \"select\"");

        tokens[0].IsKeyword("SELECT").Should().BeTrue();
        tokens[1].IsKeyword("SELECT").Should().BeFalse();
    }

    [Theory]
    [InlineData("SELECT 'abc", 1, 7, "*unterminated string*")]
    [InlineData("SELECT 1,\n  \"abc", 2, 2, "*unterminated quoted identifier*")]
    [InlineData("SELECT /* x", 1, 7, "*unterminated comment*")]
    [InlineData("AS $$ body", 1, 3, "*unterminated $$*")]
    [InlineData("SELECT 'a\\'", 1, 7, "*unterminated string*")]
    [InlineData("SELECT #", 1, 7, "*unexpected character '#'*")]
    [InlineData("SELECT $ ", 1, 7, "*unexpected '$'*")]
    [InlineData("LIST @ ", 1, 5, "*stage reference without a name*")]
    [InlineData("SELECT \"\"", 1, 7, "*empty quoted identifier*")]
    public void Errors_name_the_problem_and_its_position(string sql, int line, int position, string message)
    {
        var act = () => SnowflakeTokenizer.Tokenize(sql);

        var error = act.Should().Throw<SqlSyntaxException>().WithMessage(message).Which;
        error.Line.Should().Be(line);
        error.Position.Should().Be(position);
        error.Message.Should().Contain($"line {line} at position {position}");
    }

    [Theory]
    [InlineData("MY_TABLE", true)]
    [InlineData("T$1", true)]
    [InlineData("my_table", false)]
    [InlineData("1T", false)]
    [InlineData("A B", false)]
    [InlineData("", false)]
    public void Plain_identifiers_need_no_quotes(string name, bool plain) =>
        SnowflakeTokenizer.IsPlainIdentifier(name).Should().Be(plain);
}
