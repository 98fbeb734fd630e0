using SnowMedallion.Testing.Snowflake.Procedures;

namespace SnowMedallion.Testing.Snowflake.Tasks;

/// <summary>What an ALTER TASK does.</summary>
internal enum AlterTaskAction
{
    /// <summary>RESUME.</summary>
    Resume,

    /// <summary>SUSPEND.</summary>
    Suspend,

    /// <summary>SET properties.</summary>
    Set,

    /// <summary>UNSET properties.</summary>
    Unset,

    /// <summary>ADD AFTER predecessors.</summary>
    AddAfter,

    /// <summary>REMOVE AFTER predecessors.</summary>
    RemoveAfter,

    /// <summary>MODIFY AS sql.</summary>
    ModifyAs,

    /// <summary>MODIFY WHEN condition.</summary>
    ModifyWhen,

    /// <summary>REMOVE WHEN.</summary>
    RemoveWhen,
}

/// <summary>
/// The parsed form of ALTER TASK (https://docs.snowflake.com/en/sql-reference/sql/alter-task).
/// </summary>
internal sealed record AlterTaskCommand
{
    /// <summary>The task name as written.</summary>
    public required IReadOnlyList<string> NameParts { get; init; }

    /// <summary>IF EXISTS was given.</summary>
    public bool IfExists { get; init; }

    /// <summary>The action.</summary>
    public required AlterTaskAction Action { get; init; }

    /// <summary>Predecessors for ADD / REMOVE AFTER.</summary>
    public IReadOnlyList<IReadOnlyList<string>> After { get; init; } = [];

    /// <summary>Applies SET's properties to a definition.</summary>
    public Func<TaskDefinition, TaskDefinition>? Set { get; init; }

    /// <summary>Property names for UNSET.</summary>
    public IReadOnlyList<string> Unset { get; init; } = [];

    /// <summary>The SQL for MODIFY AS / MODIFY WHEN.</summary>
    public string? Sql { get; init; }

    /// <summary>True for changes Snowflake allows only while the graph's root is suspended.</summary>
    public bool RequiresSuspendedGraph => Action is not (AlterTaskAction.Resume or AlterTaskAction.Suspend) &&
        !(Action is AlterTaskAction.Set or AlterTaskAction.Unset && OnlyHarmlessProperties);

    private bool OnlyHarmlessProperties { get; init; }

    /// <summary>Parses ALTER TASK.</summary>
    /// <param name="sql">The statement.</param>
    /// <returns>The command.</returns>
    public static AlterTaskCommand Parse(string sql)
    {
        var reader = new DdlReader(sql);
        reader.Expect("ALTER", "TASK");
        var ifExists = reader.TryKeyword("IF", "EXISTS");
        var name = reader.ObjectName();
        AlterTaskCommand Make(AlterTaskAction action) => new() { NameParts = name, IfExists = ifExists, Action = action };

        if (reader.TryKeyword("RESUME"))
        {
            return Done(reader, Make(AlterTaskAction.Resume));
        }

        if (reader.TryKeyword("SUSPEND"))
        {
            return Done(reader, Make(AlterTaskAction.Suspend));
        }

        if (reader.TryKeyword("ADD", "AFTER"))
        {
            return Done(reader, Make(AlterTaskAction.AddAfter) with { After = TaskDdlParser.ReadAfter(reader) });
        }

        if (reader.TryKeyword("REMOVE", "AFTER"))
        {
            return Done(reader, Make(AlterTaskAction.RemoveAfter) with { After = TaskDdlParser.ReadAfter(reader) });
        }

        if (reader.TryKeyword("REMOVE", "WHEN"))
        {
            return Done(reader, Make(AlterTaskAction.RemoveWhen));
        }

        if (reader.TryKeyword("MODIFY", "AS"))
        {
            return Make(AlterTaskAction.ModifyAs) with { Sql = reader.RestFrom(reader.Position) };
        }

        if (reader.TryKeyword("MODIFY", "WHEN"))
        {
            return Make(AlterTaskAction.ModifyWhen) with { Sql = reader.RestFrom(reader.Position) };
        }

        if (reader.TryKeyword("SET"))
        {
            if (reader.Peek()?.Is("TAG") == true)
            {
                throw LocalSnowflakeException.Unsupported("ALTER TASK ... SET TAG");
            }

            var changes = new List<Func<TaskDefinition, TaskDefinition>>();
            var harmless = true;
            while (!reader.AtEnd)
            {
                var property = reader.Peek()!.Value.ToUpperInvariant();
                harmless &= property is "COMMENT" or "SUSPEND_TASK_AFTER_NUM_FAILURES" or "ERROR_INTEGRATION" or "USER_TASK_TIMEOUT_MS";
                var start = reader.Position;
                var probe = TaskDdlParser.ReadProperty(reader, new TaskDefinition { NameParts = name, Definition = string.Empty });
                var text = reader.Sql[start..reader.Position];
                changes.Add(definition => TaskDdlParser.ReadProperty(new DdlReader(text), definition));
                _ = probe;
                reader.TrySymbol(",");
            }

            if (changes.Count == 0)
            {
                throw reader.Error("expected a property after SET");
            }

            return Make(AlterTaskAction.Set) with
            {
                Set = definition => changes.Aggregate(definition, (current, change) => change(current)),
                OnlyHarmlessProperties = harmless,
            };
        }

        if (reader.TryKeyword("UNSET"))
        {
            var names = new List<string>();
            do
            {
                names.Add(reader.Next().Value.ToUpperInvariant());
            }
            while (reader.TrySymbol(","));
            return Done(reader, Make(AlterTaskAction.Unset) with
            {
                Unset = names,
                OnlyHarmlessProperties = names.All(n => n is "COMMENT" or "SUSPEND_TASK_AFTER_NUM_FAILURES" or "ERROR_INTEGRATION" or "USER_TASK_TIMEOUT_MS"),
            });
        }

        var what = reader.AtEnd ? "end of statement" : reader.Peek()!.Value;
        throw LocalSnowflakeException.Unsupported($"ALTER TASK ... {what.ToUpperInvariant()}");
    }

    /// <summary>Applies UNSET to a definition (each property back to its default).</summary>
    /// <param name="definition">The current definition.</param>
    /// <returns>The new definition.</returns>
    public TaskDefinition ApplyUnset(TaskDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        foreach (var property in Unset)
        {
            definition = property switch
            {
                "WAREHOUSE" => definition with { Warehouse = null },
                "SCHEDULE" => definition with { Schedule = null },
                "ERROR_INTEGRATION" => definition with { ErrorIntegration = null },
                "SUSPEND_TASK_AFTER_NUM_FAILURES" => definition with { SuspendAfterFailures = 10 },
                "COMMENT" => definition with { Comment = null },
                "USER_TASK_TIMEOUT_MS" => definition with { TimeoutMilliseconds = null },
                "ALLOW_OVERLAPPING_EXECUTION" or "OVERLAP_POLICY" => definition with { AllowOverlappingExecution = false },

                // Accepted by SET without effect on the emulator, so UNSET has nothing to undo.
                _ when TaskDdlParser.IsAcceptedWithoutEffect(property) => definition,
                "USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE" => definition with { ManagedWarehouseSize = null },
                _ => throw LocalSnowflakeException.Unsupported($"ALTER TASK ... UNSET {property}"),
            };
        }

        return definition;
    }

    private static AlterTaskCommand Done(DdlReader reader, AlterTaskCommand command) =>
        reader.AtEnd ? command : throw reader.Error($"unexpected '{reader.Peek()!.Value}'");
}
