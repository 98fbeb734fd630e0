namespace SnowMedallion.Testing.Snowflake.Pipes;

/// <summary>
/// A pipe's load history: which files it loaded, kept 14 days. A file the pipe loaded is never loaded
/// again by that pipe while its entry lasts, even if it is staged again with other content (Snowpipe keys
/// its load metadata on the file path). A failed file is recorded but may be loaded later.
/// </summary>
/// <remarks>https://docs.snowflake.com/en/user-guide/data-load-snowpipe-intro ("Load history").</remarks>
internal sealed class PipeLoadHistory
{
    /// <summary>How long entries are kept.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(14);

    private readonly Lock _gate = new();
    private readonly List<PipeLoadRecord> _records = [];

    /// <summary>True when the pipe loaded <paramref name="fileName"/> within the retention period before <paramref name="now"/>.</summary>
    public bool HasLoaded(string fileName, DateTimeOffset now)
    {
        lock (_gate)
        {
            return _records.Any(r => r.IsLoaded && r.LastLoadTime > now - Retention && string.Equals(r.FileName, fileName, StringComparison.Ordinal));
        }
    }

    /// <summary>Records a load attempt.</summary>
    public void Add(PipeLoadRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            _records.Add(record);
        }
    }

    /// <summary>Records whose load finished in [<paramref name="start"/>, <paramref name="end"/>], oldest first, within retention.</summary>
    public IReadOnlyList<PipeLoadRecord> Between(DateTimeOffset start, DateTimeOffset end, DateTimeOffset now)
    {
        lock (_gate)
        {
            return [.. _records.Where(r => r.LastLoadTime >= start && r.LastLoadTime <= end && r.LastLoadTime > now - Retention)];
        }
    }

    /// <summary>Every record, oldest first.</summary>
    public IReadOnlyList<PipeLoadRecord> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _records];
            }
        }
    }
}
