using SnowMedallion.Testing.Snowflake.Procedures;

namespace SnowMedallion.Testing.Tests.Snowflake.Procedures;

// Snowflake Scripting constructs the runner does not emulate fail at CREATE with 0A000 naming them, instead of reaching the
// SQL engine as SQL it cannot parse.
// Global variables: https://docs.snowflake.com/en/developer-guide/snowflake-scripting/dml-status
// SELECT ... INTO: https://docs.snowflake.com/en/developer-guide/snowflake-scripting/variables#setting-variables-to-the-results-of-a-select-statement
public sealed class SnowflakeScriptingConformanceTests
{
    [Theory]
    [InlineData("BEGIN DELETE FROM t; RETURN SQLROWCOUNT; END", "global variable SQLROWCOUNT")]
    [InlineData("BEGIN UPDATE t SET x = 1; RETURN SQLFOUND; END", "global variable SQLFOUND")]
    [InlineData("BEGIN SELECT COUNT(*) INTO :n FROM t; RETURN 1; END", "SELECT ... INTO :variable")]
    public void Unemulated_constructs_are_refused_at_create_naming_them(string body, string construct)
    {
        var act = () => SnowflakeScriptingRunner.Parse(body);

        act.Should().Throw<LocalSnowflakeException>().Where(e => e.SqlState == "0A000").WithMessage($"*{construct}*");
    }

    [Fact]
    public void Insert_into_with_an_argument_is_still_a_statement()
    {
        SnowflakeScriptingRunner.Parse("BEGIN INSERT INTO t SELECT :id; RETURN 1; END").Should().HaveCount(2);
    }

    // "If the return statement returns a data type different from the declared return type, the value is cast ... If no
    // valid cast for the conversion exists, then an error occurs."
    [Fact]
    public void Return_that_is_not_a_boolean_from_returns_boolean_is_a_boolean_cast_error()
    {
        var definition = ProcedureDdlParser.Parse("CREATE PROCEDURE p() RETURNS BOOLEAN LANGUAGE SQL AS 'BEGIN RETURN ''maybe''; END'");
        var session = new FakeProcedureSession().Answer("SELECT 'maybe'", FakeProcedureSession.Table(["X"], ["TEXT"], ["maybe"]));

        var act = () => SnowflakeScriptingRunner.Call(definition, [], session);

        act.Should().Throw<LocalSnowflakeException>().Where(e => e.SnowflakeErrorCode == 100037).WithMessage("Boolean value 'maybe' is not recognized*");
    }
}
