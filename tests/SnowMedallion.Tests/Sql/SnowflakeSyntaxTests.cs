using SnowMedallion.Sql;

namespace SnowMedallion.Tests.Sql;

// Identifiers: https://docs.snowflake.com/en/sql-reference/identifiers-syntax
// String constants: https://docs.snowflake.com/en/sql-reference/data-types-text#string-constants
public sealed class SnowflakeSyntaxTests
{
    [Theory]
    [InlineData("CUSTOMER", "CUSTOMER")]
    [InlineData("SOURCE_FILE_ROW_NUMBER", "SOURCE_FILE_ROW_NUMBER")]
    [InlineData("_X$1", "_X$1")]
    [InlineData("customer", "\"customer\"")]
    [InlineData("my table", "\"my table\"")]
    [InlineData("1ST", "\"1ST\"")]
    [InlineData("$X", "\"$X\"")]
    [InlineData("DATABASE", "\"DATABASE\"")]
    [InlineData("SELECT", "\"SELECT\"")]
    [InlineData("a\"b", "\"a\"\"b\"")]
    [InlineData("É", "\"É\"")]
    public void Identifier_is_bare_only_when_the_bare_form_means_exactly_the_name(string name, string expected)
    {
        SnowflakeSyntax.Identifier(name).Should().Be(expected);
    }

    [Theory]
    [InlineData("abc", "'abc'")]
    [InlineData("it's", "'it''s'")]
    [InlineData(@"C:\dir", @"'C:\\dir'")]
    [InlineData("a\nb", @"'a\nb'")]
    [InlineData("en-ci", "'en-ci'")]
    [InlineData("a\0" + "12", @"'a\x0012'")]
    public void String_literal_escapes_quotes_backslashes_and_line_breaks(string value, string expected)
    {
        SnowflakeSyntax.StringLiteral(value).Should().Be(expected);
    }

    [Fact]
    public void Procedure_body_uses_dollar_quotes_when_unambiguous()
    {
        SnowflakeSyntax.ProcedureBody("\nreturn 1;\n").Should().Be("$$\nreturn 1;\n$$");
    }

    [Theory]
    [InlineData("return '$$';", "'return ''$$'';'")]
    [InlineData("x = 1; // ends with $", "'x = 1; // ends with $'")]
    public void Procedure_body_containing_dollar_quotes_is_a_string_literal(string body, string expected)
    {
        SnowflakeSyntax.ProcedureBody(body).Should().Be(expected);
    }
}
