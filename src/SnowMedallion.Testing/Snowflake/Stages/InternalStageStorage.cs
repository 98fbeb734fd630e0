using System.Security.Cryptography;

namespace SnowMedallion.Testing.Snowflake.Stages;

/// <summary>An internal stage: a folder on local disk.</summary>
internal sealed class InternalStageStorage : IStageStorage
{
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

    /// <summary>Writes a file into the stage.</summary>
    public void Write(string relativePath, Stream content)
    {
        var target = Path.Combine(Folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using var output = File.Create(target);
        content.CopyTo(output);
    }

    private static string Md5(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(MD5.HashData(stream));
    }
}
