using SnowMedallion.Sql.Lexing;

namespace SnowMedallion.Testing.Snowflake.Translation;

/// <summary>
/// What a generic statement is translated and executed against: the session's current database and schema,
/// its id, the statement time, and the hooks through which the engine (and later features) plug in.
/// </summary>
/// <remarks>
/// Contract with the engine (keep stable):
/// <list type="bullet">
/// <item>A Snowflake database is a DuckDB catalog of the same (stored) name, attached by the engine; a schema is a
/// DuckDB schema of the same name. The translator emits fully qualified, quoted names.</item>
/// <item><see cref="Now"/> is the statement time (from the engine's TimeProvider). CURRENT_TIMESTAMP, SYSDATE,
/// CURRENT_DATE... return it. <see cref="TimeZone"/> is the session's TIMEZONE (Snowflake's default is
/// America/Los_Angeles); the executor sets DuckDB's TimeZone to it, so TIMESTAMP_LTZ to TIMESTAMP_NTZ conversions
/// give the session's wall clock.</item>
/// <item><see cref="Tables"/> holds what DuckDB does not keep (Snowflake types, collations, comments, primary keys,
/// view text); one store per LocalSnowflake, shared by all sessions.</item>
/// </list>
/// </remarks>
internal sealed class TranslationScope
{
    /// <summary>Creates a scope.</summary>
    /// <param name="tables">The table metadata store of this LocalSnowflake.</param>
    /// <param name="now">The statement time.</param>
    public TranslationScope(ITableMetadataStore tables, DateTimeOffset now)
    {
        Tables = tables;
        Now = now;
    }

    /// <summary>Current database (stored name), or null when the session has none.</summary>
    public string? CurrentDatabase { get; init; }

    /// <summary>Current schema (stored name), or null when the session has none.</summary>
    public string? CurrentSchema { get; init; }

    /// <summary>The session id, returned by CURRENT_SESSION().</summary>
    public string SessionId { get; init; } = "0";

    /// <summary>The statement time.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The session time zone (TIMEZONE parameter).</summary>
    public TimeZoneInfo TimeZone { get; init; } = DefaultTimeZone;

    /// <summary>Current role, returned by CURRENT_ROLE().</summary>
    public string Role { get; init; } = "ACCOUNTADMIN";

    /// <summary>Current warehouse, returned by CURRENT_WAREHOUSE(), or null.</summary>
    public string? Warehouse { get; init; }

    /// <summary>Current user, returned by CURRENT_USER().</summary>
    public string User { get; init; } = "LOCAL";

    /// <summary>Account name, returned by CURRENT_ACCOUNT().</summary>
    public string Account { get; init; } = "LOCALSNOWFLAKE";

    /// <summary>Whether a MERGE whose target row joins several source rows for an UPDATE fails (ERROR_ON_NONDETERMINISTIC_MERGE).</summary>
    public bool ErrorOnNondeterministicMerge { get; init; } = true;

    /// <summary>Table and view metadata DuckDB does not keep.</summary>
    public ITableMetadataStore Tables { get; }

    /// <summary>
    /// Substitutes a relation named in a FROM / JOIN / USING position: return DuckDB SQL of a subquery
    /// (without parentheses; it is wrapped and aliased with the relation's name unless the statement gives an alias),
    /// or null when the name is an ordinary table or view. Streams use it.
    /// </summary>
    public Func<ObjectPath, string?>? ResolveRelation { get; init; }

    /// <summary>
    /// Translates a function the translator does not know (e.g. SYSTEM$STREAM_HAS_DATA): given the upper-cased name
    /// and the arguments as Snowflake tokens, return a DuckDB SQL expression, or null when not handled.
    /// </summary>
    public Func<string, IReadOnlyList<IReadOnlyList<SqlToken>>, string?>? ResolveFunction { get; init; }

    /// <summary>
    /// Translates a table function in <c>FROM TABLE(name(args))</c> (e.g. INFORMATION_SCHEMA.COPY_HISTORY): given the
    /// upper-cased (possibly dotted) name and the arguments as Snowflake tokens, return DuckDB SQL of a subquery, or null.
    /// </summary>
    public Func<string, IReadOnlyList<IReadOnlyList<SqlToken>>, string?>? ResolveTableFunction { get; init; }

    /// <summary>
    /// DEFAULT_DDL_COLLATION set on a schema (database, schema) or, failing that, on its database: text columns of a new
    /// table without a collation of their own or of the table take it. Null when neither sets one.
    /// </summary>
    public Func<string, string, string?>? InheritedDefaultCollation { get; init; }

    /// <summary>Snowflake's default TIMEZONE, America/Los_Angeles.</summary>
    public static TimeZoneInfo DefaultTimeZone { get; } = FindZone("America/Los_Angeles");

    /// <summary>Finds an IANA zone, falling back to UTC.</summary>
    /// <param name="id">IANA id.</param>
    /// <returns>The zone.</returns>
    public static TimeZoneInfo FindZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
