namespace SnowMedallion.Testing.Snowflake.Pipes;

/// <summary>A file waiting to be loaded by a pipe.</summary>
/// <param name="FileName">Path relative to the stage.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="ReceivedAt">When the pipe queued it (notification received or REFRESH).</param>
internal sealed record PendingFile(string FileName, long Size, DateTimeOffset ReceivedAt);

/// <summary>A pipe's queue of files to load, first in first out; a file already queued is not queued twice.</summary>
internal sealed class PipeLoadQueue
{
    private readonly Lock _gate = new();
    private readonly LinkedList<PendingFile> _files = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Files waiting.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _files.Count;
            }
        }
    }

    /// <summary>The file waiting longest, if any.</summary>
    public PendingFile? Oldest
    {
        get
        {
            lock (_gate)
            {
                return _files.First?.Value;
            }
        }
    }

    /// <summary>Queues a file; false when it is already waiting.</summary>
    public bool Enqueue(PendingFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        lock (_gate)
        {
            if (!_names.Add(file.FileName))
            {
                return false;
            }

            _files.AddLast(file);
            return true;
        }
    }

    /// <summary>Takes the oldest file.</summary>
    public bool TryDequeue(out PendingFile file)
    {
        lock (_gate)
        {
            if (_files.First is { } first)
            {
                _files.RemoveFirst();
                _names.Remove(first.Value.FileName);
                file = first.Value;
                return true;
            }

            file = null!;
            return false;
        }
    }

    /// <summary>Drops every waiting file (the pipe was dropped or replaced).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _files.Clear();
            _names.Clear();
        }
    }
}
