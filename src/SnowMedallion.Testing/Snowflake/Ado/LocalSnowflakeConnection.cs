using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using SnowMedallion.Testing.Snowflake.Engine;

namespace SnowMedallion.Testing.Snowflake.Ado;

/// <summary>
/// An ADO.NET connection to LocalSnowflake: one connection is one Snowflake session (own transaction,
/// CURRENT_SESSION(), current database and schema). The connection string may name
/// <c>db</c>/<c>database</c> and <c>schema</c> to USE on open.
/// </summary>
internal sealed class LocalSnowflakeConnection : DbConnection
{
    private readonly SnowflakeEngine _engine;
    private Session? _session;
    private string _connectionString = string.Empty;

    public LocalSnowflakeConnection(SnowflakeEngine engine) => _engine = engine;

    [AllowNull]
    public override string ConnectionString
    {
        get => _connectionString;
        set => _connectionString = value ?? string.Empty;
    }

    public override string Database => _session?.Database ?? string.Empty;

    public override string DataSource => "LocalSnowflake";

    public override string ServerVersion => "LocalSnowflake 0.1 (DuckDB)";

    public override ConnectionState State => _session is null ? ConnectionState.Closed : ConnectionState.Open;

    /// <summary>The session, once open.</summary>
    internal Session Session => _session ?? throw new InvalidOperationException("The connection is not open: call Open() first.");

    /// <summary>The transaction object handed out by BeginTransaction, while it is active.</summary>
    internal LocalSnowflakeTransaction? CurrentTransaction { get; set; }

    public override void ChangeDatabase(string databaseName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databaseName);
        Execute("USE DATABASE " + SnowflakeErrors.Show(databaseName), []);
    }

    public override void Open()
    {
        if (_session is not null)
        {
            return;
        }

        _session = _engine.OpenSession();
        var builder = new DbConnectionStringBuilder { ConnectionString = _connectionString };
        var database = Get(builder, "db") ?? Get(builder, "database");
        var schema = Get(builder, "schema");
        if (database is not null)
        {
            Execute("USE DATABASE " + database, []);
        }

        if (schema is not null)
        {
            Execute("USE SCHEMA " + schema, []);
        }
    }

    public override Task OpenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Open();
        return Task.CompletedTask;
    }

    public override void Close()
    {
        var session = _session;
        _session = null;
        CurrentTransaction = null;
        session?.Dispose();
    }

    /// <summary>Runs SQL text in this session.</summary>
    internal IReadOnlyList<LocalResult> Execute(string sql, IReadOnlyList<object?> binds) =>
        _engine.Execute(Session, sql, binds);

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel)
    {
        if (isolationLevel is not (IsolationLevel.Unspecified or IsolationLevel.ReadCommitted))
        {
            throw new ArgumentException($"LocalSnowflake, like Snowflake, supports READ COMMITTED only, not {isolationLevel}.", nameof(isolationLevel));
        }

        Execute("BEGIN", []);
        CurrentTransaction = new LocalSnowflakeTransaction(this);
        return CurrentTransaction;
    }

    protected override DbCommand CreateDbCommand() => new LocalSnowflakeCommand { Connection = this };

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }

        base.Dispose(disposing);
    }

    private static string? Get(DbConnectionStringBuilder builder, string key) =>
        builder.TryGetValue(key, out var value) && value is string text && text.Length > 0 ? text : null;
}
