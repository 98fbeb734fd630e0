using System.Data;
using System.Data.Common;

namespace SnowMedallion.Testing.Snowflake.Ado;

/// <summary>An explicit transaction of a LocalSnowflake session (BEGIN ... COMMIT / ROLLBACK).</summary>
internal sealed class LocalSnowflakeTransaction : DbTransaction
{
    private readonly LocalSnowflakeConnection _connection;
    private bool _done;

    public LocalSnowflakeTransaction(LocalSnowflakeConnection connection) => _connection = connection;

    public override IsolationLevel IsolationLevel => IsolationLevel.ReadCommitted;

    protected override DbConnection DbConnection => _connection;

    public override void Commit() => End("COMMIT");

    public override void Rollback() => End("ROLLBACK");

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_done && _connection.State == ConnectionState.Open)
        {
            End("ROLLBACK");
        }

        base.Dispose(disposing);
    }

    private void End(string statement)
    {
        if (_done)
        {
            throw new InvalidOperationException("The transaction has already been committed or rolled back.");
        }

        _done = true;
        _connection.CurrentTransaction = null;
        _connection.Execute(statement, []);
    }
}
