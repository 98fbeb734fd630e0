using SnowMedallion.Testing.Snowflake.Engine;
using SnowMedallion.Testing.Snowflake.Engine.Catalog;
using SnowMedallion.Testing.Snowflake.Engine.Handlers;
using SnowMedallion.Testing.Snowflake.Procedures;

namespace SnowMedallion.Testing.Snowflake.Tasks;

/// <summary>
/// CREATE [OR REPLACE] TASK, ALTER TASK, EXECUTE TASK, DROP TASK, SHOW TASKS and DESC TASK
/// (https://docs.snowflake.com/en/sql-reference/sql/create-task and the pages next to it).
/// </summary>
internal sealed class TaskHandler : StatementHandler
{
    private const string Done = "Statement executed successfully.";

    /// <inheritdoc/>
    public override bool CanHandle(StatementContext statement) =>
        statement.IsCreateOf(["TASK"]) ||
        statement.StartsWith("ALTER", "TASK") ||
        statement.StartsWith("EXECUTE", "TASK") ||
        statement.StartsWith("DROP", "TASK") ||
        ShowCommand.Matches(statement, "TASKS") ||
        statement.StartsWith("DESC", "TASK") || statement.StartsWith("DESCRIBE", "TASK");

    /// <inheritdoc/>
    public override LocalResult Execute(StatementContext statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var scheduler = TaskRuntime.For(statement.Engine).Scheduler;
        if (statement.StartsWith("CREATE"))
        {
            return Create(statement, scheduler);
        }

        if (statement.StartsWith("ALTER"))
        {
            return Alter(statement, scheduler);
        }

        if (statement.StartsWith("SHOW"))
        {
            var show = ShowCommand.Parse(statement, 1);
            var tasks = scheduler.Tasks
                .Where(t => show.Includes(t.Path.Name, t.Path.Database, t.Path.Schema) && (!show.RootOnly || t.Predecessors.Count == 0))
                .ToList();
            var result = show.Terse ? TaskResults.ShowTerse(tasks) : TaskResults.Show(tasks);
            return result with { Rows = [.. show.Take(result.Rows)] };
        }

        var reader = new DdlReader(statement.Text);
        if (reader.TryKeyword("EXECUTE", "TASK"))
        {
            var path = statement.Resolve(reader.ObjectName(), "EXECUTE TASK");
            if (reader.TryKeyword("RETRY", "LAST"))
            {
                throw LocalSnowflakeException.Unsupported("EXECUTE TASK ... RETRY LAST (re-running the failed tasks of the last graph run); run EXECUTE TASK without it");
            }

            End(reader);
            scheduler.ExecuteNow(path);
            return LocalResult.Status($"Task {SnowflakeErrors.Show(path.Name)} is scheduled to run immediately.");
        }

        if (reader.TryKeyword("DROP", "TASK"))
        {
            var ifExists = reader.TryKeyword("IF", "EXISTS");
            var path = statement.Resolve(reader.ObjectName(), "DROP TASK");
            End(reader);
            return LocalResult.Status(scheduler.Drop(path, ifExists));
        }

        _ = reader.TryKeyword("DESCRIBE") || reader.TryKeyword("DESC");
        reader.Expect("TASK");
        var described = statement.Resolve(reader.ObjectName(), "DESCRIBE TASK");
        End(reader);
        var task = scheduler.Find(described) ?? throw DoesNotExist(described);
        return TaskResults.Show([task]);
    }

    private static LocalResult Create(StatementContext statement, LocalTaskScheduler scheduler)
    {
        var definition = TaskDdlParser.ParseCreate(statement.Text);
        var path = statement.ResolveInExistingSchema(definition.NameParts, "CREATE TASK");
        var predecessors = definition.After.Select(p => statement.Resolve(p, "CREATE TASK")).ToList();
        CheckIntegration(statement.Engine, definition.ErrorIntegration);
        return LocalResult.Status(scheduler.Create(path, definition with { After = [] }, predecessors, statement.Session.Role));
    }

    private static LocalResult Alter(StatementContext statement, LocalTaskScheduler scheduler)
    {
        var command = AlterTaskCommand.Parse(statement.Text);
        var path = statement.Resolve(command.NameParts, "ALTER TASK");
        if (scheduler.Find(path) is null)
        {
            return command.IfExists ? LocalResult.Status(Done) : throw DoesNotExist(path);
        }

        var after = command.After.Select(p => statement.Resolve(p, "ALTER TASK")).ToList();
        switch (command.Action)
        {
            case AlterTaskAction.Resume:
                scheduler.Resume(path);
                break;
            case AlterTaskAction.Suspend:
                scheduler.Suspend(path);
                break;
            default:
                scheduler.Alter(
                    path,
                    task =>
                    {
                        var definition = task.Definition;
                        var predecessors = task.Predecessors;
                        switch (command.Action)
                        {
                            case AlterTaskAction.Set:
                                definition = command.Set!(definition);
                                CheckIntegration(statement.Engine, definition.ErrorIntegration);
                                break;
                            case AlterTaskAction.Unset:
                                definition = command.ApplyUnset(definition);
                                break;
                            case AlterTaskAction.AddAfter:
                                predecessors = [.. predecessors.Concat(after).Distinct()];
                                break;
                            case AlterTaskAction.RemoveAfter:
                                predecessors = [.. predecessors.Except(after)];
                                break;
                            case AlterTaskAction.ModifyAs:
                                definition = definition with { Definition = command.Sql! };
                                break;
                            case AlterTaskAction.ModifyWhen:
                                definition = definition with { Condition = command.Sql };
                                break;
                            case AlterTaskAction.RemoveWhen:
                                definition = definition with { Condition = null };
                                break;
                        }

                        return (definition, predecessors);
                    },
                    command.RequiresSuspendedGraph);
                break;
        }

        return LocalResult.Status(Done);
    }

    private static void CheckIntegration(SnowflakeEngine engine, string? name)
    {
        if (name is null)
        {
            return;
        }

        var integration = engine.Catalog.Account<IntegrationEntry>(IntegrationEntry.Kind).Find(name)
            ?? throw SnowflakeErrors.DoesNotExist("Integration", SnowflakeErrors.Show(name));
        if (integration.Category != "NOTIFICATION")
        {
            throw new LocalSnowflakeException(3001, "42601",
                $"SQL compilation error:\nIntegration '{integration.Name}' is not a notification integration: ERROR_INTEGRATION must name a NOTIFICATION INTEGRATION.");
        }
    }

    private static void End(DdlReader reader)
    {
        if (!reader.AtEnd)
        {
            throw reader.Error($"unexpected '{reader.Peek()!.Value}'");
        }
    }

    private static LocalSnowflakeException DoesNotExist(ObjectPath path) => SnowflakeErrors.DoesNotExist("Task", path.ToString());
}
