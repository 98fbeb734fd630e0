using Microsoft.Extensions.Logging;

namespace SnowMedallion.Testing.Snowflake.Tasks;

/// <summary>Log messages of the task scheduler.</summary>
internal static partial class TaskLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Debug, Message = "Task {Task} run scheduled for {ScheduledTime} finished {State}")]
    public static partial void RunFinished(ILogger logger, string task, DateTimeOffset scheduledTime, TaskRunState state);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Task {Task} run failed: {ErrorCode} {ErrorMessage}")]
    public static partial void RunFailed(ILogger logger, string task, int errorCode, string errorMessage);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Task {Task} suspended after {Failures} consecutive failed runs (SUSPEND_TASK_AFTER_NUM_FAILURES)")]
    public static partial void AutoSuspended(ILogger logger, string task, int failures);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Error, Message = "Task {Task} run hit an unexpected emulator error")]
    public static partial void Unexpected(ILogger logger, Exception exception, string task);
}
