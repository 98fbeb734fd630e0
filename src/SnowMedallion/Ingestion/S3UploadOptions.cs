namespace SnowMedallion.Ingestion;

/// <summary>How an uploaded file's object key is formed under the destination prefix.</summary>
public enum UploadKeyLayout
{
    /// <summary>Keep the file's path relative to the uploaded folder (just its name for a single file).</summary>
    RelativePath,

    /// <summary>Keep only the file's name, dropping sub-folders.</summary>
    FileName,
}

/// <summary>The checksum sent with every object, which S3 verifies before storing it.</summary>
public enum UploadChecksumAlgorithm
{
    /// <summary>CRC-32 (S3's default for the AWS SDKs).</summary>
    Crc32,

    /// <summary>CRC-32C (Castagnoli).</summary>
    Crc32C,

    /// <summary>CRC-64/NVME.</summary>
    Crc64Nvme,

    /// <summary>SHA-256.</summary>
    Sha256,
}

/// <summary>Settings of <see cref="S3Uploader"/>.</summary>
public sealed class S3UploadOptions
{
    /// <summary>How keys are formed from file names. Default: <see cref="UploadKeyLayout.RelativePath"/>.</summary>
    public UploadKeyLayout KeyLayout { get; set; } = UploadKeyLayout.RelativePath;

    /// <summary>
    /// A .NET date format for a partition folder inserted after the prefix, from the uploader's
    /// <see cref="TimeProvider"/> in UTC (e.g. <c>yyyy/MM/dd</c> gives <c>prefix/2024/05/17/file.csv</c>).
    /// Null (the default) adds none.
    /// </summary>
    public string? DatePartitionFormat { get; set; }

    /// <summary>Files this size or larger go up as multipart uploads (TransferUtility). Default 16 MiB; at least 5 MiB.</summary>
    public long MultipartThreshold { get; set; } = 16L * 1024 * 1024;

    /// <summary>The part size of multipart uploads. Default 16 MiB; at least 5 MiB.</summary>
    public long PartSize { get; set; } = 16L * 1024 * 1024;

    /// <summary>How many files upload at once. Default 4.</summary>
    public int MaxConcurrentFiles { get; set; } = 4;

    /// <summary>How many parts of one multipart upload are in flight at once. Default 4.</summary>
    public int MaxConcurrentPartsPerFile { get; set; } = 4;

    /// <summary>The checksum sent with every object (and every part). Default <see cref="UploadChecksumAlgorithm.Crc32"/>.</summary>
    public UploadChecksumAlgorithm ChecksumAlgorithm { get; set; } = UploadChecksumAlgorithm.Crc32;

    /// <summary>Attempts per file for transient failures (throttling, 5xx, network errors), including the first. Default 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The delay before the first retry; each later retry doubles it. Default 200 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Skip a file when an object with the same key, size and content (ETag) is already there, so a re-run
    /// uploads only what changed. Default true.
    /// </summary>
    /// <remarks>
    /// The check is a HEAD request; the file is read to compute its ETag (MD5) only when an object with the same key
    /// and size exists. A file that is not there yet is read once, while it is sent.
    /// </remarks>
    public bool SkipExisting { get; set; } = true;

    internal void Validate()
    {
        const long MinPart = 5L * 1024 * 1024;
        if (PartSize < MinPart || MultipartThreshold < MinPart)
        {
            throw new ArgumentException($"S3UploadOptions: PartSize ({PartSize}) and MultipartThreshold ({MultipartThreshold}) must be at least 5 MiB, S3's minimum part size.");
        }

        if (MaxConcurrentFiles < 1 || MaxConcurrentPartsPerFile < 1 || MaxAttempts < 1)
        {
            throw new ArgumentException("S3UploadOptions: MaxConcurrentFiles, MaxConcurrentPartsPerFile and MaxAttempts must be at least 1.");
        }

        if (RetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("S3UploadOptions: RetryDelay must not be negative.");
        }
    }
}
