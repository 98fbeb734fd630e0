using SnowMedallion.Testing.Snowflake.Procedures;

namespace SnowMedallion.Testing.Tests.Snowflake.Procedures;

// Syntax: https://docs.snowflake.com/en/sql-reference/sql/create-procedure and https://docs.snowflake.com/en/sql-reference/sql/call
public sealed class ProcedureDdlParserTests
{
    [Fact]
    public void Parses_the_reference_procedure_header_and_body()
    {
        var definition = ProcedureDdlParser.Parse("""
            CREATE OR REPLACE PROCEDURE BRONZE.WORK_CUSTOMER_SRC_TO_SL_SP(DATABASE VARCHAR)
            RETURNS VARCHAR
            LANGUAGE JAVASCRIPT
            EXECUTE AS CALLER
            AS
            $$
            return 'ok';
            $$;
            """);

        definition.NameParts.Should().Equal("BRONZE", "WORK_CUSTOMER_SRC_TO_SL_SP");
        definition.OrReplace.Should().BeTrue();
        definition.Parameters.Should().ContainSingle().Which.Should().Be(new ProcedureParameter("DATABASE", "VARCHAR"));
        definition.ReturnType.Should().Be("VARCHAR");
        definition.Language.Should().Be("JAVASCRIPT");
        definition.ExecuteAs.Should().Be("CALLER");
        definition.Body.Should().Be("\nreturn 'ok';\n");
        definition.ArgumentsDisplay.Should().Be("WORK_CUSTOMER_SRC_TO_SL_SP(VARCHAR) RETURN VARCHAR");
    }

    [Fact]
    public void Quoted_body_unescapes_and_execute_as_defaults_to_owner()
    {
        var definition = ProcedureDdlParser.Parse(
            "create procedure p(a number(38,0), b varchar default 'x') returns float not null language javascript comment = 'c' as 'return a + \\'it\\'\\'s\\';'");

        definition.Body.Should().Be("return a + 'it''s';");
        definition.ExecuteAs.Should().Be("OWNER");
        definition.ReturnsNotNull.Should().BeTrue();
        definition.Comment.Should().Be("c");
        definition.Parameters.Should().Equal(new ProcedureParameter("A", "NUMBER(38,0)"), new ProcedureParameter("B", "VARCHAR", "'x'"));
    }

    [Fact]
    public void Other_languages_are_unsupported_by_name()
    {
        var act = () => ProcedureDdlParser.Parse("CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE PYTHON RUNTIME_VERSION = '3.11' HANDLER = 'run' AS 'x'");

        act.Should().Throw<LocalSnowflakeException>().Where(e => e.SqlState == "0A000").WithMessage("*PYTHON*");
    }

    [Fact]
    public void Call_arguments_by_position_named_and_defaulted()
    {
        var definition = ProcedureDdlParser.Parse("CREATE PROCEDURE p(a VARCHAR, b NUMBER DEFAULT 7) RETURNS VARCHAR LANGUAGE JAVASCRIPT AS 'return A;'");

        CallStatement.Parse("CALL db.s.p('x, y', f(1, 2))").ArgumentSqlFor(definition, "P").Should().Equal("'x, y'", "f(1, 2)");
        CallStatement.Parse("call p(b => 3, a => 'q');").ArgumentSqlFor(definition, "P").Should().Equal("'q'", "3");
        CallStatement.Parse("CALL p('only')").ArgumentSqlFor(definition, "P").Should().Equal("'only'", "7");
        var act = () => CallStatement.Parse("CALL p()").ArgumentSqlFor(definition, "P");
        act.Should().Throw<LocalSnowflakeException>().WithMessage("*takes (A VARCHAR, B NUMBER)*");
    }
}
