using SnowMedallion.Testing.Snowflake.Engine;
using SnowMedallion.Testing.Snowflake.Translation;

namespace SnowMedallion.Testing.Snowflake.Streams;

/// <summary>
/// Staleness by time: "A stream becomes stale when its offset is outside of the data retention period for its source
/// table." For an unconsumed stream Snowflake extends the table's retention up to MAX_DATA_EXTENSION_TIME_IN_DAYS, so
/// a stream stays readable for the longer of the two after its offset (14 days with the defaults). (A dropped or
/// replaced source table is the other way to go stale: <see cref="StreamStore.IsStale"/>.)
/// </summary>
/// <remarks>https://docs.snowflake.com/en/user-guide/streams-intro (data retention period and staleness)</remarks>
internal static class StreamStaleness
{
    /// <summary>How long after its offset the stream stays readable: from the parameters nearest to its source table.</summary>
    public static TimeSpan Period(SnowflakeEngine engine, StreamDefinition stream)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(stream);
        var table = engine.Tables.Find(stream.Table);
        var schema = engine.Catalog.FindSchema(stream.Table.Database, stream.Table.Schema);
        var database = engine.Catalog.FindDatabase(stream.Table.Database);
        var retention = table?.DataRetentionDays ?? schema?.DataRetentionDays ?? database?.DataRetentionDays ?? RetentionDays.DefaultRetention;
        var extension = table?.MaxDataExtensionDays ?? schema?.MaxDataExtensionDays ?? database?.MaxDataExtensionDays ?? RetentionDays.DefaultExtension;
        return TimeSpan.FromDays(Math.Max(retention, extension));
    }

    /// <summary>
    /// SHOW STREAMS' <c>stale_after</c>: the stream's offset time plus <see cref="Period"/>. Past it the source's history at
    /// the offset is gone, and the stream can no longer be read.
    /// </summary>
    public static DateTimeOffset StaleAfter(SnowflakeEngine engine, StreamDefinition stream) => stream.OffsetAt + Period(engine, stream);

    /// <summary>True once the stream's stale_after has passed on the engine's clock.</summary>
    public static bool IsExpired(SnowflakeEngine engine, StreamDefinition stream) =>
        engine.Time.GetUtcNow() >= StaleAfter(engine, stream);

    /// <summary>Throws the stale-stream error (091901) once the stream's stale_after has passed.</summary>
    public static void ThrowIfExpired(SnowflakeEngine engine, StreamDefinition stream)
    {
        var period = Period(engine, stream);
        var staleAfter = stream.OffsetAt + period;
        if (engine.Time.GetUtcNow() >= staleAfter)
        {
            throw new LocalSnowflakeException(
                91901,
                "01000",
                FormattableString.Invariant(
                    $"Stream '{stream.Path}' is stale: it was last consumed (or created) at {stream.OffsetAt:yyyy-MM-dd HH:mm:ss zzz}, more than {period.TotalDays:0} days before, so the history of {stream.Table} at its offset is gone (stale_after {staleAfter:yyyy-MM-dd HH:mm:ss zzz}). Recreate the stream (CREATE OR REPLACE STREAM) and reprocess what it missed; to keep a stream fresh, consume it within that period (an empty one: call SYSTEM$STREAM_HAS_DATA on it), or raise DATA_RETENTION_TIME_IN_DAYS or MAX_DATA_EXTENSION_TIME_IN_DAYS on its table."));
        }
    }
}
