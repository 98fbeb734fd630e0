using System.Collections.Immutable;
using SnowMedallion.Model;

namespace SnowMedallion.Building;

/// <summary>Configures the task that runs an upsert procedure. Immutable: every method returns a new builder.</summary>
public sealed class TaskBuilder
{
    private readonly State _state;

    internal TaskBuilder(string name)
        : this(new State(name, null, null, null, null, false, null, null, false, [], null))
    {
    }

    private TaskBuilder(State state) => _state = state;

    /// <summary>Runs the task on a warehouse (<c>WAREHOUSE</c>).</summary>
    /// <param name="warehouse">The warehouse's exact name, e.g. <c>COMPUTE_WH</c>.</param>
    /// <returns>A new builder.</returns>
    public TaskBuilder Warehouse(string warehouse) => new(_state with { Warehouse = warehouse });

    /// <summary>Runs the task serverless (<c>USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE</c>).</summary>
    /// <param name="initialWarehouseSize">The initial size, e.g. <c>XSMALL</c>.</param>
    /// <returns>A new builder.</returns>
    public TaskBuilder Serverless(string initialWarehouseSize = "XSMALL") => new(_state with { ServerlessSize = initialWarehouseSize });

    /// <summary>Runs the task every interval (whole minutes).</summary>
    /// <param name="interval">The interval.</param>
    /// <returns>A new builder.</returns>
    public TaskBuilder Every(TimeSpan interval) => new(_state with { Schedule = TaskSchedule.Every(interval) });

    /// <summary>Runs the task on a cron expression in an IANA time zone.</summary>
    /// <param name="cron">The five-field cron expression, e.g. <c>0 0 * * *</c>.</param>
    /// <param name="timeZone">The IANA time zone, e.g. <c>America/New_York</c>.</param>
    /// <returns>A new builder.</returns>
    public TaskBuilder Cron(string cron, string timeZone) => new(_state with { Schedule = TaskSchedule.UsingCron(cron, timeZone) });

    /// <summary>Sets <c>ERROR_INTEGRATION</c>: where failed runs are reported.</summary>
    /// <param name="integration">The notification integration.</param>
    /// <returns>A new builder.</returns>
    public TaskBuilder ErrorIntegration(NotificationIntegrationBuilder integration) => new(_state with { ErrorIntegration = integration });

    /// <summary>Skips runs while the procedure's source stream is empty (<c>WHEN SYSTEM$STREAM_HAS_DATA(...)</c>).</summary>
    /// <returns>A new builder.</returns>
    public TaskBuilder WhenStreamHasData() => new(_state with { WhenStreamHasData = true, When = null });

    /// <summary>Runs only when a SQL boolean expression is true (<c>WHEN</c>).</summary>
    /// <param name="condition">The expression.</param>
    /// <returns>A new builder.</returns>
    public TaskBuilder When(string condition) => new(_state with { When = condition, WhenStreamHasData = false });

    /// <summary>Sets <c>SUSPEND_TASK_AFTER_NUM_FAILURES</c>.</summary>
    /// <param name="failures">Consecutive failures after which the task suspends itself (0: never).</param>
    /// <returns>A new builder.</returns>
    public TaskBuilder SuspendAfterFailures(int failures) => new(_state with { SuspendAfter = failures });

    /// <summary>Starts the task once created (<c>ALTER TASK ... RESUME</c>).</summary>
    /// <param name="started">Whether to start it.</param>
    /// <returns>A new builder.</returns>
    public TaskBuilder Started(bool started = true) => new(_state with { Started = started });

    /// <summary>The values passed to the procedure's arguments, as string literals (<c>CALL p('value')</c>).</summary>
    /// <param name="arguments">One value per procedure argument.</param>
    /// <returns>A new builder.</returns>
    public TaskBuilder CallWith(params string?[] arguments) => new(_state with { Arguments = [.. arguments] });

    /// <summary>Sets the comment.</summary>
    /// <param name="comment">The comment.</param>
    /// <returns>A new builder.</returns>
    public TaskBuilder Comment(string comment) => new(_state with { Comment = comment });

    internal SnowflakeTask Resolve(BuildContext context, Schema schema, Procedure procedure, Model.Stream stream) =>
        new(schema, _state.Name, new CallProcedure(procedure, _state.Arguments))
        {
            Warehouse = _state.Warehouse,
            ServerlessInitialWarehouseSize = _state.ServerlessSize,
            Schedule = _state.Schedule,
            ErrorIntegration = _state.ErrorIntegration is null ? null : context.Get<NotificationIntegration>(_state.ErrorIntegration),
            When = _state.WhenStreamHasData ? TaskCondition.StreamHasData(stream) : _state.When is { } sql ? TaskCondition.Expression(sql) : null,
            SuspendAfterNumFailures = _state.SuspendAfter,
            Started = _state.Started,
            Comment = _state.Comment,
        };

    private sealed record State(
        string Name,
        string? Warehouse,
        string? ServerlessSize,
        TaskSchedule? Schedule,
        NotificationIntegrationBuilder? ErrorIntegration,
        bool WhenStreamHasData,
        string? When,
        int? SuspendAfter,
        bool Started,
        ImmutableList<string?> Arguments,
        string? Comment);
}
