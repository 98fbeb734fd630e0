namespace SnowMedallion.Testing.Tests.Snowflake.Copy;

/// <summary>A harness with a database, an internal stage and a local folder of source files to PUT.</summary>
internal sealed class CopyHarness : IAsyncDisposable
{
    private readonly DirectoryInfo _folder;

    private CopyHarness(LocalSnowflakeHarness harness, DirectoryInfo folder)
    {
        H = harness;
        _folder = folder;
    }

    public LocalSnowflakeHarness H { get; }

    public static async Task<CopyHarness> StartAsync(LocalSnowflakeOptions? options = null)
    {
        var h = await LocalSnowflakeHarness.StartAsync(options);
        h.Rows("CREATE DATABASE D; CREATE SCHEMA BRONZE; CREATE STAGE ST");
        return new CopyHarness(h, Directory.CreateTempSubdirectory("copy-test-"));
    }

    /// <summary>Writes a local file and PUTs it (uncompressed, so names stay as written) to @ST/path.</summary>
    public void Stage(string name, string content, string path = "", string stage = "ST")
    {
        var local = Path.Combine(_folder.FullName, name);
        File.WriteAllText(local, content);
        var target = path.Length == 0 ? "@" + stage : "@" + stage + "/" + path;
        H.Rows($"PUT file://{local} {target} AUTO_COMPRESS = FALSE OVERWRITE = TRUE");
    }

    public async ValueTask DisposeAsync()
    {
        await H.DisposeAsync();
        _folder.Delete(recursive: true);
    }
}
