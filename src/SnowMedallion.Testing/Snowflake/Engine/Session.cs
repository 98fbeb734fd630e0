using DuckDB.NET.Data;

namespace SnowMedallion.Testing.Snowflake.Engine;

/// <summary>
/// One Snowflake session: its own DuckDB connection on the shared database (so its own transaction),
/// its id (CURRENT_SESSION()), current database and schema, and session parameters.
/// </summary>
internal sealed class Session : IDisposable
{
    private readonly Dictionary<string, string> _parameters = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Action<bool>> _transactionEnd = [];
    private readonly Dictionary<object, Action> _beforeCommit = [];
    private long _transactionDdlGeneration;
    private bool _atomic;

    public Session(SnowflakeEngine engine, long id, DuckDBConnection connection)
    {
        Engine = engine;
        Id = id;
        Connection = connection;
    }

    /// <summary>The engine this session belongs to.</summary>
    public SnowflakeEngine Engine { get; }

    /// <summary>The session id (CURRENT_SESSION()).</summary>
    public long Id { get; }

    /// <summary>This session's DuckDB connection. Only the session's thread uses it.</summary>
    public DuckDBConnection Connection { get; }

    /// <summary>Serializes statements of this session (one ADO.NET connection, one command at a time).</summary>
    public Lock Gate { get; } = new();

    /// <summary>Current database (stored name), or null.</summary>
    public string? Database { get; private set; }

    /// <summary>Current schema (stored name), or null.</summary>
    public string? Schema { get; private set; }

    /// <summary>True inside an explicit BEGIN ... COMMIT/ROLLBACK.</summary>
    public bool InTransaction { get; private set; }

    /// <summary>Current role (recorded, not enforced).</summary>
    public string Role { get; set; } = "ACCOUNTADMIN";

    /// <summary>Current warehouse (recorded).</summary>
    public string? Warehouse { get; set; }

    /// <summary>The task run this session executes the statement of, or null (SYSTEM$SET_RETURN_VALUE records on it).</summary>
    public Tasks.TaskRunContext? TaskRun { get; set; }

    /// <summary>Session parameters set by ALTER SESSION.</summary>
    public IReadOnlyDictionary<string, string> Parameters => _parameters;

    /// <summary>The session time zone (TIMEZONE parameter; Snowflake's default America/Los_Angeles).</summary>
    public TimeZoneInfo TimeZone { get; private set; } = Translation.TranslationScope.DefaultTimeZone;

    /// <summary>Sets a session parameter.</summary>
    public void SetParameter(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (name.Equals("TIMEZONE", StringComparison.OrdinalIgnoreCase))
        {
            TimeZone = TimeZoneInfo.TryFindSystemTimeZoneById(value, out var zone)
                ? zone
                : throw new LocalSnowflakeException(1008, "22023", $"SQL compilation error:\ninvalid value [{value}] for parameter 'TIMEZONE'");
        }

        _parameters[name] = value;
    }

    /// <summary>Removes a session parameter.</summary>
    public void UnsetParameter(string name)
    {
        if (string.Equals(name, "TIMEZONE", StringComparison.OrdinalIgnoreCase))
        {
            TimeZone = Translation.TranslationScope.DefaultTimeZone;
        }

        _parameters.Remove(name);
    }

    /// <summary>
    /// Runs <paramref name="callback"/> when the open explicit transaction ends (true = committed, also by
    /// DDL's implicit commit; false = rolled back). With no open transaction it runs at once with true:
    /// the statement has already committed (autocommit).
    /// </summary>
    public void OnTransactionEnd(Action<bool> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (!InTransaction)
        {
            callback(true);
            return;
        }

        _transactionEnd.Add(callback);
    }

    /// <summary>
    /// Runs <paramref name="work"/> inside the open explicit transaction just before it commits (never on
    /// rollback); one action per <paramref name="key"/>, the last registered wins. With no open transaction it
    /// runs at once. Work that must commit atomically with the transaction goes here, e.g. moving a stream's
    /// offset: Snowflake moves it when the transaction commits, so every statement of the transaction sees
    /// the same stream contents.
    /// </summary>
    public void BeforeCommit(object key, Action work)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(work);
        if (!InTransaction)
        {
            work();
            return;
        }

        _beforeCommit[key] = work;
    }

    /// <summary>Makes <paramref name="database"/>.<paramref name="schema"/> current (schema may be null).</summary>
    public void Use(string database, string? schema)
    {
        Database = database;
        Schema = schema;
        var target = schema is null
            ? DuckDbResults.Quote(database)
            : DuckDbResults.Quote(database) + "." + DuckDbResults.Quote(schema);
        DuckDbResults.Execute(Connection, "USE " + target);
    }

    /// <summary>Forgets the current database (it was dropped).</summary>
    public void ClearDatabase()
    {
        Database = null;
        Schema = null;
        DuckDbResults.Execute(Connection, "USE memory.main");
    }

    /// <summary>Forgets the current schema (it was dropped).</summary>
    public void ClearSchema()
    {
        Schema = null;
        if (Database is not null)
        {
            DuckDbResults.Execute(Connection, "USE " + DuckDbResults.Quote(Database) + ".main");
        }
    }

    /// <summary>
    /// The DDL generation (<see cref="SnowflakeEngine.DdlGeneration"/>) the session's DuckDB snapshot reflects: read
    /// before the open transaction began, or now when none is open (the next statement then starts its own).
    /// </summary>
    public long SnapshotDdlGeneration => InTransaction || _atomic ? _transactionDdlGeneration : Engine.DdlGeneration;

    /// <summary>Starts an explicit transaction (a no-op when one is open, as in Snowflake).</summary>
    public void Begin()
    {
        if (!InTransaction)
        {
            _transactionDdlGeneration = Engine.DdlGeneration;
            DuckDbResults.Execute(Connection, "BEGIN TRANSACTION" + Streams.StreamHooks.SnapshotAtBeginSql(this));
            InTransaction = true;
        }
    }

    /// <summary>Commits the open transaction, if any.</summary>
    public void Commit()
    {
        if (InTransaction)
        {
            var pending = _beforeCommit.Values.ToList();
            _beforeCommit.Clear();
            try
            {
                foreach (var work in pending)
                {
                    work();
                }
            }
            catch
            {
                // The transaction cannot commit without its pending work: undo all of it, as a failed COMMIT does.
                Rollback();
                throw;
            }

            InTransaction = false;
            DuckDbResults.Execute(Connection, "COMMIT");
            EndTransaction(committed: true);
        }
    }

    /// <summary>Rolls back the open transaction, if any.</summary>
    public void Rollback()
    {
        if (InTransaction)
        {
            InTransaction = false;
            _beforeCommit.Clear();
            try
            {
                DuckDbResults.Execute(Connection, "ROLLBACK");
            }
            finally
            {
                EndTransaction(committed: false);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> atomically: inside the open transaction if there is one, otherwise
    /// in its own DuckDB transaction that commits on success and rolls back on failure.
    /// </summary>
    public T Atomically<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (InTransaction)
        {
            return work();
        }

        _transactionDdlGeneration = Engine.DdlGeneration;
        DuckDbResults.Execute(Connection, "BEGIN TRANSACTION");
        _atomic = true;
        try
        {
            var result = work();
            _atomic = false;
            DuckDbResults.Execute(Connection, "COMMIT");
            return result;
        }
        catch
        {
            _atomic = false;
            DuckDbResults.Execute(Connection, "ROLLBACK");
            throw;
        }
    }

    private void EndTransaction(bool committed)
    {
        var callbacks = _transactionEnd.ToList();
        _transactionEnd.Clear();
        foreach (var callback in callbacks)
        {
            callback(committed);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            Rollback();
        }
        catch (DuckDBException)
        {
            // The connection is going away; DuckDB rolls back anyway.
        }

        DropTemporaryTables();
        Connection.Dispose();
        Engine.SessionClosed(this);
    }

    // "Temporary tables ... are purged completely" when the session that created them ends
    // (https://docs.snowflake.com/en/user-guide/tables-temp-transient#temporary-tables): dropped through the engine, so that
    // the DROP counts as DDL for streams and the catalog. Skipped while the whole engine shuts down.
    private void DropTemporaryTables()
    {
        if (Engine.IsDisposed)
        {
            return;
        }

        foreach (var table in Engine.Tables.TemporaryOf(Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            try
            {
                // Double-quoted parts: the same syntax in Snowflake as in DuckDB.
                Engine.Execute(this, "DROP TABLE IF EXISTS " + DuckDbResults.Quote(table.Path));
            }
            catch (Exception ex) when (ex is LocalSnowflakeException or DuckDBException)
            {
                // Best effort on the way out: the table stays, as after a crashed session.
            }
        }
    }
}
