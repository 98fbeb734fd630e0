namespace SnowMedallion.Testing.S3;

/// <summary>The bytes of one stored object (or multipart part): in memory or in a file.</summary>
internal abstract class S3Content
{
    public abstract long Length { get; }

    /// <summary>The file holding the bytes when the store is folder-backed; otherwise null.</summary>
    public virtual string? FilePath => null;

    public abstract Stream OpenRead();

    /// <summary>Releases the storage (deletes the file of a folder-backed object).</summary>
    public virtual void Release()
    {
    }
}

/// <summary>Content held as a list of fixed-size segments, so large objects need no contiguous array.</summary>
internal sealed class MemoryContent : S3Content
{
    private readonly IReadOnlyList<ReadOnlyMemory<byte>> _segments;

    public MemoryContent(IReadOnlyList<ReadOnlyMemory<byte>> segments)
    {
        _segments = segments;
        long length = 0;
        foreach (var segment in segments)
        {
            length += segment.Length;
        }

        Length = length;
    }

    public static MemoryContent Empty { get; } = new([]);

    public IReadOnlyList<ReadOnlyMemory<byte>> Segments => _segments;

    public override long Length { get; }

    public override Stream OpenRead() => new SegmentStream(_segments, Length);

    public static MemoryContent Concat(IEnumerable<MemoryContent> parts) => new(parts.SelectMany(p => p._segments).ToList());

    private sealed class SegmentStream(IReadOnlyList<ReadOnlyMemory<byte>> segments, long length) : Stream
    {
        private long _position;
        private int _segment;
        private int _offset;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => Seek(value, SeekOrigin.Begin);
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var total = 0;
            while (buffer.Length > 0 && _segment < segments.Count)
            {
                var current = segments[_segment].Span[_offset..];
                if (current.Length == 0)
                {
                    _segment++;
                    _offset = 0;
                    continue;
                }

                var n = Math.Min(current.Length, buffer.Length);
                current[..n].CopyTo(buffer);
                buffer = buffer[n..];
                _offset += n;
                _position += n;
                total += n;
            }

            return total;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override long Seek(long offset, SeekOrigin origin)
        {
            var target = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => _position + offset,
                _ => length + offset,
            };
            ArgumentOutOfRangeException.ThrowIfNegative(target);
            _position = target;
            _segment = 0;
            _offset = 0;
            var remaining = target;
            while (_segment < segments.Count && remaining >= segments[_segment].Length)
            {
                remaining -= segments[_segment].Length;
                _segment++;
            }

            _offset = (int)remaining;
            return _position;
        }

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Content held in a file (folder-backed store).</summary>
internal sealed class FileContent(string path, long length) : S3Content
{
    private string _path = path;

    public override long Length { get; } = length;

    public override string? FilePath => _path;

    public override Stream OpenRead() =>
        new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);

    public void MoveTo(string destination)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Move(_path, destination, overwrite: true);
        _path = destination;
    }

    public override void Release()
    {
        try
        {
            File.Delete(_path);
        }
        catch (IOException)
        {
            // A reader still holds it on a platform that forbids deleting open files; nothing to do.
        }
    }
}

/// <summary>Receives an upload's bytes; <see cref="Complete"/> turns them into content, disposing without completing discards them.</summary>
internal abstract class S3ContentSink : IAsyncDisposable
{
    public long Length { get; protected set; }

    public abstract ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    public abstract S3Content Complete();

    public abstract ValueTask DisposeAsync();
}

internal sealed class MemorySink : S3ContentSink
{
    private const int SegmentSize = 1 << 20;
    private readonly List<ReadOnlyMemory<byte>> _segments = [];
    private byte[]? _current;
    private int _used;

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var span = data.Span;
        while (span.Length > 0)
        {
            if (_current is null || _used == _current.Length)
            {
                Flush();
                _current = GC.AllocateUninitializedArray<byte>(SegmentSize);
                _used = 0;
            }

            var n = Math.Min(span.Length, _current.Length - _used);
            span[..n].CopyTo(_current.AsSpan(_used));
            _used += n;
            span = span[n..];
            Length += n;
        }

        return ValueTask.CompletedTask;
    }

    public override S3Content Complete()
    {
        Flush();
        return new MemoryContent(_segments.ToArray());
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void Flush()
    {
        if (_current is not null && _used > 0)
        {
            _segments.Add(_current.AsMemory(0, _used));
        }

        _current = null;
        _used = 0;
    }
}

internal sealed class FileSink : S3ContentSink
{
    private readonly string _path;
    private readonly FileStream _stream;
    private bool _completed;

    public FileSink(string temporaryFolder)
    {
        Directory.CreateDirectory(temporaryFolder);
        _path = Path.Combine(temporaryFolder, Guid.NewGuid().ToString("N"));
        _stream = new FileStream(_path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        Length += data.Length;
    }

    public override S3Content Complete()
    {
        _stream.Flush();
        _stream.Dispose();
        _completed = true;
        return new FileContent(_path, Length);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
            File.Delete(_path);
        }
    }
}
