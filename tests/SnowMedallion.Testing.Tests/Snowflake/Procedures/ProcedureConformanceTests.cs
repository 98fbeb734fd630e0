namespace SnowMedallion.Testing.Tests.Snowflake.Procedures;

// JavaScript procedures on LocalSnowflake, end to end through ADO.NET.
// API: https://docs.snowflake.com/en/sql-reference/stored-procedures-api
// Transactions in procedures: https://docs.snowflake.com/en/sql-reference/transactions#transactions-and-stored-procedures
public sealed class ProcedureConformanceTests : IAsyncLifetime
{
    private LocalSnowflakeHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await LocalSnowflakeHarness.StartAsync();
        _h.Rows("CREATE DATABASE DB");
        _h.Rows("CREATE SCHEMA DB.S");
        _h.Rows("USE SCHEMA DB.S");
        _h.Rows("CREATE TABLE T (ID INT, NAME VARCHAR)");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public void Binds_fill_question_marks_and_results_read_by_index_and_name()
    {
        _h.Rows("""
            CREATE OR REPLACE PROCEDURE ADD_ROWS(prefix VARCHAR, n FLOAT)
            RETURNS VARCHAR LANGUAGE JAVASCRIPT AS
            $$
              for (var i = 1; i <= N; i++) {
                snowflake.execute({sqlText: 'INSERT INTO T VALUES (?, ?)', binds: [i, PREFIX + i]});
              }
              var rs = snowflake.execute({sqlText: 'SELECT ID, NAME FROM T ORDER BY ID'});
              var out = [];
              while (rs.next()) { out.push(rs.getColumnValue(1) + '=' + rs.getColumnValue('NAME')); }
              return out.join(',');
            $$
            """);

        var result = _h.Result("CALL ADD_ROWS('row', 3)");

        result.Columns.Should().Equal("ADD_ROWS");
        result.Rows.Should().ContainSingle().Which[0].Should().Be("1=row1,2=row2,3=row3");
        _h.Scalar("SELECT COUNT(*) FROM T").Should().Be(3L);
    }

    [Fact]
    public void Statement_reports_rows_inserted_by_its_dml()
    {
        _h.Rows("""
            CREATE PROCEDURE COUNTS() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$
              var stmt = snowflake.createStatement({sqlText: 'INSERT INTO T VALUES (1, ?), (2, ?)', binds: ['a', 'b']});
              stmt.execute();
              return stmt.getNumRowsInserted() + '/' + stmt.getNumRowsAffected() + '/' + stmt.getSqlText();
            $$
            """);

        _h.Scalar("CALL COUNTS()").Should().Be("2/2/INSERT INTO T VALUES (1, ?), (2, ?)");
    }

    [Fact]
    public void Failing_statement_is_catchable_with_the_code_and_state_it_raises_outside()
    {
        var outside = _h.Error("SELECT * FROM NO_SUCH_TABLE");
        _h.Rows("""
            CREATE PROCEDURE CATCHES() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$
              try {
                snowflake.execute({sqlText: 'SELECT * FROM NO_SUCH_TABLE'});
                return 'no error';
              } catch (err) {
                return err.code + '|' + err.state + '|' + err.message + '|' + err.stackTraceTxt;
              }
            $$
            """);

        var caught = (string)_h.Scalar("CALL CATCHES()")!;

        caught.Should().Be($"{outside.SnowflakeErrorCode}|{outside.SqlState}|{outside.Message}|At Snowflake.execute, line 3 position 14");
    }

    [Fact]
    public void Uncaught_statement_error_fails_the_call_with_100183()
    {
        _h.Rows("""
            CREATE PROCEDURE FAILS() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$
            snowflake.execute({sqlText: 'SELECT * FROM NO_SUCH_TABLE'});
            $$
            """);

        var error = _h.Error("CALL FAILS()");

        error.SnowflakeErrorCode.Should().Be(100183);
        error.SqlState.Should().Be("P0000");
        error.Message.Should().StartWith("Execution error in store procedure FAILS:\n");
    }

    [Fact]
    public void Rollback_in_the_body_undoes_the_body_s_inserts()
    {
        _h.Rows("""
            CREATE PROCEDURE ROLLS_BACK() RETURNS VARCHAR LANGUAGE JAVASCRIPT EXECUTE AS CALLER AS $$
              snowflake.execute({sqlText: 'BEGIN'});
              snowflake.execute({sqlText: 'INSERT INTO T VALUES (1, \'x\')'});
              snowflake.execute({sqlText: 'ROLLBACK'});
              return 'done';
            $$
            """);

        _h.Scalar("CALL ROLLS_BACK()").Should().Be("done");

        _h.Scalar("SELECT COUNT(*) FROM T").Should().Be(0L);
    }

    [Fact]
    public void Body_statements_belong_to_the_caller_s_open_transaction()
    {
        _h.Rows("""
            CREATE PROCEDURE INSERTS() RETURNS VARCHAR LANGUAGE JAVASCRIPT EXECUTE AS CALLER AS $$
              snowflake.execute({sqlText: 'INSERT INTO T VALUES (7, \'in caller txn\')'});
              return 'ok';
            $$
            """);
        using var other = _h.OpenSession();

        _h.Rows("BEGIN TRANSACTION");
        _h.Scalar("CALL INSERTS()");
        var seenByOtherSession = LocalSnowflakeHarness.Rows(other, "SELECT COUNT(*) FROM DB.S.T")[0][0];
        _h.Rows("ROLLBACK");

        seenByOtherSession.Should().Be(0L, "the insert is uncommitted in the caller's transaction");
        _h.Scalar("SELECT COUNT(*) FROM T").Should().Be(0L);
    }

    [Fact]
    public void Transaction_left_open_by_the_body_is_rolled_back_and_the_call_fails()
    {
        _h.Rows("""
            CREATE PROCEDURE LEAVES_OPEN() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$
              snowflake.execute({sqlText: 'BEGIN TRANSACTION'});
              snowflake.execute({sqlText: 'INSERT INTO T VALUES (8, \'open\')'});
              return 'open';
            $$
            """);

        var error = _h.Error("CALL LEAVES_OPEN()");

        error.Message.Should().Contain("still active");
        _h.Scalar("SELECT COUNT(*) FROM T").Should().Be(0L);
    }

    [Fact]
    public void Body_cannot_commit_the_caller_s_transaction()
    {
        _h.Rows("""
            CREATE PROCEDURE COMMITS() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS $$
              snowflake.execute({sqlText: 'COMMIT'});
              return 'committed';
            $$
            """);

        _h.Rows("BEGIN TRANSACTION");
        _h.Rows("INSERT INTO T VALUES (9, 'outer')");
        var error = _h.Error("CALL COMMITS()");
        _h.Rows("ROLLBACK");

        error.Message.Should().Contain("Modifying a transaction that has started at a different scope is not allowed.");
        _h.Scalar("SELECT COUNT(*) FROM T").Should().Be(0L);
    }

    [Fact]
    public void Unknown_procedure_is_an_error_naming_it()
    {
        var error = _h.Error("CALL NOPE(1)");

        error.Message.Should().Contain("DB.S.NOPE");
    }

    [Fact]
    public void Show_and_describe_procedures()
    {
        _h.Rows("CREATE PROCEDURE P1(a VARCHAR, b NUMBER) RETURNS VARCHAR LANGUAGE JAVASCRIPT EXECUTE AS CALLER AS 'return A;'");

        var show = _h.Result("SHOW PROCEDURES LIKE 'P%' IN SCHEMA DB.S");
        var describe = _h.Rows("DESC PROCEDURE P1(VARCHAR, NUMBER)");

        show.Rows.Should().ContainSingle();
        show.Rows[0][show.Columns.IndexOf("arguments")].Should().Be("P1(VARCHAR, NUMBER) RETURN VARCHAR");
        describe.Should().ContainEquivalentOf(new object?[] { "signature", "(A VARCHAR, B NUMBER)" });
        describe.Should().ContainEquivalentOf(new object?[] { "execute as", "CALLER" });
        _h.Scalar("DROP PROCEDURE P1(VARCHAR, NUMBER)").Should().Be("P1 successfully dropped.");
    }

    [Fact]
    public void Sql_procedure_runs_its_block_and_returns()
    {
        _h.Rows("""
            CREATE PROCEDURE SQL_PROC(id NUMBER) RETURNS NUMBER LANGUAGE SQL AS
            $$
            BEGIN
              INSERT INTO T VALUES (:id, 'from sql');
              RETURN id + 1;
            END
            $$
            """);

        _h.Scalar("CALL SQL_PROC(41)").Should().Be(42L);
        _h.Scalar("SELECT NAME FROM T WHERE ID = 41").Should().Be("from sql");
    }
}
