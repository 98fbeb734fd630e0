using System.Globalization;
using SnowMedallion.Sql.Lexing;
using SnowMedallion.Testing.Snowflake.Engine;

namespace SnowMedallion.Testing.Snowflake.Tasks;

/// <summary>
/// <c>TABLE(INFORMATION_SCHEMA.TASK_HISTORY(...))</c> for the translator's table-function hook
/// (https://docs.snowflake.com/en/sql-reference/functions/task_history).
/// </summary>
internal static class TaskHistoryFunction
{
    /// <summary>True when <paramref name="name"/> (upper case, dotted) names TASK_HISTORY.</summary>
    /// <param name="name">The table function's name.</param>
    /// <returns>Whether this function handles it.</returns>
    public static bool Handles(string name) =>
        name is "TASK_HISTORY" || name.EndsWith("INFORMATION_SCHEMA.TASK_HISTORY", StringComparison.OrdinalIgnoreCase);

    /// <summary>The DuckDB subquery for a TASK_HISTORY call, or null when <paramref name="name"/> is another function.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="name">The table function's name (upper case, dotted).</param>
    /// <param name="arguments">Its arguments as Snowflake tokens.</param>
    /// <returns>DuckDB SQL, or null.</returns>
    public static string? TryTranslate(SnowflakeEngine engine, string name, IReadOnlyList<IReadOnlyList<SqlToken>> arguments)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(arguments);
        return Handles(name) ? LocalResultSql.ToDuckDbSubquery(Evaluate(engine, arguments)) : null;
    }

    /// <summary>
    /// For <c>TranslationScope.ResolveTableFunction</c>: DuckDB SQL (without outer parentheses) of the rows of
    /// <c>TABLE(INFORMATION_SCHEMA.TASK_HISTORY(...))</c>, or null when <paramref name="name"/> is another function.
    /// </summary>
    /// <param name="session">The session running the statement.</param>
    /// <param name="name">The table function's name (upper case, dotted).</param>
    /// <param name="arguments">Its arguments as Snowflake tokens.</param>
    /// <returns>DuckDB SQL, or null.</returns>
    public static string? ResolveTableFunction(Session session, string name, IReadOnlyList<IReadOnlyList<SqlToken>> arguments)
    {
        ArgumentNullException.ThrowIfNull(session);
        return TryTranslate(session.Engine, name, arguments);
    }

    /// <summary>Evaluates TASK_HISTORY.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="arguments">Its named arguments as Snowflake tokens.</param>
    /// <returns>The rows.</returns>
    public static LocalResult Evaluate(SnowflakeEngine engine, IReadOnlyList<IReadOnlyList<SqlToken>> arguments)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(arguments);
        string? taskName = null;
        string? rootTaskId = null;
        var limit = 100;
        var errorOnly = false;
        DateTimeOffset? start = null;
        DateTimeOffset? end = null;
        foreach (var argument in arguments)
        {
            if (argument.Count < 3 || !argument[0].IsIdentifier || argument[1].Text != "=>")
            {
                throw new LocalSnowflakeException(1044, "42P13",
                    "SQL compilation error:\nTASK_HISTORY takes named arguments, e.g. TASK_HISTORY(TASK_NAME => 'MY_TASK', RESULT_LIMIT => 10).");
            }

            var parameter = argument[0].Value.ToUpperInvariant();
            var value = argument.Skip(2).ToList();
            switch (parameter)
            {
                case "TASK_NAME":
                    taskName = Text(value, parameter);
                    break;
                case "RESULT_LIMIT":
                    limit = int.TryParse(Text(value, parameter), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
                        ? n
                        : throw new LocalSnowflakeException(1044, "22023", "Invalid argument RESULT_LIMIT: it must be a number between 1 and 10000.");
                    break;
                case "ERROR_ONLY":
                    errorOnly = Text(value, parameter).Equals("TRUE", StringComparison.OrdinalIgnoreCase);
                    break;
                case "ROOT_TASK_ID":
                    rootTaskId = Text(value, parameter);
                    break;
                case "SCHEDULED_TIME_RANGE_START":
                    start = Timestamp(engine, value);
                    break;
                case "SCHEDULED_TIME_RANGE_END":
                    end = Timestamp(engine, value);
                    break;
                default:
                    throw LocalSnowflakeException.Unsupported($"TASK_HISTORY argument {parameter}");
            }
        }

        // The range must fall within the last 7 days (https://docs.snowflake.com/en/sql-reference/functions/task_history).
        var earliest = engine.Time.GetUtcNow().AddDays(-7);
        foreach (var (bound, parameter) in new[] { (start, "SCHEDULED_TIME_RANGE_START"), (end, "SCHEDULED_TIME_RANGE_END") })
        {
            if (bound is { } value && value < earliest)
            {
                throw new LocalSnowflakeException(1044, "22023", string.Create(CultureInfo.InvariantCulture,
                    $"Invalid argument {parameter} to TASK_HISTORY: {value:yyyy-MM-dd HH:mm:ss} UTC is more than 7 days ago; the time range must fall within the last 7 days."));
            }
        }

        var scheduler = TaskRuntime.For(engine).Scheduler;
        var runs = scheduler.History().Where(r =>
            (start is null || r.ScheduledTime >= start) && (end is null || r.ScheduledTime < end) &&
            (rootTaskId is null || string.Equals(r.RootTaskId, rootTaskId, StringComparison.Ordinal)));
        return TaskResults.History(runs, taskName, limit, errorOnly, task => scheduler.Find(task.Path)?.NextScheduledTime);
    }

    private static string Text(List<SqlToken> value, string parameter) =>
        value.Count == 1 ? value[0].Value : throw LocalSnowflakeException.Unsupported($"TASK_HISTORY {parameter} given as an expression (pass a literal)");

    private static DateTimeOffset Timestamp(SnowflakeEngine engine, List<SqlToken> value)
    {
        var expression = string.Join(' ', value.Select(t => t.Text));
        using var session = engine.OpenSession();
        var result = engine.Execute(session, "SELECT (" + expression + ")::TIMESTAMP_LTZ");
        return result[^1].Rows[0][0] switch
        {
            DateTimeOffset o => o,
            DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
            var other => throw new LocalSnowflakeException(1044, "22023", $"TASK_HISTORY time range '{expression}' is not a timestamp ({other})."),
        };
    }
}
