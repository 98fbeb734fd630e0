using SnowMedallion.Testing.Snowflake.Engine;

namespace SnowMedallion.Testing.Snowflake.Procedures;

/// <summary>
/// Enforces Snowflake's scoped-transaction rules around one CALL
/// (https://docs.snowflake.com/en/sql-reference/transactions, "Scoped transactions"): a transaction cannot be
/// partly inside and partly outside a procedure. COMMIT / ROLLBACK of the caller's transaction from the body
/// is refused; a transaction the body began and left open is rolled back and the CALL fails.
/// </summary>
internal sealed class ScopedTransactionSql : IProcedureSqlSession
{
    private const string DifferentScope = "Modifying a transaction that has started at a different scope is not allowed.";

    private readonly IProcedureSqlSession _inner;
    private readonly Session _session;
    private readonly string _procedure;
    private readonly bool _callerInTransaction;
    private bool _bodyBegan;

    /// <summary>Wraps the caller's session for one CALL.</summary>
    /// <param name="inner">Runs the statements.</param>
    /// <param name="session">The caller's session (for its transaction state).</param>
    /// <param name="procedure">The procedure's name, for errors.</param>
    public ScopedTransactionSql(IProcedureSqlSession inner, Session session, string procedure)
    {
        _inner = inner;
        _session = session;
        _procedure = procedure;
        _callerInTransaction = session.InTransaction;
    }

    /// <inheritdoc/>
    public ProcedureStatementResult Execute(string sqlText, IReadOnlyList<object?> binds)
    {
        var reader = new DdlReader(sqlText);
        var begins = reader.Peek()?.Is("BEGIN") == true || reader.Peek()?.Is("START") == true && reader.Peek(1)?.Is("TRANSACTION") == true;
        var ends = reader.Peek()?.Is("COMMIT") == true || reader.Peek()?.Is("ROLLBACK") == true;
        if (begins && _callerInTransaction)
        {
            // Snowflake runs it as a separate transaction scoped to the procedure; DuckDB has one transaction per connection.
            throw LocalSnowflakeException.Unsupported(
                $"BEGIN TRANSACTION in procedure {_procedure} while its caller's transaction is open (a scoped transaction); call it outside the transaction");
        }

        if (ends && _session.InTransaction && !_bodyBegan)
        {
            throw new LocalSnowflakeException(640, "25000", DifferentScope + $" (procedure {_procedure} tried to end its caller's transaction)");
        }

        if (_session.InTransaction && !_bodyBegan && ImplicitlyCommits(reader))
        {
            // DDL commits the open transaction, which here is the caller's: Snowflake refuses it
            // (https://docs.snowflake.com/en/sql-reference/transactions#implicit-commits-for-transactions-inside-stored-procedures).
            throw new LocalSnowflakeException(640, "25000", DifferentScope +
                $" (procedure {_procedure} ran {reader.Peek()!.Value.ToUpperInvariant()}, which commits implicitly, inside its caller's transaction: run the DDL outside the transaction)");
        }

        var result = _inner.Execute(sqlText, binds);
        if (begins)
        {
            _bodyBegan = _session.InTransaction;
        }
        else if (ends)
        {
            _bodyBegan = false;
        }

        return result;
    }

    // The statements StatementDispatcher runs as DDL (they commit an open transaction first).
    private static bool ImplicitlyCommits(DdlReader reader) =>
        reader.Peek() is { } head && StatementDispatcher.IsDdl(head.Is, reader.Peek(1) is { } next ? next.Is : null);

    /// <summary>
    /// Called when the body finished: a transaction it began and left open is rolled back; after a
    /// successful body that is an error.
    /// </summary>
    /// <param name="succeeded">Whether the body completed without error.</param>
    public void Finish(bool succeeded)
    {
        if (!_bodyBegan || !_session.InTransaction)
        {
            return;
        }

        _session.Rollback();
        _bodyBegan = false;
        if (succeeded)
        {
            throw new LocalSnowflakeException(640, "25000",
                $"{DifferentScope} Procedure {_procedure} began a transaction and finished with it still active, so it was rolled back: COMMIT or ROLLBACK it before the procedure returns.");
        }
    }
}
