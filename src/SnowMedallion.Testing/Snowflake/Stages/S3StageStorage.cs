using System.Collections.Concurrent;
using SnowMedallion.Model;
using SnowMedallion.Testing.Snowflake.Engine;

namespace SnowMedallion.Testing.Snowflake.Stages;

/// <summary>
/// An external <c>s3://</c> stage read through the LocalS3 given to LocalSnowflake, via its internal
/// object store (no HTTP round trip; objects kept on disk are read in place by DuckDB).
/// </summary>
internal sealed class S3StageStorage : IStageStorage
{
    private readonly LocalS3 _s3;
    private readonly string _bucket;
    private readonly string _prefix;
    private readonly string _url;
    private readonly ConcurrentDictionary<string, bool> _temporary = new(StringComparer.Ordinal);

    private S3StageStorage(LocalS3 s3, string bucket, string prefix, string url)
    {
        _s3 = s3;
        _bucket = bucket;
        _prefix = prefix;
        _url = url;
    }

    /// <summary>Storage for an external stage.</summary>
    public static IStageStorage Create(SnowflakeEngine engine, StageEntry stage, string url)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(stage);
        var s3 = engine.Options.S3 ?? throw new LocalSnowflakeException(
            91016,
            "XX000",
            $"Stage {stage.Path} points at {url}, but this LocalSnowflake has no LocalS3: start one and pass it as LocalSnowflakeOptions.S3.");
        var location = S3Location.Parse(url);
        var prefix = location.Prefix;
        if (prefix.Length > 0 && !prefix.EndsWith('/'))
        {
            prefix += "/";
        }

        return new S3StageStorage(s3, location.Bucket, prefix, url);
    }

    public IReadOnlyList<StagedFile> List()
    {
        if (!_s3.Objects.BucketExists(_bucket))
        {
            throw new LocalSnowflakeException(
                91003,
                "XX000",
                $"Failure using stage area. Cause: [The specified bucket does not exist (Bucket: {_bucket}, Status Code: 404, Error Code: NoSuchBucket)] (stage URL {_url})");
        }

        return [.. _s3.Objects.ListObjects(_bucket, _prefix)
            .Where(o => !o.Key.EndsWith('/'))
            .Select(o => new StagedFile(o.Key[_prefix.Length..], o.Size, o.ETag.Trim('"'), o.LastModified))];
    }

    public string LocalPath(StagedFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var key = _prefix + file.RelativePath;
        var info = _s3.Objects.GetObjectInfo(_bucket, key)
            ?? throw new LocalSnowflakeException(91004, "XX000", $"Remote file '{_url}{file.RelativePath}' was not found. There are several potential causes: the file was removed or renamed since it was listed.");
        if (info.FilePath is { } path)
        {
            return path;
        }

        // In-memory object: materialize for DuckDB, keeping the extension (compression detection).
        var extension = Path.GetExtension(key);
        var temp = Path.Combine(Path.GetTempPath(), "localsnowflake-" + Guid.NewGuid().ToString("N") + (key.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? ".csv.gz" : extension));
        using (var input = _s3.Objects.OpenRead(_bucket, key))
        using (var output = File.Create(temp))
        {
            input.CopyTo(output);
        }

        _temporary[temp] = true;
        return temp;
    }

    public void Release(string localPath)
    {
        if (_temporary.TryRemove(localPath, out _))
        {
            File.Delete(localPath);
        }
    }

    public void Delete(StagedFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        _s3.Objects.Delete(_bucket, _prefix + file.RelativePath);
    }
}
