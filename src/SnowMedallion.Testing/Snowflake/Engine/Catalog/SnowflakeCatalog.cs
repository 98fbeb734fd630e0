using System.Collections.Concurrent;

namespace SnowMedallion.Testing.Snowflake.Engine.Catalog;

/// <summary>
/// What the emulator knows beyond DuckDB: databases and schemas (mirrored as DuckDB catalogs and
/// schemas), schema objects per kind, account objects per kind, and grants. Thread-safe.
/// </summary>
/// <remarks>
/// Extension point: <c>catalog.Objects&lt;MyPipe&gt;("Pipe")</c> returns the (single, shared) store for a
/// kind; the first call creates it. Account-level kinds work the same way with <see cref="Account{T}"/>.
/// </remarks>
internal sealed class SnowflakeCatalog
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DatabaseEntry> _databases = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Database, string Schema), SchemaEntry> _schemas = [];
    private readonly ConcurrentDictionary<Type, object> _stores = new();
    private readonly List<GrantEntry> _grants = [];

    /// <summary>The store for schema objects of kind <typeparamref name="T"/>.</summary>
    /// <param name="kind">Display name used in errors (first call wins).</param>
    public SchemaObjectStore<T> Objects<T>(string kind)
        where T : class, ISchemaObject =>
        (SchemaObjectStore<T>)_stores.GetOrAdd(typeof(T), _ => new SchemaObjectStore<T>(kind));

    /// <summary>The store for account objects of kind <typeparamref name="T"/>.</summary>
    /// <param name="kind">Display name used in errors (first call wins).</param>
    public AccountObjectStore<T> Account<T>(string kind)
        where T : class, IAccountObject =>
        (AccountObjectStore<T>)_stores.GetOrAdd(typeof(T), _ => new AccountObjectStore<T>(kind));

    /// <summary>Registers a database; false when it exists.</summary>
    public bool TryAddDatabase(DatabaseEntry database)
    {
        lock (_gate)
        {
            return _databases.TryAdd(database.Name, database);
        }
    }

    /// <summary>The database, or null.</summary>
    public DatabaseEntry? FindDatabase(string name)
    {
        lock (_gate)
        {
            return _databases.GetValueOrDefault(name);
        }
    }

    /// <summary>The database, or 002003.</summary>
    public DatabaseEntry GetDatabase(string name) =>
        FindDatabase(name) ?? throw SnowflakeErrors.DoesNotExist("Database", SnowflakeErrors.Show(name));

    /// <summary>All databases by name.</summary>
    public IReadOnlyList<DatabaseEntry> Databases()
    {
        lock (_gate)
        {
            return [.. _databases.Values.OrderBy(d => d.Name, StringComparer.Ordinal)];
        }
    }

    /// <summary>Removes a database with its schemas and every schema object in it.</summary>
    public void RemoveDatabase(string name)
    {
        lock (_gate)
        {
            _databases.Remove(name);
            foreach (var key in _schemas.Keys.Where(k => k.Database == name).ToList())
            {
                _schemas.Remove(key);
            }
        }

        Cascade(name, null);
    }

    /// <summary>Registers a schema; false when it exists.</summary>
    public bool TryAddSchema(SchemaEntry schema)
    {
        lock (_gate)
        {
            return _schemas.TryAdd((schema.Database, schema.Name), schema);
        }
    }

    /// <summary>The schema, or null.</summary>
    public SchemaEntry? FindSchema(string database, string schema)
    {
        lock (_gate)
        {
            return _schemas.GetValueOrDefault((database, schema));
        }
    }

    /// <summary>The schema, or 002003 (naming the database when it is the database that is missing).</summary>
    public SchemaEntry GetSchema(string database, string schema)
    {
        GetDatabase(database);
        return FindSchema(database, schema) ?? throw SnowflakeErrors.DoesNotExist("Schema", SnowflakeErrors.Show(database, schema));
    }

    /// <summary>Schemas of a database (or all), by name.</summary>
    public IReadOnlyList<SchemaEntry> Schemas(string? database)
    {
        lock (_gate)
        {
            return [.. _schemas.Values.Where(s => database is null || s.Database == database)
                .OrderBy(s => s.Database, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal)];
        }
    }

    /// <summary>Removes a schema and every schema object in it.</summary>
    public void RemoveSchema(string database, string schema)
    {
        lock (_gate)
        {
            _schemas.Remove((database, schema));
        }

        Cascade(database, schema);
    }

    /// <summary>Records a grant (idempotent).</summary>
    public void Grant(GrantEntry grant)
    {
        lock (_gate)
        {
            if (!_grants.Any(g => Same(g, grant)))
            {
                _grants.Add(grant);
            }
        }
    }

    /// <summary>Removes a recorded grant; false when there was none.</summary>
    public bool Revoke(GrantEntry grant)
    {
        lock (_gate)
        {
            return _grants.RemoveAll(g => Same(g, grant)) > 0;
        }
    }

    /// <summary>All recorded grants.</summary>
    public IReadOnlyList<GrantEntry> Grants()
    {
        lock (_gate)
        {
            return [.. _grants];
        }
    }

    private static bool Same(GrantEntry a, GrantEntry b) =>
        a.Privilege == b.Privilege && a.GrantedOn == b.GrantedOn && a.Name == b.Name && a.GrantedTo == b.GrantedTo && a.GranteeName == b.GranteeName;

    private void Cascade(string database, string? schema)
    {
        foreach (var store in _stores.Values.OfType<ISchemaObjectStore>())
        {
            store.RemoveUnder(database, schema);
        }
    }
}
