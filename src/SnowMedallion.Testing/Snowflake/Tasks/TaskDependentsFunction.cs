using SnowMedallion.Sql.Lexing;
using SnowMedallion.Testing.Snowflake.Engine;
using SnowMedallion.Testing.Snowflake.Streams;

namespace SnowMedallion.Testing.Snowflake.Tasks;

/// <summary>
/// <c>SYSTEM$TASK_DEPENDENTS_ENABLE('[db.][schema.]task')</c>: resumes the task and every task that depends on it,
/// resolved at translation like the other SYSTEM$ functions
/// (https://docs.snowflake.com/en/sql-reference/functions/system_task_dependents_enable).
/// </summary>
internal static class TaskDependentsFunction
{
    private const string Name = "SYSTEM$TASK_DEPENDENTS_ENABLE";

    /// <summary>For <c>TranslationScope.ResolveFunction</c>: resumes the graph and returns an empty VARCHAR, or null for any other function.</summary>
    /// <param name="session">The session running the statement.</param>
    /// <param name="name">The function's upper-cased name.</param>
    /// <param name="arguments">Its arguments as Snowflake tokens.</param>
    /// <returns>DuckDB SQL, or null.</returns>
    public static string? ResolveFunction(Session session, string name, IReadOnlyList<IReadOnlyList<SqlToken>> arguments)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(arguments);
        if (!string.Equals(name, Name, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (arguments.Count != 1 || arguments[0].Count != 1 || arguments[0][0].Kind != SqlTokenKind.String)
        {
            throw new LocalSnowflakeException(1044, "42P13",
                $"SQL compilation error: Invalid argument types for function '{Name}': expects one string literal, the task name, e.g. {Name}('DB.SCHEMA.ROOT_TASK').");
        }

        var parts = StreamHooks.SplitName(arguments[0][0].Value);
        var path = parts.Count switch
        {
            3 => new ObjectPath(parts[0], parts[1], parts[2]),
            2 => new ObjectPath(session.Database ?? throw SnowflakeErrors.NoCurrentDatabase(Name), parts[0], parts[1]),
            1 => new ObjectPath(
                session.Database ?? throw SnowflakeErrors.NoCurrentDatabase(Name),
                session.Schema ?? throw SnowflakeErrors.NoCurrentSchema(Name),
                parts[0]),
            _ => throw SnowflakeErrors.DoesNotExist("Task", arguments[0][0].Value),
        };
        TaskRuntime.For(session.Engine).Scheduler.ResumeWithDependents(path);
        return "CAST('' AS VARCHAR)";
    }
}
