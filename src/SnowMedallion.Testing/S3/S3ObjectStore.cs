using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace SnowMedallion.Testing.S3;

/// <summary>What the emulator and tools need to know about one stored object.</summary>
/// <param name="Bucket">The bucket name.</param>
/// <param name="Key">The object key (not URL-encoded).</param>
/// <param name="Size">The content length in bytes.</param>
/// <param name="ETag">The ETag without quotes: the MD5 in hex, or "md5-of-part-md5s-N" for a multipart upload.</param>
/// <param name="LastModified">When the object was written (LocalS3's TimeProvider, millisecond precision).</param>
/// <param name="FilePath">The file holding the bytes when LocalS3 is folder-backed; otherwise null.</param>
internal sealed record S3ObjectInfo(string Bucket, string Key, long Size, string ETag, DateTimeOffset LastModified, string? FilePath);

/// <summary>One stored object: its content and the attributes S3 keeps with it.</summary>
internal sealed class S3StoredObject
{
    public required string Bucket { get; init; }

    public required string Key { get; init; }

    public required S3Content Content { get; init; }

    public long Size => Content.Length;

    /// <summary>The ETag without quotes.</summary>
    public required string ETag { get; init; }

    public required DateTimeOffset LastModified { get; init; }

    public string ContentType { get; init; } = "binary/octet-stream";

    /// <summary>User metadata (x-amz-meta-*), names lower-case without the prefix.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Other representation headers stored with the object (Content-Encoding, Cache-Control, ...).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The checksum algorithm (CRC32, CRC32C, CRC64NVME, SHA1, SHA256) when one was sent, else null.</summary>
    public string? ChecksumAlgorithm { get; init; }

    /// <summary>The base64 checksum, "-N" suffixed for a composite multipart checksum.</summary>
    public string? ChecksumValue { get; init; }

    /// <summary>FULL_OBJECT or COMPOSITE.</summary>
    public string? ChecksumType { get; init; }

    public int? PartsCount { get; init; }

    public S3ObjectInfo ToInfo() => new(Bucket, Key, Size, ETag, LastModified, Content.FilePath);
}

/// <summary>One multipart upload in progress.</summary>
internal sealed class S3MultipartUpload
{
    public required string UploadId { get; init; }

    public required string Bucket { get; init; }

    public required string Key { get; init; }

    public required DateTimeOffset Initiated { get; init; }

    public string ContentType { get; init; } = "binary/octet-stream";

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public string? ChecksumAlgorithm { get; init; }

    public string? ChecksumType { get; init; }

    public SortedDictionary<int, S3Part> Parts { get; } = [];
}

/// <summary>One uploaded part.</summary>
internal sealed record S3Part(int PartNumber, S3Content Content, byte[] Md5, string? Checksum, DateTimeOffset LastModified)
{
    public string ETag => Convert.ToHexStringLower(Md5);
}

/// <summary>
/// LocalS3's object store: buckets, objects, multipart uploads and bucket notification configurations.
/// </summary>
/// <remarks>
/// The emulator in this assembly reads stages through this fast path instead of HTTP
/// (<c>LocalS3.Objects</c>):
/// <list type="bullet">
/// <item><see cref="BucketExists"/>(bucket)</item>
/// <item><see cref="ListObjects"/>(bucket, prefix): every object whose key starts with prefix, ordered by key,
/// as <see cref="S3ObjectInfo"/> (Bucket, Key, Size, ETag without quotes, LastModified, FilePath or null);
/// throws <see cref="InvalidOperationException"/> naming the bucket when it does not exist.</item>
/// <item><see cref="GetObjectInfo"/>(bucket, key): one object's info, or null.</item>
/// <item><see cref="OpenRead"/>(bucket, key): a readable, seekable stream of the content;
/// throws <see cref="FileNotFoundException"/> when there is no such object.</item>
/// <item><see cref="S3ObjectInfo.FilePath"/> is the object's file when LocalS3 is folder-backed
/// (<see cref="LocalS3Options.Folder"/>); treat it as read-only.</item>
/// </list>
/// All members are thread-safe; a listing is a snapshot.
/// </remarks>
internal sealed class S3ObjectStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, S3MultipartUpload> _uploads = new(StringComparer.Ordinal);
    private readonly string? _folder;
    private readonly TimeProvider _timeProvider;

    public S3ObjectStore(string? folder, TimeProvider timeProvider)
    {
        _folder = folder is null ? null : Path.GetFullPath(folder);
        _timeProvider = timeProvider;
        if (_folder is not null)
        {
            Directory.CreateDirectory(_folder);
            LoadFolder();
        }
    }

    /// <summary>The folder objects are stored in, or null when they are held in memory.</summary>
    public string? Folder => _folder;

    public bool BucketExists(string bucket)
    {
        lock (_gate)
        {
            return _buckets.ContainsKey(bucket);
        }
    }

    public IReadOnlyList<S3ObjectInfo> ListObjects(string bucket, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(prefix);
        lock (_gate)
        {
            if (!_buckets.TryGetValue(bucket, out var b))
            {
                throw new InvalidOperationException(
                    $"LocalS3 has no bucket '{bucket}': create it (PutBucket, or aws s3 mb s3://{bucket}) before reading from it.");
            }

            return b.Objects.Values.Where(o => o.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(o => o.ToInfo()).ToList();
        }
    }

    public S3ObjectInfo? GetObjectInfo(string bucket, string key) => TryGet(bucket, key)?.ToInfo();

    public Stream OpenRead(string bucket, string key) =>
        (TryGet(bucket, key) ?? throw new FileNotFoundException($"LocalS3 has no object s3://{bucket}/{key}.")).Content.OpenRead();

    internal S3ContentSink CreateSink() => _folder is null ? new MemorySink() : new FileSink(Path.Combine(_folder, ".tmp"));

    internal IReadOnlyList<(string Name, DateTimeOffset Created)> ListBuckets()
    {
        lock (_gate)
        {
            return _buckets.Values.OrderBy(b => b.Name, StringComparer.Ordinal).Select(b => (b.Name, b.Created)).ToList();
        }
    }

    /// <summary>Creates a bucket; returns false when it already existed.</summary>
    internal bool CreateBucket(string bucket)
    {
        ValidateBucketName(bucket);
        lock (_gate)
        {
            if (_buckets.ContainsKey(bucket))
            {
                return false;
            }

            _buckets[bucket] = new Bucket(bucket, Now());
        }

        if (_folder is not null)
        {
            Directory.CreateDirectory(Path.Combine(_folder, bucket));
        }

        return true;
    }

    internal void DeleteBucket(string bucket)
    {
        lock (_gate)
        {
            var b = GetBucket(bucket);
            if (b.Objects.Count > 0)
            {
                throw new S3ErrorException("BucketNotEmpty", "The bucket you tried to delete is not empty.", HttpStatusCode.Conflict, bucket);
            }

            _buckets.Remove(bucket);
        }

        if (_folder is not null)
        {
            try
            {
                Directory.Delete(Path.Combine(_folder, bucket), recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }

    internal void EnsureBucket(string bucket)
    {
        lock (_gate)
        {
            GetBucket(bucket);
        }
    }

    internal S3StoredObject? TryGet(string bucket, string key)
    {
        lock (_gate)
        {
            return _buckets.TryGetValue(bucket, out var b) && b.Objects.TryGetValue(key, out var o) ? o : null;
        }
    }

    internal S3StoredObject Get(string bucket, string key)
    {
        lock (_gate)
        {
            return GetBucket(bucket).Objects.TryGetValue(key, out var o) ? o : throw S3ErrorException.NoSuchKey(bucket, key);
        }
    }

    /// <summary>The objects of a bucket whose keys start with the prefix, ordered by key: a snapshot.</summary>
    internal List<S3StoredObject> Snapshot(string bucket, string prefix)
    {
        lock (_gate)
        {
            var b = GetBucket(bucket);
            var list = new List<S3StoredObject>();
            foreach (var o in b.Objects.Values)
            {
                if (o.Key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    list.Add(o);
                }
            }

            return list;
        }
    }

    /// <summary>Stores an object, replacing any object with the same key; moves file content into place.</summary>
    internal void Put(S3StoredObject stored)
    {
        S3StoredObject? previous;
        lock (_gate)
        {
            var b = GetBucket(stored.Bucket);
            if (stored.Content is FileContent file)
            {
                file.MoveTo(ObjectPath(stored.Bucket, stored.Key));
            }

            b.Objects.TryGetValue(stored.Key, out previous);
            b.Objects[stored.Key] = stored;
        }

        if (previous is not null && !ReferenceEquals(previous.Content, stored.Content) && previous.Content.FilePath != stored.Content.FilePath)
        {
            previous.Content.Release();
        }
    }

    internal bool Delete(string bucket, string key)
    {
        S3StoredObject? removed;
        lock (_gate)
        {
            if (!GetBucket(bucket).Objects.Remove(key, out removed))
            {
                return false;
            }
        }

        removed.Content.Release();
        return true;
    }

    internal DateTimeOffset Now()
    {
        var now = _timeProvider.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    internal string? GetNotificationConfiguration(string bucket)
    {
        lock (_gate)
        {
            return GetBucket(bucket).NotificationXml;
        }
    }

    internal void SetNotificationConfiguration(string bucket, string xml, S3NotificationConfiguration parsed)
    {
        lock (_gate)
        {
            var b = GetBucket(bucket);
            b.NotificationXml = xml;
            b.Notifications = parsed;
        }
    }

    internal S3NotificationConfiguration? GetNotifications(string bucket)
    {
        lock (_gate)
        {
            return _buckets.TryGetValue(bucket, out var b) ? b.Notifications : null;
        }
    }

    internal S3MultipartUpload CreateUpload(string bucket, string key, Func<string, S3MultipartUpload> create)
    {
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        var upload = create(id);
        lock (_gate)
        {
            GetBucket(bucket);
            _uploads[id] = upload;
        }

        _ = key;
        return upload;
    }

    internal S3MultipartUpload GetUpload(string bucket, string key, string uploadId)
    {
        lock (_gate)
        {
            GetBucket(bucket);
            return _uploads.TryGetValue(uploadId, out var u) && u.Bucket == bucket && u.Key == key ? u : throw S3ErrorException.NoSuchUpload(uploadId);
        }
    }

    internal void AddPart(S3MultipartUpload upload, S3Part part)
    {
        S3Part? previous;
        lock (_gate)
        {
            if (!_uploads.ContainsKey(upload.UploadId))
            {
                throw S3ErrorException.NoSuchUpload(upload.UploadId);
            }

            upload.Parts.TryGetValue(part.PartNumber, out previous);
            upload.Parts[part.PartNumber] = part;
        }

        previous?.Content.Release();
    }

    internal List<S3Part> SnapshotParts(S3MultipartUpload upload)
    {
        lock (_gate)
        {
            return upload.Parts.Values.ToList();
        }
    }

    internal List<S3MultipartUpload> ListUploads(string bucket)
    {
        lock (_gate)
        {
            GetBucket(bucket);
            return _uploads.Values.Where(u => u.Bucket == bucket).OrderBy(u => u.Key, StringComparer.Ordinal).ThenBy(u => u.Initiated).ToList();
        }
    }

    /// <summary>Forgets an upload; releases its parts when asked (abort).</summary>
    internal bool RemoveUpload(string uploadId, bool releaseParts)
    {
        S3MultipartUpload? upload;
        lock (_gate)
        {
            if (!_uploads.Remove(uploadId, out upload))
            {
                return false;
            }
        }

        if (releaseParts)
        {
            foreach (var part in upload.Parts.Values)
            {
                part.Content.Release();
            }
        }

        return true;
    }

    private static void ValidateBucketName(string bucket)
    {
        var valid = bucket.Length is >= 3 and <= 63
            && bucket.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.')
            && char.IsAsciiLetterOrDigit(bucket[0]) && char.IsAsciiLetterOrDigit(bucket[^1]);
        if (!valid)
        {
            throw new S3ErrorException("InvalidBucketName", $"The specified bucket is not valid: '{bucket}'. Use 3-63 lower-case letters, digits, '-' and '.'.", HttpStatusCode.BadRequest, bucket);
        }
    }

    private Bucket GetBucket(string bucket) =>
        _buckets.TryGetValue(bucket, out var b) ? b : throw S3ErrorException.NoSuchBucket(bucket);

    // Folder layout: <folder>/<bucket>/<key> when the key maps to a plain relative path that does not clash
    // with another key (a key that is also a "directory" of other keys), otherwise <folder>/.blobs/<bucket>/<sha256(key)>.
    private string ObjectPath(string bucket, string key)
    {
        var root = Path.Combine(_folder!, bucket);
        if (IsPlainPath(key))
        {
            var path = Path.GetFullPath(Path.Combine(root, key));
            if (path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Directory.Exists(path) && ParentsAreFolders(root, path))
            {
                return path;
            }
        }

        return Path.Combine(_folder!, ".blobs", bucket, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))));
    }

    private static bool ParentsAreFolders(string root, string path)
    {
        var parent = Path.GetDirectoryName(path);
        while (parent is not null && parent.Length > root.Length)
        {
            if (File.Exists(parent))
            {
                return false;
            }

            parent = Path.GetDirectoryName(parent);
        }

        return true;
    }

    private static bool IsPlainPath(string key)
    {
        if (key.Length == 0 || key.Length > 900 || key.EndsWith('/') || key.StartsWith('/') || key.StartsWith('.'))
        {
            return false;
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or ".." || segment.StartsWith('.') || segment.Length > 200)
            {
                return false;
            }
        }

        return !key.Any(c => c is '\\' or '\0' || char.IsControl(c));
    }

    private void LoadFolder()
    {
        foreach (var bucketDir in Directory.EnumerateDirectories(_folder!))
        {
            var name = Path.GetFileName(bucketDir);
            if (name.StartsWith('.'))
            {
                continue;
            }

            var bucket = new Bucket(name, new DateTimeOffset(Directory.GetCreationTimeUtc(bucketDir), TimeSpan.Zero));
            _buckets[name] = bucket;
            foreach (var file in Directory.EnumerateFiles(bucketDir, "*", SearchOption.AllDirectories))
            {
                var key = Path.GetRelativePath(bucketDir, file).Replace(Path.DirectorySeparatorChar, '/');
                if (!IsPlainPath(key))
                {
                    continue;
                }

                using var stream = File.OpenRead(file);
                var md5 = MD5.HashData(stream);
                bucket.Objects[key] = new S3StoredObject
                {
                    Bucket = name,
                    Key = key,
                    Content = new FileContent(file, stream.Length),
                    ETag = Convert.ToHexStringLower(md5),
                    LastModified = new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero),
                };
            }
        }
    }

    private sealed class Bucket(string name, DateTimeOffset created)
    {
        public string Name { get; } = name;

        public DateTimeOffset Created { get; } = created;

        public SortedDictionary<string, S3StoredObject> Objects { get; } = new(StringComparer.Ordinal);

        public string? NotificationXml { get; set; }

        public S3NotificationConfiguration? Notifications { get; set; }
    }
}
