using System.Globalization;
using System.Text.Json;

namespace SnowMedallion.Testing.Snowflake.Notifications;

/// <summary>
/// The message-type-specific part of an error notification. The envelope (version, messageId,
/// messageType, timestamp, accountName) is written by <see cref="NotificationPublisher"/>.
/// </summary>
internal abstract record NotificationPayload
{
    /// <summary>Snowflake's <c>messageType</c>, e.g. <c>USER_TASK_FAILED</c>.</summary>
    public abstract string MessageType { get; }

    /// <summary>Writes the fields that follow <c>accountName</c>, in Snowflake's order.</summary>
    /// <param name="writer">The writer, positioned inside the message object.</param>
    public abstract void WriteFields(Utf8JsonWriter writer);

    /// <summary>Snowflake's timestamp form in notifications: ISO 8601 UTC with milliseconds and a Z.</summary>
    /// <param name="value">The instant.</param>
    /// <returns>e.g. <c>2021-11-11T19:46:39.648Z</c>.</returns>
    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>
/// A failed task run: <c>USER_TASK_FAILED</c>
/// (https://docs.snowflake.com/en/user-guide/tasks-errors-payload).
/// </summary>
/// <param name="TaskName">Fully qualified task name, DB.SCHEMA.TASK.</param>
/// <param name="TaskId">The task's id (SHOW TASKS <c>id</c>).</param>
/// <param name="RootTaskName">Fully qualified name of the graph's root task (the task itself when standalone).</param>
/// <param name="RootTaskId">The root task's id.</param>
/// <param name="Messages">One entry per failed run (usually one).</param>
internal sealed record UserTaskFailedPayload(
    string TaskName,
    string TaskId,
    string RootTaskName,
    string RootTaskId,
    IReadOnlyList<TaskFailureMessage> Messages) : NotificationPayload
{
    /// <inheritdoc/>
    public override string MessageType => "USER_TASK_FAILED";

    /// <inheritdoc/>
    public override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("taskName", TaskName);
        writer.WriteString("taskId", TaskId);
        writer.WriteString("rootTaskName", RootTaskName);
        writer.WriteString("rootTaskId", RootTaskId);
        writer.WriteStartArray("messages");
        foreach (var message in Messages)
        {
            writer.WriteStartObject();
            writer.WriteString("runId", FormatTimestamp(message.RunId));
            writer.WriteString("scheduledTime", FormatTimestamp(message.ScheduledTime));
            writer.WriteString("queryStartTime", Nullable(message.QueryStartTime));
            writer.WriteString("completedTime", Nullable(message.CompletedTime));
            writer.WriteString("queryId", message.QueryId ?? "null");
            writer.WriteString("errorCode", message.ErrorCode.ToString("D6", CultureInfo.InvariantCulture));
            writer.WriteString("errorMessage", message.ErrorMessage);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    // The documented sample writes a missing time as the string "null", not as JSON null.
    private static string Nullable(DateTimeOffset? value) => value is { } v ? FormatTimestamp(v) : "null";
}

/// <summary>One failed run inside a <see cref="UserTaskFailedPayload"/>.</summary>
/// <param name="RunId">The run id: the time the (root) run was scheduled.</param>
/// <param name="ScheduledTime">When the run was scheduled.</param>
/// <param name="QueryStartTime">When its statement started, if it did.</param>
/// <param name="CompletedTime">When it completed, if known.</param>
/// <param name="QueryId">The statement's query id, if it ran.</param>
/// <param name="ErrorCode">Snowflake's error code (written zero-padded to six digits, as Snowflake does).</param>
/// <param name="ErrorMessage">Snowflake's error message.</param>
internal sealed record TaskFailureMessage(
    DateTimeOffset RunId,
    DateTimeOffset ScheduledTime,
    DateTimeOffset? QueryStartTime,
    DateTimeOffset? CompletedTime,
    string? QueryId,
    int ErrorCode,
    string ErrorMessage);

/// <summary>
/// Files a pipe failed to load: <c>INGEST_FAILED_FILE</c>
/// (https://docs.snowflake.com/en/user-guide/data-load-snowpipe-errors-sns). Snowpipe sends it only
/// when the pipe's COPY uses ON_ERROR = SKIP_FILE (the default); the caller decides that.
/// </summary>
/// <param name="PipeName">Fully qualified pipe name, DB.SCHEMA.PIPE.</param>
/// <param name="TableName">Fully qualified target table name.</param>
/// <param name="StageLocation">The stage's location, e.g. <c>s3://mybucket/mypath</c>.</param>
/// <param name="Messages">One entry per failed file.</param>
internal sealed record IngestFailedFilePayload(
    string PipeName,
    string TableName,
    string StageLocation,
    IReadOnlyList<IngestFailedFileMessage> Messages) : NotificationPayload
{
    /// <inheritdoc/>
    public override string MessageType => "INGEST_FAILED_FILE";

    /// <inheritdoc/>
    public override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteString("pipeName", PipeName);
        writer.WriteString("tableName", TableName);
        writer.WriteString("stageLocation", StageLocation);
        writer.WriteStartArray("messages");
        foreach (var message in Messages)
        {
            writer.WriteStartObject();
            writer.WriteString("fileName", message.FileName);
            writer.WriteString("firstError", message.FirstError);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}

/// <summary>One failed file inside an <see cref="IngestFailedFilePayload"/>.</summary>
/// <param name="FileName">The file's path relative to the stage location (Snowflake writes it with a leading slash).</param>
/// <param name="FirstError">The first error the load hit in that file.</param>
internal sealed record IngestFailedFileMessage(string FileName, string FirstError);
