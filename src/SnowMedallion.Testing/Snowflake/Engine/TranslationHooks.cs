using SnowMedallion.Sql.Lexing;
using SnowMedallion.Testing.Snowflake.Translation;

namespace SnowMedallion.Testing.Snowflake.Engine;

/// <summary>
/// Extension points of the generic SQL path, one list each (add one line per feature):
/// relation substitution (e.g. a stream read as a query), scalar functions (SYSTEM$...), table functions
/// (TABLE(INFORMATION_SCHEMA.COPY_HISTORY(...))), and observers that see every generic statement's outcome
/// (e.g. to advance a stream's offset when the DML that read it commits; see <see cref="Session.OnTransactionEnd"/>).
/// The first resolver returning non-null wins.
/// </summary>
internal static class TranslationHooks
{
    /// <summary>Substitutes a relation by DuckDB SQL (a parenthesized query), or null to leave it alone.</summary>
    public static IReadOnlyList<Func<Session, ObjectPath, string?>> Relations { get; } =
    [
        Streams.StreamHooks.ResolveRelation,
    ];

    /// <summary>Translates a scalar function call (upper-cased name, argument token lists) to DuckDB SQL, or null.</summary>
    public static IReadOnlyList<Func<Session, string, IReadOnlyList<IReadOnlyList<SqlToken>>, string?>> Functions { get; } =
    [
        Streams.StreamHooks.ResolveFunction,
        Pipes.PipeHooks.ResolveFunction,
        Tasks.TaskReturnValues.ResolveFunction,
        Tasks.TaskDependentsFunction.ResolveFunction,
    ];

    /// <summary>Translates a table function call inside TABLE(...) to a DuckDB relation, or null.</summary>
    public static IReadOnlyList<Func<Session, string, IReadOnlyList<IReadOnlyList<SqlToken>>, string?>> TableFunctions { get; } =
    [
        Tasks.TaskHistoryFunction.ResolveTableFunction,
        (session, name, args) => Pipes.PipeHooks.ResolveTableFunction(session, name, args, e => GenericSqlExecutor.TranslateExpression(e, Scope(session))),
    ];

    /// <summary>Called after every successful generic statement (queries, DML, table/view DDL).</summary>
    public static IReadOnlyList<Action<Session, GenericSqlResult>> Observers { get; } =
    [
        Streams.StreamHooks.Observe,
    ];

    /// <summary>The translation scope for a statement of <paramref name="session"/>.</summary>
    public static TranslationScope Scope(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var engine = session.Engine;
        return new TranslationScope(engine.Tables, engine.Time.GetUtcNow())
        {
            CurrentDatabase = session.Database,
            CurrentSchema = session.Schema,
            SessionId = session.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            TimeZone = session.TimeZone,
            Role = session.Role,
            Warehouse = session.Warehouse,
            Account = engine.AccountName,
            ErrorOnNondeterministicMerge = !session.Parameters.TryGetValue("ERROR_ON_NONDETERMINISTIC_MERGE", out var merge) ||
                !merge.Equals("FALSE", StringComparison.OrdinalIgnoreCase),
            InheritedDefaultCollation = (database, schema) =>
                engine.Catalog.FindSchema(database, schema)?.DefaultDdlCollation ?? engine.Catalog.FindDatabase(database)?.DefaultDdlCollation,
            ResolveRelation = Relations.Count == 0 ? null : path => Relations.Select(r => r(session, path)).FirstOrDefault(s => s is not null),
            ResolveFunction = Functions.Count == 0 ? null : (name, args) => Functions.Select(f => f(session, name, args)).FirstOrDefault(s => s is not null),
            ResolveTableFunction = TableFunctions.Count == 0 ? null : (name, args) => TableFunctions.Select(f => f(session, name, args)).FirstOrDefault(s => s is not null),
        };
    }
}
