using SnowMedallion.Testing.Snowflake.Engine;
using SnowMedallion.Testing.Snowflake.Engine.Parsing;

namespace SnowMedallion.Testing.Snowflake.Stages;

/// <summary>
/// A resolved <c>@stage[/path]</c> reference: the stage (named, user <c>@~</c> or table <c>@%t</c>) and the
/// path under it.
/// </summary>
/// <param name="Stage">The named stage, or null for user / table stages.</param>
/// <param name="Storage">Where the files are.</param>
/// <param name="Path">Path under the stage root, without a leading slash ("" for the whole stage).</param>
/// <param name="Display">How LIST names files of this stage (e.g. the lower-case stage name, or the URL).</param>
internal sealed record StageLocation(StageEntry? Stage, IStageStorage Storage, string Path, string Display)
{
    /// <summary>Resolves <c>@name/path</c> (the token value after '@') for a statement's session.</summary>
    public static StageLocation Resolve(StatementContext statement, string reference)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(reference);
        var (namePart, path) = SplitPath(reference);
        var engine = statement.Engine;
        if (namePart == "~")
        {
            return new StageLocation(null, new InternalStageStorage(System.IO.Path.Combine(engine.StageRoot, "~user")), path, "@~");
        }

        if (namePart.StartsWith('%'))
        {
            var table = statement.Resolve(Names(namePart[1..]), "table stage access");
            var folder = System.IO.Path.Combine(engine.StageRoot, "%tables", Safe(table.Database), Safe(table.Schema), Safe(table.Name));
            return new StageLocation(null, new InternalStageStorage(folder), path, table.Name.ToLowerInvariant());
        }

        var stagePath = statement.Resolve(Names(namePart), "stage access");
        var stage = engine.Catalog.Objects<StageEntry>(StageEntry.Kind).Get(stagePath);
        return ForStage(engine, stage, path);
    }

    /// <summary>The location of a named stage (at <paramref name="path"/> under it).</summary>
    public static StageLocation ForStage(SnowflakeEngine engine, StageEntry stage, string path)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(stage);
        if (stage.Url is { } url)
        {
            return new StageLocation(stage, S3StageStorage.Create(engine, stage, url), path, url.EndsWith('/') ? url : url + "/");
        }

        return new StageLocation(stage, new InternalStageStorage(StageFiles.InternalFolder(engine, stage.Path)), path, stage.Path.Name.ToLowerInvariant() + "/");
    }

    /// <summary>Files under this location (relative paths are relative to the stage root).</summary>
    public IReadOnlyList<StagedFile> ListFiles() =>
        [.. Storage.List().Where(f => Path.Length == 0 || f.RelativePath.StartsWith(Path, StringComparison.Ordinal))
            .OrderBy(f => f.RelativePath, StringComparer.Ordinal)];

    private static (string Name, string Path) SplitPath(string reference)
    {
        var inQuotes = false;
        for (var i = 0; i < reference.Length; i++)
        {
            if (reference[i] == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (reference[i] == '/' && !inQuotes)
            {
                return (reference[..i], reference[(i + 1)..]);
            }
        }

        return (reference, string.Empty);
    }

    private static IReadOnlyList<string> Names(string text) =>
        [.. EngineTokens.Tokenize(text).Where(t => t.IsIdentifier).Select(t => t.Value)];

    private static string Safe(string part) => Uri.EscapeDataString(part);
}

/// <summary>A file in a stage.</summary>
/// <param name="RelativePath">Path relative to the stage root (METADATA$FILENAME).</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Md5">Hex MD5 of the content (the checksum load metadata compares).</param>
/// <param name="LastModified">Last modification time.</param>
internal sealed record StagedFile(string RelativePath, long Size, string Md5, DateTimeOffset LastModified);

/// <summary>Where a stage's files live.</summary>
internal interface IStageStorage
{
    /// <summary>Every file in the stage.</summary>
    IReadOnlyList<StagedFile> List();

    /// <summary>A local path DuckDB can read the file from (materialized if needed; see <see cref="Release"/>).</summary>
    string LocalPath(StagedFile file);

    /// <summary>Releases a path obtained from <see cref="LocalPath"/> (deletes temporary copies).</summary>
    void Release(string localPath);

    /// <summary>Removes a file (PURGE, REMOVE).</summary>
    void Delete(StagedFile file);
}
