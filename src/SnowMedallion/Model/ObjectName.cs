using SnowMedallion.Sql;

namespace SnowMedallion.Model;

/// <summary>
/// The name of a Snowflake object: one part for account-level objects (databases, integrations), two for schemas,
/// three for objects in a schema. Parts are exact names, as Snowflake stores them (unquoted input is upper case).
/// </summary>
public sealed record ObjectName
{
    /// <summary>Creates a one-part (account-level) name.</summary>
    /// <param name="name">The name.</param>
    public ObjectName(string name)
        : this(null, null, name)
    {
    }

    /// <summary>Creates a two-part name (a schema in a database).</summary>
    /// <param name="database">The database.</param>
    /// <param name="name">The schema's name.</param>
    public ObjectName(string database, string name)
        : this(database, null, name)
    {
        ArgumentNullException.ThrowIfNull(database);
    }

    /// <summary>Creates a three-part name (an object in a schema).</summary>
    /// <param name="database">The database.</param>
    /// <param name="schema">The schema.</param>
    /// <param name="name">The object's name.</param>
    public ObjectName(string? database, string? schema, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Database = database;
        Schema = schema;
        Name = name;
    }

    /// <summary>The database part, when the name has one.</summary>
    public string? Database { get; }

    /// <summary>The schema part, when the name has one.</summary>
    public string? Schema { get; }

    /// <summary>The last part: the object's own name.</summary>
    public string Name { get; }

    /// <summary>The parts, outermost first.</summary>
    public IReadOnlyList<string> Parts =>
        new[] { Database, Schema, Name }.Where(p => p is not null).Select(p => p!).ToArray();

    /// <summary>Renders the name as SQL, each part quoted only when needed (e.g. <c>DB.BRONZE."my table"</c>).</summary>
    /// <returns>The qualified identifier.</returns>
    public string ToSql() => string.Join('.', Parts.Select(SnowflakeSyntax.Identifier));

    /// <inheritdoc/>
    public override string ToString() => ToSql();
}
