using System.Globalization;
using SnowMedallion.Testing.Snowflake.Engine;
using SnowMedallion.Testing.Snowflake.Engine.Catalog;
using SnowMedallion.Testing.Snowflake.Notifications;
using SnowMedallion.Testing.Snowflake.Procedures;

namespace SnowMedallion.Testing.Snowflake.Tasks;

/// <summary>
/// The task feature of one LocalSnowflake: its scheduler (registered with the engine's background
/// work, so WaitForIdleAsync waits for runs), the executor that runs conditions and statements in a
/// session of their own, and USER_TASK_FAILED notifications for tasks with an ERROR_INTEGRATION.
/// </summary>
internal sealed class TaskRuntime : IDisposable
{
    private TaskRuntime(SnowflakeEngine engine)
    {
        Publisher = Notifications(engine);
        Scheduler = new LocalTaskScheduler(engine.Time, new EngineTaskExecutor(engine), task => engine.Work.Track(task), OnRunFailed);
    }

    /// <summary>The scheduler.</summary>
    public LocalTaskScheduler Scheduler { get; }

    /// <summary>The notification publisher.</summary>
    public NotificationPublisher Publisher { get; }

    /// <summary>The engine's task runtime (created on first use).</summary>
    /// <param name="engine">The engine.</param>
    /// <returns>Its runtime.</returns>
    public static TaskRuntime For(SnowflakeEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return engine.Feature(e => new TaskRuntime(e));
    }

    /// <summary>
    /// A publisher that resolves integrations from the engine's catalog and records messages in
    /// <c>LocalSnowflake.Notifications</c> (the pipe feature publishes INGEST_FAILED_FILE through one too).
    /// </summary>
    /// <param name="engine">The engine.</param>
    /// <returns>The publisher.</returns>
    public static NotificationPublisher Notifications(SnowflakeEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return new NotificationPublisher(engine.Time, engine.AccountName, name => ResolveIntegration(engine, name), engine.Publish);
    }

    /// <summary>Looks up a notification integration for publishing.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="name">The integration name as stored.</param>
    /// <returns>The target, or null when there is no such notification integration.</returns>
    public static NotificationTarget? ResolveIntegration(SnowflakeEngine engine, string name)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var integration = engine.Catalog.Account<IntegrationEntry>(IntegrationEntry.Kind).Find(name);
        return integration is { Category: "NOTIFICATION" } && integration.Property("AWS_SNS_TOPIC_ARN") is { } topic
            ? new NotificationTarget(integration.Name, integration.Enabled, topic)
            : null;
    }

    /// <inheritdoc/>
    public void Dispose() => Scheduler.Dispose();

    private void OnRunFailed(TaskRun run)
    {
        var task = run.Task;
        var root = Scheduler.Roots(task).FirstOrDefault() ?? task;
        var integration = task.Definition.ErrorIntegration ?? root.Definition.ErrorIntegration;
        if (integration is null)
        {
            return;
        }

        var payload = new UserTaskFailedPayload(
            task.Path.ToString(),
            task.Id,
            root.Path.ToString(),
            root.Id,
            [
                new TaskFailureMessage(
                    DateTimeOffset.FromUnixTimeMilliseconds(run.RunId),
                    run.ScheduledTime,
                    run.QueryStartTime,
                    run.CompletedTime,
                    run.QueryId,
                    run.ErrorCode ?? 0,
                    run.ErrorMessage ?? string.Empty),
            ]);
        Publisher.Publish(integration, payload);
    }

    /// <summary>Runs a task's condition and statement in a new session as the task owner, in the task's schema.</summary>
    private sealed class EngineTaskExecutor(SnowflakeEngine engine) : ITaskRunExecutor
    {
        public bool EvaluateCondition(TaskEntry task, string condition)
        {
            using var session = Open(task);
            var results = engine.Execute(session, "SELECT " + condition);
            var value = results.Count > 0 && results[^1].Rows.Count > 0 ? results[^1].Rows[0][0] : null;
            return value switch
            {
                null or DBNull => false,
                bool b => b,
                string s => s.Trim().Equals("true", StringComparison.OrdinalIgnoreCase),
                _ => Convert.ToDouble(value, CultureInfo.InvariantCulture) != 0,
            };
        }

        public TaskBodyOutcome RunBody(TaskEntry task, TaskRun run)
        {
            using var session = Open(task);
            var context = new TaskRunContext(run.Predecessors);
            session.TaskRun = context;
            engine.Execute(session, task.Definition.Definition);
            return new TaskBodyOutcome(run.QueryId ?? QueryIds.Next(), context.ReturnValue);
        }

        private Session Open(TaskEntry task)
        {
            var session = engine.OpenSession();
            try
            {
                session.Role = task.Owner;
                session.Warehouse = task.Definition.Warehouse;
                engine.Catalog.GetSchema(task.Path.Database, task.Path.Schema);
                session.Use(task.Path.Database, task.Path.Schema);
                return session;
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }
    }
}
