using System.Text.Json;
using System.Text.RegularExpressions;
using CustomerPipeline;
using Jint;
using Jint.Runtime;
using SnowMedallion.Model;
using SnowMedallion.Sql.Lexing;

namespace SnowMedallion.Tests.Building;

// The generated body may use only the documented JavaScript stored-procedure API:
// https://docs.snowflake.com/en/developer-guide/stored-procedure/stored-procedures-api
// Streams advance only when the DML transaction that read them commits:
// https://docs.snowflake.com/en/user-guide/streams-intro ; DDL commits implicitly:
// https://docs.snowflake.com/en/sql-reference/transactions
public sealed partial class UpsertProcedureTests
{
    private static readonly MedallionPipeline Pipeline = CustomerPipelineDefinition.Create();
    private static readonly Procedure Procedure = Pipeline.Procedures.Single();

    [Fact]
    public void Runs_every_statement_in_one_transaction_and_returns_the_json_summary()
    {
        var (result, log) = Run(failOn: null);

        log.Should().Equal(
            "BEGIN TRANSACTION", "COUNT", "INSERT INTO SNOWLAKE_DB.SILVER.CUSTOMER_REJECTS", "UNCHANGED", "MERGE", "COMMIT",
            "CALL SYSTEM$SET_RETURN_VALUE('" + result + "')");
        var summary = JsonDocument.Parse(result).RootElement;
        summary.GetProperty("rowsRead").GetInt32().Should().Be(10);
        summary.GetProperty("filtered").GetInt32().Should().Be(1);
        summary.GetProperty("rejected").GetInt32().Should().Be(1);
        summary.GetProperty("unchanged").GetInt32().Should().Be(2);
        summary.GetProperty("inserted").GetInt32().Should().Be(4);
        summary.GetProperty("updated").GetInt32().Should().Be(1, "3 rows updated by MERGE minus the 2 unchanged rows whose UPDATE_DTS only was touched");
        summary.GetProperty("duplicates").GetInt32().Should().Be(1);
    }

    [Fact]
    public void A_failing_merge_rolls_back_and_rethrows_so_the_stream_is_not_consumed()
    {
        var act = () => Run(failOn: "MERGE");

        var error = act.Should().Throw<JavaScriptException>().Which;
        error.Message.Should().Contain("Duplicate row detected");
        Log.Should().Equal("BEGIN TRANSACTION", "COUNT", "INSERT INTO SNOWLAKE_DB.SILVER.CUSTOMER_REJECTS", "UNCHANGED", "MERGE", "ROLLBACK");
    }

    [Fact]
    public void Reads_the_stream_only_with_select_and_dml_never_ddl()
    {
        var statements = SqlStatements(Procedure.Body);

        statements.Should().HaveCount(4);
        statements.Select(FirstWord).Should().Equal("SELECT", "INSERT", "SELECT", "MERGE");
        statements.Should().AllSatisfy(s => s.Should().NotMatchRegex(@"\b(CREATE|ALTER|DROP|TRUNCATE|USE)\b"));
    }

    [Fact]
    public void Merge_source_is_deduplicated_on_the_key_keeping_the_latest_file_and_row()
    {
        var merge = SqlStatements(Procedure.Body).Single(s => s.StartsWith("MERGE", StringComparison.Ordinal));

        merge.Should().Contain("QUALIFY ROW_NUMBER() OVER (PARTITION BY FIRST_NAME, LAST_NAME ORDER BY SM$SOURCE_FILE DESC, SM$SOURCE_ROW DESC) = 1");
        merge.Should().Contain("SOURCE_FILE_NAME AS SM$SOURCE_FILE").And.Contain("SOURCE_FILE_ROW_NUMBER AS SM$SOURCE_ROW");
        merge.Should().Contain("WHEN MATCHED AND T.MD5_HASH = S.MD5_HASH THEN UPDATE SET UPDATE_DTS = S.UPDATE_DTS\nWHEN MATCHED THEN UPDATE SET COMPANYNAME = S.COMPANYNAME,");
        merge.Should().Contain("WHERE FIRST_NAME IS NOT NULL AND LAST_NAME IS NOT NULL AND ADDRESSLINE1 IS NOT NULL AND STATE IS NOT NULL");
    }

    [Fact]
    public void Rows_breaking_not_null_columns_go_to_the_reject_table_with_reason_file_and_row()
    {
        var reject = SqlStatements(Procedure.Body).Single(s => s.StartsWith("INSERT", StringComparison.Ordinal));
        var rejects = Pipeline.Find<Table>("SNOWLAKE_DB.SILVER.CUSTOMER_REJECTS")!;

        rejects.Columns.Take(4).Select(c => c.Name).Should().Equal("REJECT_REASON", "REJECTED_DTS", "SOURCE_FILE_NAME", "SOURCE_FILE_ROW_NUMBER");
        rejects.Columns.Skip(4).Should().OnlyContain(c => c.Nullable);
        reject.Should().StartWith("INSERT INTO SNOWLAKE_DB.SILVER.CUSTOMER_REJECTS (REJECT_REASON, REJECTED_DTS, SOURCE_FILE_NAME, SOURCE_FILE_ROW_NUMBER, FIRST_NAME,");
        reject.Should().Contain("CASE WHEN STATE IS NULL THEN ' STATE' ELSE '' END");
        reject.Should().EndWith("WHERE FIRST_NAME IS NULL OR LAST_NAME IS NULL OR ADDRESSLINE1 IS NULL OR STATE IS NULL OR COUNTRY IS NULL OR PROCESS_ID IS NULL");
    }

    [Fact]
    public void Values_that_cannot_be_null_are_not_checked()
    {
        // Constants (TIME_ZONE...), the procedure's name, the hash and copies of NOT NULL BRONZE columns (INSERT_DTS,
        // UPDATE_DTS) can't be NULL; an expression (PROCESS_ID = CURRENT_SESSION()) and nullable columns are checked.
        var merge = SqlStatements(Procedure.Body).Single(s => s.StartsWith("MERGE", StringComparison.Ordinal));

        merge.Should().Contain("WHERE FIRST_NAME IS NOT NULL AND LAST_NAME IS NOT NULL AND ADDRESSLINE1 IS NOT NULL AND STATE IS NOT NULL AND COUNTRY IS NOT NULL AND PROCESS_ID IS NOT NULL\n");
        foreach (var column in new[] { "TIME_ZONE", "SOURCE_SYS_NAME", "INSTNC_ST_NM", "PROCESS_NAME", "INSERT_DTS", "UPDATE_DTS", "MD5_HASH" })
        {
            Procedure.Body.Should().NotContain(column + " IS NULL").And.NotContain(column + " IS NOT NULL");
        }
    }

    [Fact]
    public void Body_uses_only_the_documented_snowflake_api()
    {
        var calls = ApiCall().Matches(Procedure.Body).Select(m => m.Groups[1].Value).ToHashSet();

        calls.Should().BeSubsetOf(["execute", "createStatement", "next", "getColumnValue", "getNumRowsInserted", "getNumRowsUpdated", "stringify", "join", "replace"]);
        Procedure.Body.Should().NotContain("getNumRowsAffected").And.Contain("JSON.stringify(summary)");
    }

    [Fact]
    public void Task_calls_the_procedure_when_the_stream_has_data_and_is_started()
    {
        var task = Pipeline.Tasks.Single();

        task.Action.Should().BeOfType<CallProcedure>().Which.Procedure.Should().BeSameAs(Procedure);
        task.When!.Stream.Should().BeSameAs(Pipeline.Streams.Single());
        task.Started.Should().BeTrue();
        Procedure.References.Should().Contain(Pipeline.Streams.Single());
    }

    private static List<string> Log { get; set; } = [];

    // Runs the generated body in Jint against a fake `snowflake` object that records each statement.
    private static (string Result, List<string> Log) Run(string? failOn)
    {
        var engine = new Engine();
        engine.SetValue("failOn", failOn);
        engine.Execute("""
            var log = [];
            function label(sql) {
              if (sql.indexOf("SELECT COUNT(*) AS ROWS_READ") === 0) return "COUNT";
              if (sql.indexOf("AS ROWS_UNCHANGED") > 0) return "UNCHANGED";
              if (sql.indexOf("MERGE") === 0) return "MERGE";
              if (sql.indexOf("INSERT INTO") === 0) return sql.split(" (")[0];
              return sql;
            }
            function record(sql, binds) {
              var name = label(sql);
              log.push(binds ? name + " [" + binds.join(", ") + "]" : name);
              if (name === failOn) { var e = new Error("Duplicate row detected during DML action"); e.code = 100090; throw e; }
              return name;
            }
            var values = { COUNT: [10, 9], UNCHANGED: [2] };
            var snowflake = {
              execute: function (o) {
                var name = record(o.sqlText, o.binds);
                var row = values[name] || [];
                return { next: function () { return true; }, getColumnValue: function (i) { return row[i - 1]; } };
              },
              createStatement: function (o) {
                return {
                  execute: function () { record(o.sqlText); },
                  getNumRowsInserted: function () { return label(o.sqlText) === "MERGE" ? 4 : 1; },
                  getNumRowsUpdated: function () { return label(o.sqlText) === "MERGE" ? 3 : 0; }
                };
              }
            };
            """);
        try
        {
            engine.Execute("var result = (function (DATABASE) {" + Procedure.Body + "})('SNOWLAKE_DB');");
            return (engine.GetValue("result").AsString(), ReadLog(engine));
        }
        finally
        {
            Log = ReadLog(engine);
        }
    }

    private static List<string> ReadLog(Engine engine) =>
        JsonSerializer.Deserialize<List<string>>(engine.Evaluate("JSON.stringify(log)").AsString())!;

    // Evaluates the generated `var SQL_X = [...].join("\n");` definitions and returns the SQL texts.
    private static List<string> SqlStatements(string body)
    {
        var engine = new Engine();
        var definitions = string.Join("\n", SqlDefinition().Matches(body).Select(m => m.Value));
        engine.Execute(definitions);
        return SqlDefinition().Matches(body).Select(m => engine.GetValue(m.Groups[1].Value).AsString()).ToList();
    }

    private static string FirstWord(string sql) => SnowflakeTokenizer.Tokenize(sql)[0].Value;

    [GeneratedRegex(@"var (SQL_[A-Z]+) = \[[\s\S]*?\]\.join\(""\\n""\);")]
    private static partial Regex SqlDefinition();

    [GeneratedRegex(@"\.([A-Za-z]+)\(")]
    private static partial Regex ApiCall();
}
