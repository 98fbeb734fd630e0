using SnowMedallion.Testing.Snowflake.Procedures;

namespace SnowMedallion.Testing.Tests.Snowflake.Procedures;

// Behaviour per https://docs.snowflake.com/en/sql-reference/stored-procedures-api and
// https://docs.snowflake.com/en/developer-guide/stored-procedure/stored-procedures-javascript
public sealed class JavaScriptProcedureHostTests
{
    private static ProcedureDefinition Define(string ddl) => ProcedureDdlParser.Parse(ddl);

    private static object? Call(string ddl, FakeProcedureSession session, params object?[] args)
    {
        var definition = Define(ddl);
        var result = new JavaScriptProcedureHost().Call(definition, definition.Name, args, session);
        return result.Rows[0][0];
    }

    [Fact]
    public void Arguments_are_globals_under_upper_case_names_whatever_case_the_ddl_used()
    {
        var value = Call("""
            CREATE OR REPLACE PROCEDURE p(database varchar, "quoted" VARCHAR, n NUMBER)
            RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$ return DATABASE + '/' + this['quoted'] + '/' + (N + 1) + '/' + typeof N; $$
            """, new FakeProcedureSession(), "SNOWLAKE_DB", "q", 41m);

        value.Should().Be("SNOWLAKE_DB/q/42/number");
    }

    [Fact]
    public void Lower_case_argument_name_is_not_defined_in_the_body()
    {
        var act = () => Call("""
            CREATE PROCEDURE p(db VARCHAR) RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$ return db; $$
            """, new FakeProcedureSession(), "x");

        act.Should().Throw<LocalSnowflakeException>()
            .Where(e => e.SnowflakeErrorCode == 100132 && e.SqlState == "P0000")
            .WithMessage("JavaScript execution error: Uncaught ReferenceError: db is not defined in P at ' return db; ' position *");
    }

    [Fact]
    public void Execute_with_binds_fills_question_marks_in_order()
    {
        var session = new FakeProcedureSession();
        Call("""
            CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS
            $$
              snowflake.execute({sqlText: 'INSERT INTO t VALUES (?, ?, ?, ?)', binds: ['a', 2, 'true', null]});
              return 'ok';
            $$
            """, session);

        session.Executed.Should().ContainSingle();
        session.Executed[0].Sql.Should().Be("INSERT INTO t VALUES (?, ?, ?, ?)");
        session.Executed[0].Binds.Should().Equal("a", 2L, "true", null);
    }

    [Fact]
    public void ResultSet_reads_columns_by_index_from_1_and_by_name()
    {
        var session = new FakeProcedureSession().Answer("SELECT * FROM t",
            FakeProcedureSession.Table(["ID", "NAME"], ["NUMBER(38,0)", "TEXT"], [1L, "one"], [2L, "two"]));
        var value = Call("""
            CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$
              var rs = snowflake.execute({sqlText: 'SELECT * FROM t'});
              var out = [];
              while (rs.next()) {
                out.push(rs.getColumnValue(1) + ':' + rs.getColumnValue('NAME') + ':' + typeof rs.getColumnValue(1) + ':' + rs.NAME);
              }
              return out.join(',') + '|' + rs.getColumnCount() + '|' + rs.getRowCount();
            $$
            """, session);

        value.Should().Be("1:one:number:one,2:two:number:two|2|2");
    }

    [Fact]
    public void Statement_reports_dml_counts_from_the_merge_result()
    {
        var session = new FakeProcedureSession().Answer("MERGE INTO t USING s ON t.k = s.k", FakeProcedureSession.Merge(3, 2));
        var value = Call("""
            CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$
              var stmt = snowflake.createStatement({sqlText: 'MERGE INTO t USING s ON t.k = s.k'});
              stmt.execute();
              return [stmt.getNumRowsInserted(), stmt.getNumRowsUpdated(), stmt.getNumRowsDeleted(), stmt.getNumRowsAffected(),
                      stmt.getRowCount(), stmt.getColumnCount(), stmt.getColumnName(1), stmt.getSqlText(), stmt.getQueryId().length > 0].join('|');
            $$
            """, session);

        value.Should().Be("3|2|0|5|1|2|number of rows inserted|MERGE INTO t USING s ON t.k = s.k|true");
    }

    [Fact]
    public void Failing_statement_is_a_catchable_error_with_code_state_message_and_stack_trace()
    {
        var session = new FakeProcedureSession().Fail("SELECT * FROM missing", 2003, "42S02",
            "SQL compilation error:\nObject 'MISSING' does not exist or not authorized.");
        var value = Call("""
            CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$
            try {
              snowflake.execute({sqlText: 'SELECT * FROM missing'});
              return 'no error';
            } catch (err) {
              return err.code + '|' + err.state + '|' + err.message + '|' + err.stackTraceTxt + '|' + (err instanceof Error);
            }
            $$
            """, session);

        value.Should().Be("2003|42S02|SQL compilation error:\nObject 'MISSING' does not exist or not authorized.|At Snowflake.execute, line 3 position 12|true");
    }

    [Fact]
    public void Uncaught_statement_error_fails_the_call_as_an_execution_error_in_the_procedure()
    {
        var session = new FakeProcedureSession().Fail("MERGE x", 100090, "42P18", "Duplicate row detected during DML action");
        var act = () => Call("""
            CREATE PROCEDURE my_proc() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$
            var stmt = snowflake.createStatement({sqlText: 'MERGE x'});
            stmt.execute();
            $$
            """, session);

        act.Should().Throw<LocalSnowflakeException>()
            .Where(e => e.SnowflakeErrorCode == 100183 && e.SqlState == "P0000")
            .WithMessage("Execution error in store procedure MY_PROC:\nDuplicate row detected during DML action\nAt Statement.execute, line 3 position 5");
    }

    [Fact]
    public void Rethrown_statement_error_keeps_the_execution_error_shape()
    {
        var session = new FakeProcedureSession().Fail("MERGE x", 100090, "42P18", "Duplicate row detected during DML action");
        var act = () => Call("""
            CREATE PROCEDURE my_proc() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$
            snowflake.execute({sqlText: 'BEGIN'});
            try { snowflake.execute({sqlText: 'MERGE x'}); }
            catch (err) { snowflake.execute({sqlText: 'ROLLBACK'}); throw err; }
            $$
            """, session);

        act.Should().Throw<LocalSnowflakeException>().Where(e => e.SnowflakeErrorCode == 100183);
        session.Executed.Select(e => e.Sql).Should().Equal("BEGIN", "MERGE x", "ROLLBACK");
    }

    [Fact]
    public void Uncaught_javascript_error_fails_the_call_with_100132()
    {
        var act = () => Call("""
            CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$
            var a = 1;
              throw new Error('boom');
            $$
            """, new FakeProcedureSession());

        act.Should().Throw<LocalSnowflakeException>()
            .Where(e => e.SnowflakeErrorCode == 100132 && e.SqlState == "P0000")
            .WithMessage("JavaScript execution error: Uncaught Error: boom in P at '  throw new Error('boom');' position 2\nstackstrace: \nP line: 3");
    }

    [Fact]
    public void Return_value_is_cast_to_the_declared_type()
    {
        Call("CREATE PROCEDURE p() RETURNS FLOAT LANGUAGE JAVASCRIPT AS $$ return 1.5; $$", new FakeProcedureSession()).Should().Be(1.5d);
        Call("CREATE PROCEDURE p() RETURNS NUMBER LANGUAGE JAVASCRIPT AS $$ return '42'; $$", new FakeProcedureSession()).Should().Be(42L);
        Call("CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$ return 42; $$", new FakeProcedureSession()).Should().Be("42");
        Call("CREATE PROCEDURE p() RETURNS BOOLEAN LANGUAGE JAVASCRIPT AS $$ return true; $$", new FakeProcedureSession()).Should().Be(true);
        Call("CREATE PROCEDURE p() RETURNS VARIANT LANGUAGE JAVASCRIPT AS $$ return {a: [1, 'x']}; $$", new FakeProcedureSession()).Should().Be("{\"a\":[1,\"x\"]}");
        Call("CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$ return undefined; $$", new FakeProcedureSession()).Should().BeNull();
        Call("CREATE PROCEDURE p() RETURNS TIMESTAMP_NTZ LANGUAGE JAVASCRIPT AS $$ return new Date(Date.UTC(2024, 0, 2, 3, 4, 5)); $$", new FakeProcedureSession())
            .Should().Be(new DateTime(2024, 1, 2, 3, 4, 5));
    }

    [Fact]
    public void Returns_not_null_rejects_a_null_return()
    {
        var act = () => Call("CREATE PROCEDURE p() RETURNS VARCHAR NOT NULL LANGUAGE JAVASCRIPT AS $$ return null; $$", new FakeProcedureSession());

        act.Should().Throw<LocalSnowflakeException>().Where(e => e.SnowflakeErrorCode == 100072);
    }

    [Fact]
    public void Dates_and_variants_map_to_javascript_objects()
    {
        var session = new FakeProcedureSession().Answer("SELECT d, v",
            FakeProcedureSession.Table(["D", "V"], ["TIMESTAMP_NTZ(9)", "VARIANT"], [new DateTime(2024, 5, 6, 7, 8, 9), "{\"k\":[1,2]}"]));
        var value = Call("""
            CREATE PROCEDURE p(TS TIMESTAMP_NTZ, V VARIANT) RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$
              var rs = snowflake.execute({sqlText: 'SELECT d, v'}); rs.next();
              var d = rs.getColumnValue(1), v = rs.getColumnValue('V');
              return [d instanceof Date, d.toISOString(), v.k[1], TS instanceof Date, TS.getUTCFullYear(), V.x, rs.getColumnValueAsString(1)].join('|');
            $$
            """, session, new DateTime(2020, 1, 1), "{\"x\":\"y\"}");

        value.Should().Be("true|2024-05-06T07:08:09.000Z|2|true|2020|y|2024-05-06 07:08:09.000");
    }

    [Fact]
    public void Getting_a_value_before_next_is_a_catchable_error()
    {
        var session = new FakeProcedureSession().Answer("SELECT 1", FakeProcedureSession.Table(["1"], ["NUMBER(1,0)"], [1L]));
        var value = Call("""
            CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$
              var rs = snowflake.execute({sqlText: 'SELECT 1'});
              try { rs.getColumnValue(1); return 'no error'; } catch (e) { return e.message; }
            $$
            """, session);

        value.Should().Be("ResultSet is empty or not prepared (call next() first).");
    }

    [Fact]
    public void Endless_loop_is_stopped_by_the_run_time_limit()
    {
        var definition = Define("CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$ while (true) {} $$");
        var host = new JavaScriptProcedureHost(new ProcedureLimits(TimeSpan.FromMilliseconds(200)));

        var act = () => host.Call(definition, "P", [], new FakeProcedureSession());

        act.Should().Throw<LocalSnowflakeException>().Where(e => e.SnowflakeErrorCode == 630 && e.SqlState == "57014");
    }

    [Fact]
    public void Statement_limit_stops_a_runaway_body()
    {
        var definition = Define("CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$ var i = 0; while (true) { i++; } $$");
        var host = new JavaScriptProcedureHost(new ProcedureLimits(TimeSpan.FromMinutes(1), MaxStatements: 1000));

        var act = () => host.Call(definition, "P", [], new FakeProcedureSession());

        act.Should().Throw<LocalSnowflakeException>().Where(e => e.SnowflakeErrorCode == 100132).WithMessage("*more than 1000 JavaScript statements*");
    }

    [Fact]
    public void Syntax_error_in_the_body_fails_the_call_as_a_compilation_error()
    {
        var act = () => Call("CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$ return (; $$", new FakeProcedureSession());

        act.Should().Throw<LocalSnowflakeException>().Where(e => e.SnowflakeErrorCode == 100131);
    }

    [Fact]
    public void Returns_null_on_null_input_skips_the_body()
    {
        var session = new FakeProcedureSession();
        var value = Call("""
            CREATE PROCEDURE p(A VARCHAR) RETURNS VARCHAR LANGUAGE JAVASCRIPT STRICT AS $$ snowflake.execute({sqlText: 'SELECT 1'}); return 'ran'; $$
            """, session, [null]);

        value.Should().BeNull();
        session.Executed.Should().BeEmpty();
    }
}
