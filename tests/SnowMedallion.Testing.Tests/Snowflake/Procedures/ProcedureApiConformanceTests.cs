using SnowMedallion.Testing.Snowflake.Procedures;

namespace SnowMedallion.Testing.Tests.Snowflake.Procedures;

// A point-by-point audit of the JavaScript stored procedure API against Snowflake's documentation:
// API: https://docs.snowflake.com/en/developer-guide/stored-procedure/stored-procedures-api
// Writing procedures (binds, data types): https://docs.snowflake.com/en/developer-guide/stored-procedure/stored-procedures-javascript
public sealed class ProcedureApiConformanceTests : IAsyncLifetime
{
    private LocalSnowflakeHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await LocalSnowflakeHarness.StartAsync();
        _h.Rows("CREATE DATABASE DB");
        _h.Rows("CREATE SCHEMA DB.S");
        _h.Rows("USE SCHEMA DB.S");
        _h.Rows("CREATE TABLE T (ID INT, NAME VARCHAR, TS TIMESTAMP_NTZ)");
        _h.Rows("INSERT INTO T VALUES (1, 'one', '2024-05-06 07:08:09')");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static object? Call(string body, FakeProcedureSession? session = null, string returns = "VARCHAR")
    {
        var definition = ProcedureDdlParser.Parse($"CREATE PROCEDURE p() RETURNS {returns} LANGUAGE JAVASCRIPT AS $$\n{body}\n$$");
        return new JavaScriptProcedureHost().Call(definition, definition.Name, [], session ?? new FakeProcedureSession()).Rows[0][0];
    }

    private object? CallOnEngine(string body, string arguments = "", string values = "", string returns = "VARCHAR")
    {
        _h.Rows($"CREATE OR REPLACE PROCEDURE PROBE({arguments}) RETURNS {returns} LANGUAGE JAVASCRIPT AS $$\n{body}\n$$");
        return _h.Scalar($"CALL PROBE({values})");
    }

    // getColumnValue(colName): "The column name should be all uppercase unless double quotes were used in the column name
    // when the table was created"; an unknown name throws. A lower-case name for an unquoted column is such an error.
    [Fact]
    public void ResultSet_column_name_lookup_is_case_sensitive()
    {
        var value = CallOnEngine("""
            var rs = snowflake.execute({sqlText: 'SELECT ID, NAME FROM T'});
            rs.next();
            var upper = rs.getColumnValue('NAME');
            try { rs.getColumnValue('name'); return 'lower case found ' + upper; } catch (e) { return upper + '|' + e.message; }
            """);

        value.Should().Be("one|ResultSet.getColumnValue: the result has no column named 'name' (column names are case-sensitive: did you mean 'NAME'?).");
    }

    // Object SfDate: a TIMESTAMP_* value read from a ResultSet is an SfDate, a Date with getEpochSeconds, getNanoSeconds,
    // getScale and getTimezone (the values below are the documentation's examples; nanoseconds are within DuckDB's
    // microsecond precision).
    [Fact]
    public void Timestamp_read_from_a_result_set_is_an_SfDate()
    {
        string Read(string sql, string method) => (string)CallOnEngine($$"""
            var rs = snowflake.execute({sqlText: "{{sql}}"});
            rs.next();
            var d = rs.getColumnValue(1);
            return (d instanceof Date) + ':' + d.{{method}}();
            """)!;

        Read("SELECT '1970-01-01 00:00:00.000000000'::TIMESTAMP_NTZ", "getEpochSeconds").Should().Be("true:0");
        Read("SELECT '1970-01-01 00:00:01.987654'::TIMESTAMP_NTZ", "getEpochSeconds").Should().Be("true:1");
        Read("SELECT '1971-01-01 00:00:00'::TIMESTAMP_NTZ", "getEpochSeconds").Should().Be("true:31536000");
        Read("SELECT '1970-01-01 00:00:01.987654'::TIMESTAMP_NTZ", "getNanoSeconds").Should().Be("true:987654000");
        Read("SELECT TS FROM T", "getScale").Should().Be("true:9");
        Read("SELECT '1970-01-01 00:00:01-08:00'::TIMESTAMP_TZ", "getTimezone").Should().Be("true:-480");
    }

    // Timestamp arguments arrive as a plain JavaScript date ("When a timestamp is passed as an argument to a stored
    // procedure, the timestamp is converted to a JavaScript date object"), not an SfDate.
    [Fact]
    public void Timestamp_argument_is_a_plain_date()
    {
        CallOnEngine("return (A instanceof Date) + ':' + (typeof A.getEpochSeconds);", "A TIMESTAMP_NTZ", "'2024-01-02 03:04:05'::TIMESTAMP_NTZ")
            .Should().Be("true:undefined");
    }

    // Binding variables: "only JavaScript variables of type number, string, and SfDate can be bound"; execute() "Throws a
    // JavaScript Error if ... The statement tries to bind an argument whose data type is not supported".
    [Fact]
    public void Boolean_and_plain_date_binds_are_rejected_and_an_sfdate_binds()
    {
        var value = CallOnEngine("""
            var out = [];
            try { snowflake.execute({sqlText: 'INSERT INTO T (ID, NAME) VALUES (2, ?)', binds: [true]}); out.push('boolean bound'); } catch (e) { out.push('boolean rejected'); }
            try { snowflake.execute({sqlText: 'INSERT INTO T (ID, TS) VALUES (3, ?)', binds: [new Date(0)]}); out.push('Date bound'); } catch (e) { out.push('Date rejected'); }
            var rs = snowflake.execute({sqlText: 'SELECT TS FROM T WHERE ID = 1'});
            rs.next();
            snowflake.execute({sqlText: 'INSERT INTO T (ID, TS) VALUES (4, :1)', binds: [rs.getColumnValue(1)]});
            out.push('SfDate bound');
            return out.join('|');
            """);

        value.Should().Be("boolean rejected|Date rejected|SfDate bound");
        _h.Scalar("SELECT COUNT(*) FROM T WHERE ID IN (2, 3)").Should().Be(0L);
        _h.Scalar("SELECT TO_VARCHAR(TS) FROM T WHERE ID = 4").Should().Be(_h.Scalar("SELECT TO_VARCHAR(TS) FROM T WHERE ID = 1"));
    }

    // An argument is a value of its declared SQL type: NUMBER(10,2) holds 12.35 for 12.345, NUMBER (scale 0) holds 2 for 1.7
    // (https://docs.snowflake.com/en/developer-guide/udf-stored-procedure-data-type-mapping, CALL casts each argument).
    [Fact]
    public void Number_argument_has_its_declared_scale()
    {
        CallOnEngine("return A + '|' + B;", "A NUMBER(10,2), B NUMBER", "12.345, 1.7").Should().Be("12.35|2");
    }

    // RETURNS NUMBER holds NUMBER(38,0) values (https://docs.snowflake.com/en/sql-reference/data-types-numeric#number):
    // within a 64-bit integer the emulator returns them; past NUMBER(38) Snowflake fails with 100039 too; in between the
    // emulator can't hold the value and says so instead of returning a wrapped number.
    [Fact]
    public void Returned_number_is_exact_or_an_error_never_a_wrapped_value()
    {
        CallOnEngine("return 9007199254740000;", returns: "NUMBER").Should().Be(9007199254740000L);
        CallOnEngine("return -1.5;", returns: "NUMBER").Should().Be(-2L);

        var unsupported = () => CallOnEngine("return 1e20;", returns: "NUMBER");
        unsupported.Should().Throw<LocalSnowflakeException>().Where(e => e.SqlState == "0A000" && e.Message.Contains("PROBE", StringComparison.Ordinal));

        var outOfRange = () => CallOnEngine("return 1e39;", returns: "NUMBER");
        outOfRange.Should().Throw<LocalSnowflakeException>().Where(e => e.SnowflakeErrorCode == 100039 && e.SqlState == "22003");

        var wideDecimal = () => CallOnEngine("return 1e30;", returns: "NUMBER(38,2)");
        wideDecimal.Should().Throw<LocalSnowflakeException>().Where(e => e.SqlState == "0A000");
    }

    // createStatement / execute: "Throws a JavaScript Error if sqlText is missing or contains an empty query text."
    [Fact]
    public void Empty_sql_text_is_a_javascript_error_before_any_sql_runs()
    {
        var session = new FakeProcedureSession();

        var value = Call("""
            var out = [];
            try { snowflake.execute({sqlText: '  '}); } catch (e) { out.push(e instanceof Error); }
            try { snowflake.createStatement({binds: [1]}); } catch (e) { out.push(e instanceof Error); }
            return out.join('|');
            """, session);

        value.Should().Be("true|true");
        session.Executed.Should().BeEmpty();
    }

    // Statement.getQueryId(): "If no query has been executed yet by this statement, the method throws the error
    // 'Statement is not executed yet.'"
    [Fact]
    public void Statement_query_id_before_execute_throws_the_documented_message()
    {
        Call("""
            var stmt = snowflake.createStatement({sqlText: 'SELECT 1'});
            try { stmt.getQueryId(); return 'no error'; } catch (e) { return e.message; }
            """).Should().Be("Statement is not executed yet.");
    }

    // ResultSet.getColumnSqlType: "Throws a JavaScript Error if ResultSet is empty or next() has not yet been called."
    [Fact]
    public void ResultSet_column_sql_type_needs_a_current_row()
    {
        var session = new FakeProcedureSession().Answer("SELECT 1 AS X", FakeProcedureSession.Table(["X"], ["NUMBER(1,0)"], [1L]));

        Call("""
            var rs = snowflake.execute({sqlText: 'SELECT 1 AS X'});
            var before;
            try { rs.getColumnSqlType(1); before = 'no error'; } catch (e) { before = 'error'; }
            rs.next();
            return before + '|' + rs.getColumnSqlType('X');
            """, session).Should().Be("error|NUMBER(1,0)");
    }

    // snowflake.log: throws if level is not a string or not one of off, trace, debug, info, warn, error, fatal.
    // snowflake.addEvent: throws if name is not a string or there are zero or more than two arguments.
    // snowflake.setSpanAttribute: throws if two arguments aren't given or key is not a string.
    [Fact]
    public void Log_add_event_and_set_span_attribute_validate_their_arguments()
    {
        var logged = new List<string>();
        var definition = ProcedureDdlParser.Parse("""
            CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$
              var bad = [
                function () { snowflake.log('verbose', 'x'); },
                function () { snowflake.log(3, 'x'); },
                function () { snowflake.addEvent(); },
                function () { snowflake.addEvent(42); },
                function () { snowflake.addEvent('e', {}, 'extra'); },
                function () { snowflake.setSpanAttribute('key'); },
                function () { snowflake.setSpanAttribute(1, 2); }
              ];
              var thrown = 0;
              for (var i = 0; i < bad.length; i++) { try { bad[i](); } catch (e) { if (e instanceof Error) thrown++; } }
              snowflake.log('warn', 'kept', {custom: 1});
              snowflake.addEvent('my_event', {'score': 89, 'pass': true});
              snowflake.setSpanAttribute('example.boolean', true);
              return thrown + ' of ' + bad.length;
            $$
            """);

        var value = new JavaScriptProcedureHost(log: (_, level, message) => logged.Add(level + ':' + message))
            .Call(definition, "P", [], new FakeProcedureSession()).Rows[0][0];

        value.Should().Be("7 of 7");
        logged.Should().Equal("warn:kept");
    }

    // "If the return statement ... returns a data type different from the declared return type, the JavaScript value is
    // cast to the SQL data type if possible ... If no valid cast for the conversion exists, then an error occurs."
    [Fact]
    public void Returning_a_string_that_is_not_a_boolean_from_returns_boolean_is_a_cast_error()
    {
        var act = () => Call("return 'maybe';", returns: "BOOLEAN");

        act.Should().Throw<LocalSnowflakeException>()
            .Where(e => e.SnowflakeErrorCode == 100037 && e.SqlState == "22018")
            .WithMessage("Boolean value 'maybe' is not recognized*");
        Call("return 'yes';", returns: "BOOLEAN").Should().Be(true);
    }
    // "If an outer stored procedure [or the caller] opens a transaction and an inner stored procedure executes such a command
    // [DDL, which commits implicitly], the command returns the following error message: Modifying a transaction that has
    // started at a different scope is not allowed." The caller's transaction is not committed by it
    // (https://docs.snowflake.com/en/sql-reference/transactions#implicit-commits-for-transactions-inside-stored-procedures).
    [Fact]
    public void Ddl_in_a_procedure_cannot_commit_the_caller_s_transaction()
    {
        _h.Rows("""
            CREATE PROCEDURE MAKES_TABLE() RETURNS VARCHAR LANGUAGE JAVASCRIPT EXECUTE AS CALLER AS $$
              snowflake.execute({sqlText: 'CREATE TABLE MADE (X INT)'});
              return 'created';
            $$
            """);

        _h.Rows("BEGIN TRANSACTION");
        _h.Rows("INSERT INTO T (ID) VALUES (10)");
        var error = _h.Error("CALL MAKES_TABLE()");
        _h.Rows("ROLLBACK");

        error.Message.Should().Contain("Modifying a transaction that has started at a different scope is not allowed.");
        _h.Scalar("SELECT COUNT(*) FROM T WHERE ID = 10").Should().Be(0L, "the caller's transaction was not committed by the procedure's DDL");
        _h.Scalar("CALL MAKES_TABLE()").Should().Be("created", "outside a transaction the DDL runs");
    }
    // "In a given schema, you can define multiple procedures ... that have the same name but different signatures. The
    // signatures must differ by the number of arguments, the types of the arguments, or both." A CALL picks the signature by
    // the number and the types of its arguments; DROP PROCEDURE names the signature it drops
    // (https://docs.snowflake.com/en/developer-guide/udf-stored-procedure-naming-conventions#overloading-procedures-and-functions).
    [Fact]
    public void Procedures_are_overloaded_by_signature()
    {
        _h.Rows("CREATE PROCEDURE MYPROC(S VARCHAR) RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$ return 'varchar ' + S; $$");
        _h.Rows("CREATE PROCEDURE MYPROC(N NUMBER) RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$ return 'number ' + N; $$");
        _h.Rows("CREATE PROCEDURE MYPROC(N NUMBER, S VARCHAR) RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$ return 'two ' + N + S; $$");

        _h.Scalar("CALL MYPROC('a')").Should().Be("varchar a");
        _h.Scalar("CALL MYPROC(5)").Should().Be("number 5");
        _h.Scalar("CALL MYPROC(1, 'b')").Should().Be("two 1b");
        _h.Scalar("CALL MYPROC(S => 'c')").Should().Be("varchar c");
        _h.Result("SHOW PROCEDURES LIKE 'MYPROC'").Rows.Should().HaveCount(3);
        _h.Error("CREATE PROCEDURE MYPROC(X STRING) RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$ return 'again'; $$")
            .Message.Should().Contain("already exists", "MYPROC(VARCHAR) exists: STRING is VARCHAR");

        _h.Rows("CREATE OR REPLACE PROCEDURE MYPROC(S VARCHAR) RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$ return 'replaced ' + S; $$");
        _h.Scalar("DROP PROCEDURE MYPROC(NUMBER, VARCHAR)").Should().Be("MYPROC successfully dropped.");

        _h.Scalar("CALL MYPROC('a')").Should().Be("replaced a");
        _h.Scalar("CALL MYPROC(5)").Should().Be("number 5");
        _h.Error("CALL MYPROC(1, 'b')").Message.Should().Contain("Invalid argument types for function 'MYPROC'");
        _h.Rows("DESC PROCEDURE MYPROC(NUMBER)").Should().ContainEquivalentOf(new object?[] { "signature", "(N NUMBER)" });
    }
    // CALL (with anonymous procedure) is not emulated: it fails with 0A000 naming the construct rather than as SQL the engine
    // cannot parse (https://docs.snowflake.com/en/sql-reference/sql/call-with).
    [Fact]
    public void Anonymous_procedure_call_is_refused_naming_the_construct()
    {
        var error = _h.Error("WITH SP_PI AS PROCEDURE() RETURNS FLOAT LANGUAGE JAVASCRIPT AS $$ return 3.1415926; $$ CALL SP_PI()");

        error.SqlState.Should().Be("0A000");
        error.Message.Should().Contain("CALL (with anonymous procedure)");
    }
    // createStatement: "Throws a JavaScript Error if ... The statement tries to bind an argument whose data type is not
    // supported" (at createStatement, before execute()).
    [Fact]
    public void Create_statement_rejects_an_unsupported_bind_before_execute()
    {
        var session = new FakeProcedureSession();

        var value = Call("""
            var stmt;
            try { stmt = snowflake.createStatement({sqlText: 'SELECT ?', binds: [true]}); } catch (e) { return 'createStatement: ' + e.message; }
            return 'created';
            """, session);

        ((string)value!).Should().StartWith("createStatement: Invalid binds argument true.");
        session.Executed.Should().BeEmpty();
    }
    // getColumnValueAsString returns the value as a string, in Snowflake's default output formats: TIMESTAMP_LTZ
    // 'YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM' (the documentation's example shows 2008-11-18 16:00:00.000 -0800), TIME 'HH24:MI:SS'
    // (https://docs.snowflake.com/en/sql-reference/parameters#timestamp-ltz-output-format, #time-output-format).
    [Fact]
    public void Value_as_string_uses_the_default_output_formats()
    {
        CallOnEngine("""
            var rs = snowflake.execute({sqlText: "SELECT '2008-11-18 16:00:00'::TIMESTAMP_LTZ, '12:30:00.123'::TIME"});
            rs.next();
            return rs.getColumnValueAsString(1) + '|' + rs.getColumnValueAsString(2);
            """).Should().Be("2008-11-18 16:00:00.000 -0800|12:30:00");
    }
    // The documentation's recursive stored procedure example: a procedure CALLs itself through snowflake.createStatement
    // with a bound number (https://docs.snowflake.com/en/developer-guide/stored-procedure/stored-procedures-javascript#recursive-stored-procedure-example).
    [Fact]
    public void Recursive_procedure_from_the_documentation()
    {
        _h.Rows("CREATE OR REPLACE TABLE STPROC_TEST_TABLE2 (COL1 FLOAT)");
        _h.Rows("""
            create or replace procedure recursive_stproc(counter FLOAT)
                returns varchar not null
                language javascript
                as
                $$
                var counter1 = COUNTER;
                var returned_value = "";
                var accumulator = "";
                var stmt = snowflake.createStatement(
                    {
                    sqlText: "INSERT INTO stproc_test_table2 (col1) VALUES (?);",
                    binds:[counter1]
                    }
                    );
                var res = stmt.execute();
                if (COUNTER > 0)
                    {
                    stmt = snowflake.createStatement(
                        {
                        sqlText: "call recursive_stproc (?);",
                        binds:[counter1 - 1]
                        }
                        );
                    res = stmt.execute();
                    res.next();
                    returned_value = res.getColumnValue(1);
                    }
                accumulator = accumulator + counter1 + ":" + returned_value;
                return accumulator;
                $$
                ;
            """);

        _h.Scalar("call recursive_stproc(4.0::FLOAT)").Should().Be("4:3:2:1:0:");
        _h.Rows("SELECT COL1 FROM STPROC_TEST_TABLE2 ORDER BY COL1").Select(r => r[0]).Should().Equal(0d, 1d, 2d, 3d, 4d);
    }
    // The documentation's transaction example: BEGIN WORK, then COMMIT WORK or, after a failure, ROLLBACK WORK in the catch
    // (https://docs.snowflake.com/en/developer-guide/stored-procedure/stored-procedures-javascript#using-transactions-in-stored-procedures).
    [Fact]
    public void Cleanup_transaction_from_the_documentation_commits_or_rolls_back()
    {
        _h.Rows("CREATE TABLE CHILD (X INT)");
        _h.Rows("CREATE TABLE PARENT (X INT)");
        _h.Rows("INSERT INTO CHILD VALUES (1)");
        _h.Rows("INSERT INTO PARENT VALUES (1)");
        _h.Rows("""
            CREATE OR REPLACE PROCEDURE cleanup(force_failure VARCHAR)
              RETURNS VARCHAR NOT NULL
              LANGUAGE JAVASCRIPT
              AS
              $$
              var result = "";
              snowflake.execute( {sqlText: "BEGIN WORK;"} );
              try {
                  snowflake.execute( {sqlText: "DELETE FROM child;"} );
                  snowflake.execute( {sqlText: "DELETE FROM parent;"} );
                  if (FORCE_FAILURE === "fail")  {
                      snowflake.execute( {sqlText: "DELETE FROM no_such_table;"} );
                      }
                  snowflake.execute( {sqlText: "COMMIT WORK;"} );
                  result = "Succeeded";
                  }
              catch (err)  {
                  snowflake.execute( {sqlText: "ROLLBACK WORK;"} );
                  return "Failed: " + err;
                  }
              return result;
              $$
              ;
            """);

        ((string)_h.Scalar("CALL cleanup('fail')")!).Should().StartWith("Failed: Error: SQL compilation error:");
        _h.Scalar("SELECT (SELECT COUNT(*) FROM CHILD) + (SELECT COUNT(*) FROM PARENT)").Should().Be(2L);
        _h.Scalar("CALL cleanup('do not fail')").Should().Be("Succeeded");
        _h.Scalar("SELECT (SELECT COUNT(*) FROM CHILD) + (SELECT COUNT(*) FROM PARENT)").Should().Be(0L);
    }
}
