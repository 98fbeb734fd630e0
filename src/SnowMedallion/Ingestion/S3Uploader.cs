using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SnowMedallion.Model;
using S3Location = SnowMedallion.Model.S3Location;
using Stage = SnowMedallion.Model.Stage;
using Stream = System.IO.Stream;

namespace SnowMedallion.Ingestion;

/// <summary>
/// Uploads files, folders and streams to a stage's S3 location with AWSSDK.S3: multipart (TransferUtility)
/// above a threshold, a checksum on every object that S3 verifies, bounded retries of transient failures,
/// progress reports, and idempotent re-runs (objects already there with the same content are skipped).
/// A file that fails is reported in the summary with its reason; the other files still go up.
/// </summary>
/// <example>
/// <code>
/// var uploader = new S3Uploader(s3Client);
/// var summary = await uploader.UploadFolderAsync("./landing", stage, "**/*.csv");
/// </code>
/// </example>
public sealed partial class S3Uploader
{
    private readonly IAmazonS3 _s3;
    private readonly S3UploadOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates an uploader.</summary>
    /// <param name="s3">The S3 client (from the caller or DI); the uploader does not dispose it.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="timeProvider">The clock for date partitions, retry delays and timings; null for the system clock.</param>
    /// <param name="logger">Where to log; null logs nothing.</param>
    public S3Uploader(IAmazonS3 s3, S3UploadOptions? options = null, TimeProvider? timeProvider = null, ILogger<S3Uploader>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(s3);
        _s3 = s3;
        _options = options ?? new S3UploadOptions();
        _options.Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Uploads one file to an S3 location.</summary>
    /// <param name="path">The local file.</param>
    /// <param name="destination">The bucket and prefix the key goes under: an <see cref="S3Location"/> or an external <see cref="Stage"/>.</param>
    /// <param name="progress">Receives progress reports; may be null.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The summary; a failure is in <see cref="UploadSummary.Failures"/>, not thrown.</returns>
    public Task<UploadSummary> UploadFileAsync(string path, UploadDestination destination, IProgress<UploadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(destination);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new FileNotFoundException($"Cannot upload '{path}': the file does not exist.", path);
        }

        return RunAsync([new Item(file.FullName, file.Name, file.Length, file.FullName)], destination, progress, cancellationToken);
    }

    /// <summary>Uploads the files of a folder that match a glob, keeping their relative paths (see <see cref="S3UploadOptions.KeyLayout"/>).</summary>
    /// <param name="folder">The local folder.</param>
    /// <param name="destination">The bucket and prefix keys go under: an <see cref="S3Location"/> or an external <see cref="Stage"/>.</param>
    /// <param name="pattern">A glob over '/'-separated relative paths: <c>*</c>, <c>?</c>, <c>**</c>, <c>{a,b}</c>; null (the default) takes every file.</param>
    /// <param name="progress">Receives progress reports; may be null.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The summary; failed files are in <see cref="UploadSummary.Failures"/>, not thrown.</returns>
    public Task<UploadSummary> UploadFolderAsync(string folder, UploadDestination destination, string? pattern = null, IProgress<UploadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(destination);
        var root = new DirectoryInfo(folder);
        if (!root.Exists)
        {
            throw new DirectoryNotFoundException($"Cannot upload folder '{folder}': it does not exist.");
        }

        var glob = new UploadGlob(string.IsNullOrEmpty(pattern) ? "**" : pattern);
        var items = root.EnumerateFiles("*", SearchOption.AllDirectories)
            .Select(f => (File: f, Relative: Path.GetRelativePath(root.FullName, f.FullName).Replace(Path.DirectorySeparatorChar, '/')))
            .Where(f => glob.IsMatch(f.Relative))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .Select(f => new Item(f.File.FullName, f.Relative, f.File.Length, f.File.FullName))
            .ToList();
        return RunAsync(items, destination, progress, cancellationToken);
    }

    /// <summary>Uploads a stream as one object named <paramref name="name"/> under the destination prefix.</summary>
    /// <param name="content">The content; read from its current position (a seekable stream) or buffered to a temporary file first (a forward-only stream). Not disposed.</param>
    /// <param name="name">The object's name (relative key) under the prefix, e.g. <c>customers/2024-05-17.csv</c>.</param>
    /// <param name="destination">The bucket and prefix: an <see cref="S3Location"/> or an external <see cref="Stage"/>.</param>
    /// <param name="progress">Receives progress reports; may be null.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The summary.</returns>
    public async Task<UploadSummary> UploadStreamAsync(Stream content, string name, UploadDestination destination, IProgress<UploadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(destination);
        if (content.CanSeek)
        {
            var start = content.Position;
            return await RunAsync([new Item(name, name, content.Length - start, null, content, start)], destination, progress, cancellationToken).ConfigureAwait(false);
        }

        var temporary = Path.Combine(Path.GetTempPath(), "snowmedallion-upload-" + Guid.NewGuid().ToString("N"));
        try
        {
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }

            return await RunAsync([new Item(name, name, new FileInfo(temporary).Length, temporary)], destination, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private async Task<UploadSummary> RunAsync(IReadOnlyList<Item> items, UploadDestination target, IProgress<UploadProgress>? progress, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        var destination = target.Location;
        var prefix = destination.Prefix;
        if (_options.DatePartitionFormat is { Length: > 0 } format)
        {
            prefix += _timeProvider.GetUtcNow().UtcDateTime.ToString(format, CultureInfo.InvariantCulture).Trim('/') + "/";
        }

        var tracker = new ProgressTracker(items.Sum(i => i.Length), items.Count, progress);
        var uploaded = new ConcurrentBag<UploadedObject>();
        var failures = new ConcurrentBag<UploadFailure>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentFiles, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(items, parallel, async (item, token) =>
        {
            var name = _options.KeyLayout == UploadKeyLayout.FileName ? Path.GetFileName(item.RelativePath) : item.RelativePath;
            var key = prefix + name.TrimStart('/');
            var file = tracker.StartFile(item.Length);
            try
            {
                uploaded.Add(await UploadOneAsync(item, destination.Bucket, key, file, token).ConfigureAwait(false));
            }
            catch (UploadFailedException ex)
            {
                failures.Add(ex.Failure);
            }
            finally
            {
                tracker.CompleteFile(file);
            }
        }).ConfigureAwait(false);

        var elapsed = _timeProvider.GetElapsedTime(started);
        var summary = new UploadSummary(
            uploaded.OrderBy(o => o.Key, StringComparer.Ordinal).ToList(),
            failures.OrderBy(f => f.Key, StringComparer.Ordinal).ToList(),
            elapsed);
        LogSummary(summary.Files, summary.Bytes, summary.Skipped, summary.Failed, destination.Bucket, prefix, elapsed.TotalSeconds);
        return summary;
    }

    private async Task<UploadedObject> UploadOneAsync(Item item, string bucket, string key, FileProgress progress, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (_options.SkipExisting && await IsAlreadyThereAsync(item, bucket, key, cancellationToken).ConfigureAwait(false) is { } etag)
                {
                    LogSkipped(item.Source, bucket, key);
                    return new UploadedObject(item.Source, key, item.Length, etag, Skipped: true);
                }

                progress.Reset();
                var uploadedETag = item.Length >= _options.MultipartThreshold
                    ? await MultipartAsync(item, bucket, key, progress, cancellationToken).ConfigureAwait(false)
                    : await PutAsync(item, bucket, key, progress, cancellationToken).ConfigureAwait(false);
                LogUploaded(item.Source, bucket, key, item.Length);
                return new UploadedObject(item.Source, key, item.Length, uploadedETag, Skipped: false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                if (attempt < _options.MaxAttempts && IsTransient(ex))
                {
                    var delay = _options.RetryDelay * Math.Pow(2, attempt - 1);
                    LogRetrying(ex, item.Source, attempt, delay.TotalMilliseconds);
                    progress.Reset();
                    await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var reason = ex is AmazonServiceException service
                    ? $"{service.ErrorCode ?? "Error"} (HTTP {(int)service.StatusCode}): {service.Message}"
                    : $"{ex.GetType().Name}: {ex.Message}";
                LogFailed(ex, item.Source, bucket, key, attempt);
                throw new UploadFailedException(new UploadFailure(item.Source, key, reason, attempt), ex);
            }
        }
    }

    private async Task<string> PutAsync(Item item, string bucket, string key, FileProgress progress, CancellationToken cancellationToken)
    {
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            ChecksumAlgorithm = Algorithm(_options.ChecksumAlgorithm),
            AutoCloseStream = item.Stream is null,
        };
        if (item.FilePath is not null)
        {
            request.FilePath = item.FilePath;
        }
        else
        {
            item.Stream!.Position = item.StreamStart;
            request.InputStream = item.Stream;
        }

        request.StreamTransferProgress += (_, e) => progress.Add(e.IncrementTransferred);
        var response = await _s3.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
        return Unquote(response.ETag);
    }

    private async Task<string> MultipartAsync(Item item, string bucket, string key, FileProgress progress, CancellationToken cancellationToken)
    {
        using var transfer = new TransferUtility(_s3, new TransferUtilityConfig
        {
            ConcurrentServiceRequests = _options.MaxConcurrentPartsPerFile,
            MinSizeBeforePartUpload = _options.MultipartThreshold,
        });
        var request = new TransferUtilityUploadRequest
        {
            BucketName = bucket,
            Key = key,
            PartSize = _options.PartSize,
            ChecksumAlgorithm = Algorithm(_options.ChecksumAlgorithm),
            AutoCloseStream = item.Stream is null,
        };
        if (item.FilePath is not null)
        {
            request.FilePath = item.FilePath;
        }
        else
        {
            item.Stream!.Position = item.StreamStart;
            request.InputStream = item.Stream;
        }

        request.UploadProgressEvent += (_, e) => progress.Set(e.TransferredBytes);
        var response = await transfer.UploadWithResponseAsync(request, cancellationToken).ConfigureAwait(false);
        if (response?.ETag is { Length: > 0 } etag)
        {
            return Unquote(etag);
        }

        var head = await _s3.GetObjectMetadataAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        return Unquote(head.ETag);
    }

    /// <summary>The existing object's ETag when the key already holds this exact content; otherwise null.</summary>
    private async Task<string?> IsAlreadyThereAsync(Item item, string bucket, string key, CancellationToken cancellationToken)
    {
        GetObjectMetadataResponse head;
        try
        {
            head = await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (head.ContentLength != item.Length || string.IsNullOrEmpty(head.ETag))
        {
            return null;
        }

        var remote = Unquote(head.ETag);
        var dash = remote.IndexOf('-', StringComparison.Ordinal);
        var partSize = dash < 0 ? long.MaxValue : _options.PartSize;
        if (dash >= 0 && (!int.TryParse(remote[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var parts)
            || parts != (int)((item.Length + partSize - 1) / partSize)))
        {
            return null; // Uploaded with another part size: cannot compare cheaply, so upload again.
        }

        var local = await ComputeETagAsync(item, partSize, cancellationToken).ConfigureAwait(false);
        return string.Equals(local, remote, StringComparison.OrdinalIgnoreCase) ? remote : null;
    }

    /// <summary>S3's ETag for content uploaded in one PUT (MD5) or in parts of <paramref name="partSize"/> (MD5 of part MD5s, "-N").</summary>
    internal static async Task<string> ComputeETagAsync(Stream stream, long length, long partSize, CancellationToken cancellationToken)
    {
        using var whole = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var part = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var partHashes = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[1 << 20];
        long inPart = 0;
        long remaining = length;
        var parts = 0;
        while (remaining > 0)
        {
            var want = (int)Math.Min(Math.Min(buffer.Length, remaining), partSize - inPart);
            var read = await stream.ReadAsync(buffer.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            whole.AppendData(buffer, 0, read);
            part.AppendData(buffer, 0, read);
            inPart += read;
            remaining -= read;
            if (inPart == partSize || remaining == 0)
            {
                partHashes.AppendData(part.GetHashAndReset());
                parts++;
                inPart = 0;
            }
        }

        return partSize == long.MaxValue
            ? Convert.ToHexStringLower(whole.GetHashAndReset())
            : Convert.ToHexStringLower(partHashes.GetHashAndReset()) + "-" + parts.ToString(CultureInfo.InvariantCulture);
    }

    private static async Task<string> ComputeETagAsync(Item item, long partSize, CancellationToken cancellationToken)
    {
        if (item.FilePath is not null)
        {
            var file = new FileStream(item.FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (file.ConfigureAwait(false))
            {
                return await ComputeETagAsync(file, item.Length, partSize, cancellationToken).ConfigureAwait(false);
            }
        }

        item.Stream!.Position = item.StreamStart;
        return await ComputeETagAsync(item.Stream, item.Length, partSize, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsTransient(Exception ex) => ex switch
    {
        AmazonServiceException service => (int)service.StatusCode >= 500
            || (int)service.StatusCode == 429
            || service.ErrorCode is "SlowDown" or "RequestTimeout" or "InternalError" or "ServiceUnavailable" or "BadDigest" or "RequestTimeTooSkewed",
        FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException => false,
        HttpRequestException or IOException or TimeoutException or OperationCanceledException => true,
        AmazonClientException => true,
        _ => false,
    };

    private static ChecksumAlgorithm Algorithm(UploadChecksumAlgorithm algorithm) => algorithm switch
    {
        UploadChecksumAlgorithm.Crc32C => ChecksumAlgorithm.CRC32C,
        UploadChecksumAlgorithm.Crc64Nvme => ChecksumAlgorithm.CRC64NVME,
        UploadChecksumAlgorithm.Sha256 => ChecksumAlgorithm.SHA256,
        _ => ChecksumAlgorithm.CRC32,
    };

    private static string Unquote(string? etag) => (etag ?? string.Empty).Trim().Trim('"');

    [LoggerMessage(Level = LogLevel.Debug, Message = "Uploaded {Source} to s3://{Bucket}/{Key} ({Bytes} bytes)")]
    private partial void LogUploaded(string source, string bucket, string key, long bytes);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Skipped {Source}: s3://{Bucket}/{Key} already has the same content")]
    private partial void LogSkipped(string source, string bucket, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Uploading {Source} failed (attempt {Attempt}); retrying in {DelayMs} ms")]
    private partial void LogRetrying(Exception exception, string source, int attempt, double delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Uploading {Source} to s3://{Bucket}/{Key} failed after {Attempts} attempt(s)")]
    private partial void LogFailed(Exception exception, string source, string bucket, string key, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Uploaded {Files} file(s), {Bytes} bytes ({Skipped} skipped, {Failed} failed) to s3://{Bucket}/{Prefix} in {Seconds:0.000} s")]
    private partial void LogSummary(int files, long bytes, int skipped, int failed, string bucket, string prefix, double seconds);

    private sealed record Item(string Source, string RelativePath, long Length, string? FilePath, Stream? Stream = null, long StreamStart = 0);

    private sealed class UploadFailedException(UploadFailure failure, Exception inner) : Exception(failure.Reason, inner)
    {
        public UploadFailure Failure { get; } = failure;
    }

    /// <summary>Aggregates per-file progress into <see cref="UploadProgress"/> reports.</summary>
    private sealed class ProgressTracker(long totalBytes, int totalFiles, IProgress<UploadProgress>? sink)
    {
        private long _bytes;
        private int _files;

        public FileProgress StartFile(long length) => new(this, length);

        public void CompleteFile(FileProgress file)
        {
            file.Set(file.Length);
            Interlocked.Increment(ref _files);
            Report();
        }

        public void Add(long delta)
        {
            if (delta != 0)
            {
                Interlocked.Add(ref _bytes, delta);
                Report();
            }
        }

        private void Report() => sink?.Report(new UploadProgress(Interlocked.Read(ref _bytes), totalBytes, Volatile.Read(ref _files), totalFiles));
    }

    /// <summary>One file's bytes sent, clamped to its length; reset when an attempt is retried.</summary>
    private sealed class FileProgress(ProgressTracker tracker, long length)
    {
        private readonly Lock _gate = new();
        private long _sent;

        public long Length { get; } = length;

        public void Add(long delta)
        {
            lock (_gate)
            {
                SetLocked(_sent + delta);
            }
        }

        public void Set(long sent)
        {
            lock (_gate)
            {
                SetLocked(sent);
            }
        }

        public void Reset() => Set(0);

        private void SetLocked(long sent)
        {
            var clamped = Math.Clamp(sent, 0, Length);
            var delta = clamped - _sent;
            _sent = clamped;
            tracker.Add(delta);
        }
    }
}
