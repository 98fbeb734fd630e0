namespace SnowMedallion.Ingestion;

/// <summary>Progress of an upload: bytes and files done so far, out of the totals.</summary>
/// <param name="BytesTransferred">Bytes sent so far (skipped files count as done).</param>
/// <param name="TotalBytes">Bytes of all files in the upload.</param>
/// <param name="FilesCompleted">Files finished so far: uploaded, skipped or failed.</param>
/// <param name="TotalFiles">Files in the upload.</param>
public readonly record struct UploadProgress(long BytesTransferred, long TotalBytes, int FilesCompleted, int TotalFiles);

/// <summary>One file that is now in S3.</summary>
/// <param name="Source">The local file path, or the name given for a stream.</param>
/// <param name="Key">The object key.</param>
/// <param name="Size">The object size in bytes.</param>
/// <param name="ETag">The object's ETag, without quotes.</param>
/// <param name="Skipped">True when the object was already there with the same content and was not uploaded again.</param>
public sealed record UploadedObject(string Source, string Key, long Size, string ETag, bool Skipped);

/// <summary>A file that could not be uploaded, and why.</summary>
/// <param name="Source">The local file path, or the name given for a stream.</param>
/// <param name="Key">The object key it was going to.</param>
/// <param name="Reason">What went wrong (S3's error code and message, or the local error).</param>
/// <param name="Attempts">How many attempts were made.</param>
public sealed record UploadFailure(string Source, string Key, string Reason, int Attempts);

/// <summary>The outcome of an upload.</summary>
/// <param name="Objects">Every file now in S3, uploaded or skipped, ordered by key.</param>
/// <param name="Failures">Every file that failed, with its reason; the others were still uploaded.</param>
/// <param name="Elapsed">Wall time of the whole upload.</param>
public sealed record UploadSummary(IReadOnlyList<UploadedObject> Objects, IReadOnlyList<UploadFailure> Failures, TimeSpan Elapsed)
{
    /// <summary>Files uploaded (not counting skipped ones).</summary>
    public int Files => Objects.Count(o => !o.Skipped);

    /// <summary>Bytes uploaded (not counting skipped files).</summary>
    public long Bytes => Objects.Where(o => !o.Skipped).Sum(o => o.Size);

    /// <summary>Files skipped because S3 already had them with the same content.</summary>
    public int Skipped => Objects.Count(o => o.Skipped);

    /// <summary>Files that failed.</summary>
    public int Failed => Failures.Count;

    /// <summary>Whether every file is in S3.</summary>
    public bool Succeeded => Failures.Count == 0;

    /// <summary>Uploaded bytes per second of elapsed time (0 when nothing was uploaded).</summary>
    public double BytesPerSecond => Elapsed > TimeSpan.Zero ? Bytes / Elapsed.TotalSeconds : 0;
}
