namespace SnowMedallion.Testing.Snowflake.Engine.Catalog;

/// <summary>What a CREATE did.</summary>
internal enum CreateOutcome
{
    /// <summary>A new object was added.</summary>
    Created,

    /// <summary>An existing object was replaced (OR REPLACE).</summary>
    Replaced,

    /// <summary>The object existed and IF NOT EXISTS was given: nothing changed.</summary>
    AlreadyExisted,
}

/// <summary>How a CREATE treats an existing object of the same name.</summary>
internal enum CreateMode
{
    /// <summary>Plain CREATE: an existing object is an error (002002).</summary>
    Create,

    /// <summary>CREATE OR REPLACE.</summary>
    OrReplace,

    /// <summary>CREATE ... IF NOT EXISTS.</summary>
    IfNotExists,
}

/// <summary>Common surface of the per-kind stores, used to cascade drops.</summary>
internal interface ISchemaObjectStore
{
    /// <summary>Removes every object under the database (and schema, when given).</summary>
    void RemoveUnder(string database, string? schema);
}

/// <summary>Thread-safe store of one kind of schema object, keyed by <see cref="ObjectPath"/>.</summary>
/// <typeparam name="T">The object kind.</typeparam>
internal sealed class SchemaObjectStore<T> : ISchemaObjectStore
    where T : class, ISchemaObject
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ObjectPath, T> _objects = [];

    /// <summary>Creates the store.</summary>
    /// <param name="kind">The kind's display name in errors, e.g. <c>Stage</c>.</param>
    public SchemaObjectStore(string kind) => Kind = kind;

    /// <summary>Display name of the kind (<c>Stage</c>, <c>File format</c>...).</summary>
    public string Kind { get; }

    /// <summary>Adds with Snowflake's CREATE semantics; throws 002002 when it exists under plain CREATE.</summary>
    public CreateOutcome Create(T item, CreateMode mode)
    {
        lock (_gate)
        {
            var exists = _objects.ContainsKey(item.Path);
            if (exists && mode == CreateMode.Create)
            {
                throw SnowflakeErrors.AlreadyExists(item.Path.ToString());
            }

            if (exists && mode == CreateMode.IfNotExists)
            {
                return CreateOutcome.AlreadyExisted;
            }

            _objects[item.Path] = item;
            return exists ? CreateOutcome.Replaced : CreateOutcome.Created;
        }
    }

    /// <summary>Replaces an existing object (ALTER); throws 002003 when missing.</summary>
    public T Update(ObjectPath path, Func<T, T> change)
    {
        lock (_gate)
        {
            var current = Get(path);
            var updated = change(current);
            _objects[path] = updated;
            return updated;
        }
    }

    /// <summary>The object, or null.</summary>
    public T? Find(ObjectPath path)
    {
        lock (_gate)
        {
            return _objects.GetValueOrDefault(path);
        }
    }

    /// <summary>The object, or Snowflake's 002003 error.</summary>
    public T Get(ObjectPath path) => Find(path) ?? throw SnowflakeErrors.DoesNotExist(Kind, path.ToString());

    /// <summary>Removes; returns false when it was not there.</summary>
    public bool Remove(ObjectPath path)
    {
        lock (_gate)
        {
            return _objects.Remove(path);
        }
    }

    /// <summary>Objects under a database / schema (null = any), ordered by name.</summary>
    public IReadOnlyList<T> List(string? database = null, string? schema = null)
    {
        lock (_gate)
        {
            return [.. _objects.Values
                .Where(o => (database is null || o.Path.Database == database) && (schema is null || o.Path.Schema == schema))
                .OrderBy(o => o.Path.Database, StringComparer.Ordinal)
                .ThenBy(o => o.Path.Schema, StringComparer.Ordinal)
                .ThenBy(o => o.Path.Name, StringComparer.Ordinal)];
        }
    }

    /// <inheritdoc/>
    public void RemoveUnder(string database, string? schema)
    {
        lock (_gate)
        {
            foreach (var key in _objects.Keys.Where(k => k.Database == database && (schema is null || k.Schema == schema)).ToList())
            {
                _objects.Remove(key);
            }
        }
    }
}

/// <summary>Thread-safe store of one kind of account-level object, keyed by name.</summary>
/// <typeparam name="T">The object kind.</typeparam>
internal sealed class AccountObjectStore<T>
    where T : class, IAccountObject
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, T> _objects = new(StringComparer.Ordinal);

    /// <summary>Creates the store.</summary>
    /// <param name="kind">Display name of the kind in errors.</param>
    public AccountObjectStore(string kind) => Kind = kind;

    /// <summary>Display name of the kind.</summary>
    public string Kind { get; }

    /// <summary>Adds with CREATE semantics.</summary>
    public CreateOutcome Create(T item, CreateMode mode)
    {
        lock (_gate)
        {
            var exists = _objects.ContainsKey(item.Name);
            if (exists && mode == CreateMode.Create)
            {
                throw SnowflakeErrors.AlreadyExists(SnowflakeErrors.Show(item.Name));
            }

            if (exists && mode == CreateMode.IfNotExists)
            {
                return CreateOutcome.AlreadyExisted;
            }

            _objects[item.Name] = item;
            return exists ? CreateOutcome.Replaced : CreateOutcome.Created;
        }
    }

    /// <summary>The object, or null.</summary>
    public T? Find(string name)
    {
        lock (_gate)
        {
            return _objects.GetValueOrDefault(name);
        }
    }

    /// <summary>The object, or 002003.</summary>
    public T Get(string name) => Find(name) ?? throw SnowflakeErrors.DoesNotExist(Kind, SnowflakeErrors.Show(name));

    /// <summary>Replaces an existing object (ALTER).</summary>
    public T Update(string name, Func<T, T> change)
    {
        lock (_gate)
        {
            var updated = change(Get(name));
            _objects[name] = updated;
            return updated;
        }
    }

    /// <summary>Removes; false when missing.</summary>
    public bool Remove(string name)
    {
        lock (_gate)
        {
            return _objects.Remove(name);
        }
    }

    /// <summary>All objects ordered by name.</summary>
    public IReadOnlyList<T> List()
    {
        lock (_gate)
        {
            return [.. _objects.Values.OrderBy(o => o.Name, StringComparer.Ordinal)];
        }
    }
}
