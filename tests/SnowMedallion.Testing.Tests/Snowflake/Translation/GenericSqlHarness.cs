using DuckDB.NET.Data;
using SnowMedallion.Sql.Lexing;
using SnowMedallion.Testing.Snowflake;
using SnowMedallion.Testing.Snowflake.Translation;

namespace SnowMedallion.Testing.Tests.Snowflake.Translation;

/// <summary>
/// Runs Snowflake SQL through the generic executor on a raw DuckDB connection: database SNOWLAKE_DB attached as a
/// DuckDB catalog (as the engine does on CREATE DATABASE) with schemas PUBLIC, BRONZE, SILVER and GOLD.
/// </summary>
internal sealed class GenericSqlHarness : IDisposable
{
    public GenericSqlHarness()
    {
        Connection = new DuckDBConnection("Data Source=:memory:");
        Connection.Open();
        foreach (var sql in new[]
        {
            "SET autoinstall_known_extensions=false", "SET autoload_known_extensions=false",
            "ATTACH ':memory:' AS \"SNOWLAKE_DB\"", "CREATE SCHEMA \"SNOWLAKE_DB\".\"PUBLIC\"",
            "CREATE SCHEMA \"SNOWLAKE_DB\".\"BRONZE\"", "CREATE SCHEMA \"SNOWLAKE_DB\".\"SILVER\"", "CREATE SCHEMA \"SNOWLAKE_DB\".\"GOLD\"",
        })
        {
            using var command = Connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }

    public DuckDBConnection Connection { get; }

    public TableMetadataStore Tables { get; } = new();

    public DateTimeOffset Now { get; set; } = new(2026, 3, 1, 12, 30, 45, 123, TimeSpan.Zero);

    public string? Database { get; set; } = "SNOWLAKE_DB";

    public string? Schema { get; set; } = "PUBLIC";

    public string SessionId { get; set; } = "4242";

    public Func<ObjectPath, string?>? ResolveRelation { get; set; }

    public TranslationScope Scope() => new(Tables, Now)
    {
        CurrentDatabase = Database,
        CurrentSchema = Schema,
        SessionId = SessionId,
        ResolveRelation = ResolveRelation,
    };

    /// <summary>Runs every statement of <paramref name="sql"/>; returns the last result.</summary>
    public GenericSqlResult Run(string sql)
    {
        GenericSqlResult? last = null;
        foreach (var statement in SnowflakeScript.SplitTokens(SnowflakeTokenizer.Tokenize(sql)))
        {
            last = GenericSqlExecutor.Execute(Connection, statement, Scope());
        }

        return last ?? throw new InvalidOperationException("no statement");
    }

    public LocalResult Result(string sql) => Run(sql).Result;

    /// <summary>The rows of the last statement's result.</summary>
    public IReadOnlyList<object?[]> Rows(string sql) => Run(sql).Result.Rows;

    /// <summary>The single value of a one-row, one-column query.</summary>
    public object? Scalar(string sql)
    {
        var rows = Rows(sql);
        rows.Should().ContainSingle();
        return rows[0][0];
    }

    /// <summary>Runs the statements and returns the Snowflake error of the last one.</summary>
    public LocalSnowflakeException Error(string sql)
    {
        var act = () => Run(sql);
        return act.Should().Throw<LocalSnowflakeException>().Which;
    }

    public void Dispose() => Connection.Dispose();
}
