using System.Globalization;
using SnowMedallion.Testing.Snowflake.Procedures;

namespace SnowMedallion.Testing.Snowflake.Tasks;

/// <summary>Parses <c>CREATE TASK</c> and <c>ALTER TASK</c>.</summary>
internal static class TaskDdlParser
{
    /// <summary>Parses CREATE [OR REPLACE] TASK.</summary>
    /// <param name="sql">The statement.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="LocalSnowflakeException">A syntax error or an invalid property.</exception>
    public static TaskDefinition ParseCreate(string sql)
    {
        var reader = new DdlReader(sql);
        reader.Expect("CREATE");
        var orReplace = reader.TryKeyword("OR", "REPLACE");
        reader.Expect("TASK");
        var ifNotExists = reader.TryKeyword("IF", "NOT", "EXISTS");
        var name = reader.ObjectName();
        var definition = new TaskDefinition { NameParts = name, OrReplace = orReplace, IfNotExists = ifNotExists, Definition = string.Empty };
        while (!reader.AtEnd)
        {
            if (reader.TryKeyword("AS"))
            {
                var body = reader.RestFrom(reader.Position);
                if (body.Length == 0)
                {
                    throw reader.Error("missing the task's SQL statement after AS");
                }

                // The syntax offers one or the other (https://docs.snowflake.com/en/sql-reference/sql/create-task).
                if (definition.Warehouse is not null && definition.ManagedWarehouseSize is not null)
                {
                    throw new LocalSnowflakeException(1003, "42000",
                        "SQL compilation error:\nTask properties WAREHOUSE and USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE cannot both be set: " +
                        "a task runs on a warehouse (WAREHOUSE) or serverless (USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE); remove one of them.");
                }

                return definition with { Definition = body };
            }

            if (reader.Peek()!.Is("WITH") || reader.Peek()!.Is("TAG"))
            {
                var what = reader.Peek()!.Is("WITH") && reader.Peek(1) is { } next ? "WITH " + next.Value.ToUpperInvariant() : "TAG";
                throw LocalSnowflakeException.Unsupported($"CREATE TASK ... {what} (tags and contacts on tasks)");
            }

            if (reader.TryKeyword("AFTER"))
            {
                definition = definition with { After = ReadAfter(reader) };
            }
            else if (reader.TryKeyword("WHEN"))
            {
                var condition = reader.TextUntil(t => t.Is("AS"));
                definition = definition with { Condition = condition };
            }
            else
            {
                definition = ReadProperty(reader, definition);
            }
        }

        throw reader.Error("missing AS <sql statement>");
    }

    /// <summary>Reads the comma-separated predecessor list of AFTER.</summary>
    /// <param name="reader">The reader, positioned after AFTER.</param>
    /// <returns>The predecessor names.</returns>
    public static List<IReadOnlyList<string>> ReadAfter(DdlReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var after = new List<IReadOnlyList<string>> { reader.ObjectName() };
        while (reader.TrySymbol(","))
        {
            after.Add(reader.ObjectName());
        }

        return after;
    }

    /// <summary>Reads one <c>NAME = value</c> task property into <paramref name="definition"/>.</summary>
    /// <param name="reader">The reader, positioned on the property name.</param>
    /// <param name="definition">The definition so far.</param>
    /// <returns>The updated definition.</returns>
    public static TaskDefinition ReadProperty(DdlReader reader, TaskDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(definition);
        var token = reader.Next();
        var property = token.Value.ToUpperInvariant();
        reader.ExpectSymbol("=");
        var value = reader.Next();
        return property switch
        {
            "WAREHOUSE" => definition with { Warehouse = value.Kind == DdlTokenKind.String ? value.Value : value.Identifier },
            "USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE" => definition with { ManagedWarehouseSize = value.Value.ToUpperInvariant() },
            "SCHEDULE" => definition with { Schedule = TaskSchedule.Parse(value.Value) },
            "ERROR_INTEGRATION" => definition with { ErrorIntegration = value.Identifier },
            "SUSPEND_TASK_AFTER_NUM_FAILURES" => definition with { SuspendAfterFailures = Integer(reader, value, property) },
            "ALLOW_OVERLAPPING_EXECUTION" => definition with { AllowOverlappingExecution = value.Is("TRUE") },
            "OVERLAP_POLICY" => definition with { AllowOverlappingExecution = OverlapPolicy(reader, value) != "NO_OVERLAP" },
            "USER_TASK_TIMEOUT_MS" => definition with { TimeoutMilliseconds = Integer(reader, value, property) },
            "COMMENT" => definition with { Comment = value.Value },
            _ when IsAcceptedWithoutEffect(property) => definition,
            "FINALIZE" => throw LocalSnowflakeException.Unsupported("task FINALIZE (finalizer tasks)"),
            _ => throw LocalSnowflakeException.Unsupported($"task property {property}"),
        };
    }

    /// <summary>
    /// Properties accepted and without effect on the emulator: retries, trigger intervals, config, logging, serverless
    /// sizes and a few session parameters (https://docs.snowflake.com/en/sql-reference/sql/create-task).
    /// </summary>
    /// <param name="property">The property name, upper case.</param>
    /// <returns>True when SET and UNSET accept it and change nothing.</returns>
    public static bool IsAcceptedWithoutEffect(string property) => property is
        "TASK_AUTO_RETRY_ATTEMPTS" or "USER_TASK_MINIMUM_TRIGGER_INTERVAL_IN_SECONDS" or "CONFIG" or "SUCCESS_INTEGRATION"
        or "QUERY_TAG" or "TIMEZONE" or "STATEMENT_TIMEOUT_IN_SECONDS" or "TARGET_COMPLETION_INTERVAL"
        or "LOG_LEVEL" or "SERVERLESS_TASK_MIN_STATEMENT_SIZE" or "SERVERLESS_TASK_MAX_STATEMENT_SIZE";

    // OVERLAP_POLICY = { NO_OVERLAP | ALLOW_CHILD_OVERLAP | ALLOW_ALL_OVERLAP } (https://docs.snowflake.com/en/sql-reference/sql/create-task).
    private static string OverlapPolicy(DdlReader reader, DdlToken value)
    {
        var policy = value.Value.ToUpperInvariant();
        return policy is "NO_OVERLAP" or "ALLOW_CHILD_OVERLAP" or "ALLOW_ALL_OVERLAP"
            ? policy
            : throw reader.Error($"OVERLAP_POLICY must be NO_OVERLAP, ALLOW_CHILD_OVERLAP or ALLOW_ALL_OVERLAP, not '{value.Value}'", value.Start);
    }

    private static int Integer(DdlReader reader, DdlToken value, string property) =>
        value.Kind == DdlTokenKind.Number && int.TryParse(value.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw reader.Error($"{property} must be a non-negative integer", value.Start);
}
