using System.Globalization;
using System.Text;
using SnowMedallion.Sql.Lexing;
using SnowMedallion.Testing.Snowflake.Engine;

namespace SnowMedallion.Testing.Snowflake.Tasks;

/// <summary>A predecessor's return value as a child run sees it.</summary>
/// <param name="Name">The predecessor task's name (no database or schema).</param>
/// <param name="Value">What it set with SYSTEM$SET_RETURN_VALUE in this graph run, or null.</param>
/// <param name="Direct">True for an immediate predecessor (AFTER), false for an earlier ancestor.</param>
internal sealed record PredecessorValue(string Name, string? Value, bool Direct);

/// <summary>What a session running a task's statement knows of its run: the value it sets, and its predecessors' values.</summary>
/// <param name="predecessors">Immediate predecessors first, then earlier ancestors, nearest first.</param>
internal sealed class TaskRunContext(IReadOnlyList<PredecessorValue> predecessors)
{
    /// <summary>The value set with SYSTEM$SET_RETURN_VALUE (the last call wins), or null.</summary>
    public string? ReturnValue { get; set; }

    /// <summary>The predecessors' values in this graph run.</summary>
    public IReadOnlyList<PredecessorValue> Predecessors { get; } = predecessors;
}

/// <summary>
/// SYSTEM$SET_RETURN_VALUE and SYSTEM$GET_PREDECESSOR_RETURN_VALUE, resolved at translation like the other SYSTEM$ functions
/// (https://docs.snowflake.com/en/sql-reference/functions/system_set_return_value,
/// https://docs.snowflake.com/en/sql-reference/functions/system_get_predecessor_return_value).
/// </summary>
internal static class TaskReturnValues
{
    /// <summary>The largest return value Snowflake accepts, in UTF-8 bytes.</summary>
    public const int MaxBytes = 10 * 1024;

    private const string Set = "SYSTEM$SET_RETURN_VALUE";
    private const string Get = "SYSTEM$GET_PREDECESSOR_RETURN_VALUE";

    /// <summary>For <c>TranslationScope.ResolveFunction</c>: the two functions as DuckDB SQL, or null for any other.</summary>
    public static string? ResolveFunction(Session session, string name, IReadOnlyList<IReadOnlyList<SqlToken>> arguments)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(arguments);
        if (string.Equals(name, Set, StringComparison.OrdinalIgnoreCase))
        {
            var value = StringArgument(arguments, Set, required: true)!;
            var bytes = Encoding.UTF8.GetByteCount(value);
            if (bytes > MaxBytes)
            {
                throw new LocalSnowflakeException(100357, "22000",
                    $"{Set}: the return value is {bytes:N0} bytes in UTF-8; at most {MaxBytes:N0} are allowed. Return a summary or a key to a table instead.");
            }

            // Outside a task run there is no run to record it on: the call does nothing.
            if (session.TaskRun is { } run)
            {
                run.ReturnValue = value;
            }

            return "CAST(NULL AS VARCHAR)";
        }

        if (string.Equals(name, Get, StringComparison.OrdinalIgnoreCase))
        {
            var wanted = StringArgument(arguments, Get, required: false);
            var value = Predecessor(session, wanted).Value;
            return value is null ? "CAST(NULL AS VARCHAR)" : "CAST(" + DuckDbResults.Literal(value) + " AS VARCHAR)";
        }

        return null;
    }

    private static PredecessorValue Predecessor(Session session, string? wanted)
    {
        var predecessors = session.TaskRun?.Predecessors ?? [];
        var direct = predecessors.Where(p => p.Direct).ToList();
        if (direct.Count == 0)
        {
            throw new LocalSnowflakeException(100358, "22000",
                $"{Get} can only be called by a task that runs AFTER another task; this statement is not part of such a run.");
        }

        if (wanted is null)
        {
            return direct.Count == 1
                ? direct[0]
                : throw new LocalSnowflakeException(100358, "22000",
                    $"{Get}: the task has {direct.Count} predecessors ({string.Join(", ", direct.Select(p => p.Name))}); name the one to read, e.g. {Get}('{direct[0].Name}').");
        }

        // Task names are case-sensitive; an ancestor further up the graph matches when no immediate predecessor does.
        return predecessors.FirstOrDefault(p => string.Equals(p.Name, wanted, StringComparison.Ordinal))
            ?? throw new LocalSnowflakeException(100358, "22000",
                $"{Get}('{wanted}'): no predecessor of this task is named {wanted} (names are case-sensitive; predecessors: {string.Join(", ", predecessors.Select(p => p.Name))}).");
    }

    private static string? StringArgument(IReadOnlyList<IReadOnlyList<SqlToken>> arguments, string function, bool required)
    {
        if (arguments.Count == 0 && !required)
        {
            return null;
        }

        if (arguments.Count != 1 || arguments[0].Count != 1 || arguments[0][0].Kind != SqlTokenKind.String)
        {
            throw new LocalSnowflakeException(1044, "42P13", string.Create(CultureInfo.InvariantCulture,
                $"SQL compilation error: Invalid argument types for function '{function}': LocalSnowflake takes {(required ? "one" : "at most one")} string literal or bind here, e.g. {function}('value')."));
        }

        return arguments[0][0].Value;
    }
}
