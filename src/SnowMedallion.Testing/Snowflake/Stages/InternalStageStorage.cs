using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace SnowMedallion.Testing.Snowflake.Stages;

/// <summary>An internal stage: a folder on local disk.</summary>
internal sealed class InternalStageStorage : IStageStorage
{
    // MD5 of staged files by (path, size, modification time): LIST and COPY do not re-hash unchanged files.
    private static readonly ConcurrentDictionary<(string Path, long Size, DateTime Modified), string> Checksums = new();

    public InternalStageStorage(string folder) => Folder = folder;

    /// <summary>The folder.</summary>
    public string Folder { get; }

    public IReadOnlyList<StagedFile> List()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories)
            .Select(path =>
            {
                var info = new FileInfo(path);
                var relative = Path.GetRelativePath(Folder, path).Replace('\\', '/');
                return new StagedFile(relative, info.Length, Md5(path), new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero));
            })];
    }

    public string LocalPath(StagedFile file) => Path.Combine(Folder, file.RelativePath);

    public void Release(string localPath)
    {
        // Files are read in place.
    }

    public void Delete(StagedFile file) => File.Delete(LocalPath(file));

    /// <summary>Writes a file into the stage, last modified at <paramref name="modified"/> (the emulator's clock).</summary>
    public void Write(string relativePath, Stream content, DateTimeOffset modified)
    {
        var target = Path.Combine(Folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using (var output = File.Create(target))
        {
            content.CopyTo(output);
        }

        // LIST, METADATA$FILE_LAST_MODIFIED and REFRESH's 7-day window read the time from the TimeProvider like everything
        // else. A fake clock may stand still, so a rewrite of the same size can carry the same time: forget its checksum.
        foreach (var key in Checksums.Keys.Where(k => k.Path == target))
        {
            Checksums.TryRemove(key, out _);
        }

        File.SetLastWriteTimeUtc(target, modified.UtcDateTime);
    }

    private static string Md5(string path)
    {
        var info = new FileInfo(path);
        return Checksums.GetOrAdd((path, info.Length, info.LastWriteTimeUtc), key =>
        {
            using var stream = File.OpenRead(key.Path);
            return Convert.ToHexStringLower(MD5.HashData(stream));
        });
    }
}
