using System.Collections.Concurrent;
using DuckDB.NET.Data;
using SnowMedallion.Testing.Snowflake.Copy;
using SnowMedallion.Testing.Snowflake.Engine.Catalog;

namespace SnowMedallion.Testing.Snowflake.Engine;

/// <summary>
/// The emulator's core: one in-process DuckDB database shared by all sessions (each session has its
/// own DuckDB connection, hence its own transaction), the catalog, the statement dispatcher, load
/// history, background work and published notifications.
/// </summary>
internal sealed class SnowflakeEngine : IDisposable
{
    private readonly DuckDBConnection _root;
    private readonly ConcurrentDictionary<long, Session> _sessions = new();
    private readonly ConcurrentQueue<PublishedNotification> _notifications = new();
    private readonly ConcurrentDictionary<Type, object> _features = new();
    private readonly bool _ownsStageRoot;
    private long _nextSessionId = 1_000_000_000_001;
    private int _disposed;
    private long _ddlGeneration;

    public SnowflakeEngine(LocalSnowflakeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Time = options.TimeProvider;
        _root = new DuckDBConnection("Data Source=:memory:");
        _root.Open();
        Configure(_root);
        StartedAt = Time.GetUtcNow();
        if (options.StageDirectory is { } directory)
        {
            StageRoot = directory;
            Directory.CreateDirectory(directory);
        }
        else
        {
            StageRoot = Directory.CreateTempSubdirectory("localsnowflake-stages-").FullName;
            _ownsStageRoot = true;
        }

        Dispatcher = new StatementDispatcher(StatementHandlers.All);
        Copy = new CopyIntoExecutor(this);
    }

    /// <summary>Marks the start of a DDL statement (see <see cref="DdlGeneration"/>).</summary>
    public void DdlStarting() => Interlocked.Increment(ref _ddlGeneration);

    /// <summary>Marks the end of a DDL statement, whether it succeeded or not.</summary>
    public void DdlFinished() => Interlocked.Increment(ref _ddlGeneration);

    /// <summary>The options the emulator was started with.</summary>
    public LocalSnowflakeOptions Options { get; }

    /// <summary>
    /// Counts DDL statements: odd while one runs, even between them. A fact about the catalog learnt at an even
    /// generation (a stream's source table is still the one it was created on) holds while the generation is unchanged.
    /// </summary>
    public long DdlGeneration => Volatile.Read(ref _ddlGeneration);

    /// <summary>The clock (CURRENT_TIMESTAMP, created_on, load times).</summary>
    public TimeProvider Time { get; }

    /// <summary>When the engine started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>The account name the emulator reports (ARNs, notifications).</summary>
    public string AccountName => "LOCALSNOWFLAKE";

    /// <summary>Table and view metadata DuckDB does not keep (declared Snowflake types, kinds), kept by the generic SQL path.</summary>
    public Translation.TableMetadataStore Tables { get; } = new();

    /// <summary>Objects DuckDB does not know about.</summary>
    public SnowflakeCatalog Catalog { get; } = new();

    /// <summary>Background work that <see cref="LocalSnowflake.WaitForIdleAsync"/> waits for.</summary>
    public BackgroundWork Work { get; } = new();

    /// <summary>Routes statements to handlers.</summary>
    public StatementDispatcher Dispatcher { get; }

    /// <summary>Per-table load metadata and load history (COPY de-duplication, COPY_HISTORY).</summary>
    public LoadHistory LoadHistory { get; } = new();

    /// <summary>The COPY INTO service (bulk COPY and Snowpipe loads).</summary>
    public CopyIntoExecutor Copy { get; }

    /// <summary>Folder holding internal stages' files (one sub-folder per stage).</summary>
    public string StageRoot { get; }

    /// <summary>Every message published through a notification integration, in order.</summary>
    public IReadOnlyList<PublishedNotification> Notifications => [.. _notifications];

    /// <summary>
    /// Per-engine state of a feature (e.g. the task scheduler), created on first use. Features that are
    /// <see cref="IDisposable"/> are disposed first when the engine is disposed.
    /// </summary>
    /// <typeparam name="T">The feature's type (one instance per engine).</typeparam>
    /// <param name="create">Creates it on first use.</param>
    /// <returns>The feature.</returns>
    public T Feature<T>(Func<SnowflakeEngine, T> create)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(create);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return (T)_features.GetOrAdd(typeof(T), _ => create(this));
    }

    /// <summary>Records a published notification.</summary>
    public void Publish(PublishedNotification notification) => _notifications.Enqueue(notification);

    /// <summary>Opens a new session (its own DuckDB connection).</summary>
    public Session OpenSession()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        // The extension settings made on the root connection are global to the database: a session's connection has them.
        var connection = _root.Duplicate();
        connection.Open();
        var session = new Session(this, Interlocked.Increment(ref _nextSessionId), connection);
        _sessions[session.Id] = session;
        return session;
    }

    /// <summary>True once <see cref="Dispose"/> has begun.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Runs SQL text in a session.</summary>
    public IReadOnlyList<LocalResult> Execute(Session session, string sql, IReadOnlyList<object?>? binds = null) =>
        Dispatcher.Execute(session, sql, binds ?? []);

    /// <summary>Sessions currently open.</summary>
    public IReadOnlyCollection<Session> Sessions => [.. _sessions.Values];

    /// <summary>Called by a session when it closes.</summary>
    public void SessionClosed(Session session) => _sessions.TryRemove(session.Id, out _);

    /// <summary>Runs DuckDB SQL on the engine's own connection (catalog DDL such as ATTACH).</summary>
    public void ExecuteOnRoot(string sql)
    {
        lock (_root)
        {
            DuckDbResults.Execute(_root, sql);
        }
    }

    /// <summary>Runs a DuckDB query on the engine's own connection.</summary>
    public LocalResult QueryOnRoot(string sql)
    {
        lock (_root)
        {
            return DuckDbResults.Query(_root, sql);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var feature in _features.Values.OfType<IDisposable>())
        {
            feature.Dispose();
        }

        foreach (var session in _sessions.Values)
        {
            session.Dispose();
        }

        _root.Dispose();
        if (_ownsStageRoot)
        {
            try
            {
                Directory.Delete(StageRoot, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp folder.
            }
        }
    }

    // Both settings are GLOBAL in DuckDB: set once on the root connection, they hold for every duplicate of it.
    private static void Configure(DuckDBConnection connection) =>
        DuckDbResults.Execute(connection, "SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;");
}
