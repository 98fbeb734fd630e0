using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SnowMedallion.Testing.Snowflake.Pipes;

/// <summary>What SYSTEM$PIPE_STATUS reports, before it is written as JSON.</summary>
internal sealed record PipeStatusSnapshot
{
    /// <summary>RUNNING, PAUSED, STOPPED_STAGE_DROPPED, STOPPED_FILE_FORMAT_DROPPED, STOPPED_MISSING_TABLE...</summary>
    public required string ExecutionState { get; init; }

    /// <summary>Files queued and not yet loaded.</summary>
    public required int PendingFileCount { get; init; }

    /// <summary>The file queued longest (only reported when files are pending).</summary>
    public PendingFile? OldestPending { get; init; }

    /// <summary>The notification channel (auto-ingest pipes).</summary>
    public string? NotificationChannelName { get; init; }

    /// <summary>Messages received on the channel and not yet processed.</summary>
    public int NumOutstandingMessagesOnChannel { get; init; }

    /// <summary>When the pipe last failed to load a file.</summary>
    public DateTimeOffset? LastPipeErrorTimestamp { get; init; }

    /// <summary>When the pipe last faulted.</summary>
    public DateTimeOffset? LastPipeFaultTimestamp { get; init; }

    /// <summary>When the pipe last loaded a file.</summary>
    public DateTimeOffset? LastIngestedTimestamp { get; init; }

    /// <summary>The file last loaded (relative to the stage).</summary>
    public string? LastIngestedFilePath { get; init; }

    /// <summary>When the last notification arrived.</summary>
    public DateTimeOffset? LastReceivedMessageTimestamp { get; init; }

    /// <summary>When the last notification was forwarded to the pipe.</summary>
    public DateTimeOffset? LastForwardedMessageTimestamp { get; init; }

    /// <summary>The file of the last forwarded notification (<c>bucket/key</c>).</summary>
    public string? LastForwardedFilePath { get; init; }

    /// <summary>When the pipe last pulled the channel.</summary>
    public DateTimeOffset? LastPulledFromChannelTimestamp { get; init; }

    /// <summary>The pipe's last error message, if any.</summary>
    public string? Error { get; init; }

    /// <summary>The pipe's last fault, if any.</summary>
    public string? Fault { get; init; }
}

/// <summary>Writes SYSTEM$PIPE_STATUS's JSON.</summary>
/// <remarks>
/// https://docs.snowflake.com/en/sql-reference/functions/system_pipe_status: fields in the documented
/// order, each only "if applicable to the current pipe status"; oldestPendingFilePath and
/// oldestFileTimestamp only when pendingFileCount is above 0. Timestamps are UTC ISO-8601 with milliseconds.
/// </remarks>
internal static class PipeStatusJson
{
    /// <summary>The JSON text.</summary>
    public static string Write(PipeStatusSnapshot status)
    {
        ArgumentNullException.ThrowIfNull(status);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("executionState", status.ExecutionState);
            if (status.PendingFileCount > 0 && status.OldestPending is { } oldest)
            {
                json.WriteString("oldestPendingFilePath", oldest.FileName);
                json.WriteString("oldestFileTimestamp", Timestamp(oldest.ReceivedAt));
            }

            json.WriteNumber("pendingFileCount", status.PendingFileCount);
            WriteTime(json, "lastPipeErrorTimestamp", status.LastPipeErrorTimestamp);
            WriteTime(json, "lastPipeFaultTimestamp", status.LastPipeFaultTimestamp);
            WriteTime(json, "lastIngestedTimestamp", status.LastIngestedTimestamp);
            if (status.LastIngestedFilePath is { } ingested)
            {
                json.WriteString("lastIngestedFilePath", ingested);
            }

            if (status.NotificationChannelName is { } channel)
            {
                json.WriteString("notificationChannelName", channel);
                json.WriteNumber("numOutstandingMessagesOnChannel", status.NumOutstandingMessagesOnChannel);
            }

            WriteTime(json, "lastReceivedMessageTimestamp", status.LastReceivedMessageTimestamp);
            WriteTime(json, "lastForwardedMessageTimestamp", status.LastForwardedMessageTimestamp);
            if (status.Error is { } error)
            {
                json.WriteString("error", error);
            }

            if (status.Fault is { } fault)
            {
                json.WriteString("fault", fault);
            }

            WriteTime(json, "lastPulledFromChannelTimestamp", status.LastPulledFromChannelTimestamp);
            if (status.LastForwardedFilePath is { } forwarded)
            {
                json.WriteString("lastForwardedFilePath", forwarded);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Snowflake's timestamp text in pipe status JSON.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            json.WriteString(name, Timestamp(time));
        }
    }
}
