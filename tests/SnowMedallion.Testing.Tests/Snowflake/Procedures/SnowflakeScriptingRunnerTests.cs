using SnowMedallion.Testing.Snowflake.Procedures;

namespace SnowMedallion.Testing.Tests.Snowflake.Procedures;

// Blocks: https://docs.snowflake.com/en/developer-guide/snowflake-scripting/blocks
public sealed class SnowflakeScriptingRunnerTests
{
    [Fact]
    public void Runs_statements_in_order_and_returns_the_return_expression()
    {
        var definition = ProcedureDdlParser.Parse("""
            CREATE OR REPLACE PROCEDURE load(src VARCHAR) RETURNS VARCHAR LANGUAGE SQL AS
            $$
            BEGIN
              INSERT INTO t SELECT * FROM s WHERE src = :src;
              DELETE FROM s;
              RETURN 'loaded ' || src;
            END;
            $$
            """);
        var session = new FakeProcedureSession().Answer("SELECT 'loaded ' || ?",
            binds => FakeProcedureSession.Table(["X"], ["TEXT"], ["loaded " + binds[0]]));

        var result = SnowflakeScriptingRunner.Call(definition, ["A"], session);

        session.Executed.Select(e => e.Sql).Should().Equal("INSERT INTO t SELECT * FROM s WHERE src = ?", "DELETE FROM s", "SELECT 'loaded ' || ?");
        session.Executed[0].Binds.Should().Equal("A");
        result.Rows[0][0].Should().Be("loaded A");
        result.Columns[0].Name.Should().Be("LOAD");
    }

    [Theory]
    [InlineData("DECLARE x INT; BEGIN RETURN 1; END", "DECLARE")]
    [InlineData("BEGIN LET x := 1; RETURN x; END", "LET")]
    [InlineData("BEGIN IF (1 = 1) THEN RETURN 1; END IF; END", "IF")]
    [InlineData("BEGIN SELECT 1; EXCEPTION WHEN OTHER THEN RETURN 0; END", "EXCEPTION")]
    [InlineData("BEGIN BEGIN SELECT 1; END; END", "nested")]
    public void Unsupported_constructs_fail_with_0A000_naming_them(string body, string construct)
    {
        var definition = ProcedureDdlParser.Parse($"CREATE PROCEDURE p() RETURNS NUMBER LANGUAGE SQL AS $${body}$$");

        var act = () => SnowflakeScriptingRunner.Call(definition, [], new FakeProcedureSession());

        act.Should().Throw<LocalSnowflakeException>().Where(e => e.SqlState == "0A000").WithMessage($"*{construct}*");
    }

    [Fact]
    public void Begin_transaction_inside_a_block_is_a_statement()
    {
        var definition = ProcedureDdlParser.Parse("""
            CREATE PROCEDURE p() RETURNS NUMBER LANGUAGE SQL AS 'BEGIN BEGIN TRANSACTION; DELETE FROM t; ROLLBACK; RETURN 0; END'
            """);
        var session = new FakeProcedureSession().Answer("SELECT 0", FakeProcedureSession.Table(["0"], ["NUMBER(1,0)"], [0L]));

        var result = SnowflakeScriptingRunner.Call(definition, [], session);

        session.Executed.Select(e => e.Sql).Should().Equal("BEGIN TRANSACTION", "DELETE FROM t", "ROLLBACK", "SELECT 0");
        result.Rows[0][0].Should().Be(0L);
    }
}
