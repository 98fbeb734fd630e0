using System.IO.Compression;
using System.Text.RegularExpressions;
using SnowMedallion.Testing.Snowflake.Engine.Parsing;
using SnowMedallion.Testing.Snowflake.Stages;

namespace SnowMedallion.Testing.Snowflake.Engine.Handlers;

/// <summary>PUT file://path @internal_stage[/path] [AUTO_COMPRESS = TRUE|FALSE] [OVERWRITE = TRUE|FALSE].</summary>
/// <remarks>https://docs.snowflake.com/en/sql-reference/sql/put - files are gzip-compressed unless AUTO_COMPRESS = FALSE.</remarks>
internal sealed partial class PutHandler : StatementHandler
{
    public override bool CanHandle(StatementContext statement) => statement.StartsWith("PUT");

    public override LocalResult Execute(StatementContext statement)
    {
        // The source is raw text (file:///path/with*glob.csv, maybe quoted); '//' would lex as a comment.
        var match = PutSyntax().Match(statement.Text);
        if (!match.Success)
        {
            throw new LocalSnowflakeException(1003, "42000", "SQL compilation error:\nPUT expects: PUT file://<path> @<stage>[/<path>] [AUTO_COMPRESS = TRUE|FALSE] [OVERWRITE = TRUE|FALSE]");
        }

        var sourceText = match.Groups["source"].Value;
        var location = StageLocation.Resolve(statement, match.Groups["stage"].Value);
        if (location.Storage is not InternalStageStorage storage)
        {
            throw new LocalSnowflakeException(1003, "42000", "SQL compilation error:\nPUT writes to internal stages only; upload to an external stage's bucket with S3 instead.");
        }

        var rest = match.Groups["rest"].Value;
        var cursor = new TokenCursor(EngineTokens.Tokenize(rest), rest);
        var options = cursor.Options();
        cursor.ExpectEnd();
        var compress = !options.TryGetValue("AUTO_COMPRESS", out var ac) || ac.AsBool();
        var overwrite = options.TryGetValue("OVERWRITE", out var ow) && ow.AsBool();
        var sourcePath = sourceText["file://".Length..];
        var directory = Path.GetDirectoryName(sourcePath);
        var pattern = Path.GetFileName(sourcePath);
        var sources = Directory.Exists(directory ?? ".")
            ? Directory.GetFiles(string.IsNullOrEmpty(directory) ? "." : directory, pattern).OrderBy(f => f, StringComparer.Ordinal).ToList()
            : [];
        if (sources.Count == 0)
        {
            throw new LocalSnowflakeException(253006, "22000", $"File doesn't exist: ['{sourcePath}']");
        }

        var prefix = location.Path.Length == 0 || location.Path.EndsWith('/') ? location.Path : location.Path + "/";
        var existing = storage.List().Select(f => f.RelativePath).ToHashSet(StringComparer.Ordinal);
        var rows = new List<object?[]>();
        foreach (var source in sources)
        {
            var name = Path.GetFileName(source);
            var alreadyGzip = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
            var target = compress && !alreadyGzip ? name + ".gz" : name;
            var relative = prefix + target;
            var sourceSize = new FileInfo(source).Length;
            if (existing.Contains(relative) && !overwrite)
            {
                rows.Add([name, target, sourceSize, sourceSize, alreadyGzip ? "GZIP" : "NONE", compress || alreadyGzip ? "GZIP" : "NONE", "SKIPPED", string.Empty]);
                continue;
            }

            using (var input = File.OpenRead(source))
            {
                if (compress && !alreadyGzip)
                {
                    using var buffer = new MemoryStream();
                    using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
                    {
                        input.CopyTo(gzip);
                    }

                    buffer.Position = 0;
                    storage.Write(relative, buffer, statement.Engine.Time.GetUtcNow());
                }
                else
                {
                    storage.Write(relative, input, statement.Engine.Time.GetUtcNow());
                }
            }

            var targetSize = new FileInfo(storage.LocalPath(new StagedFile(relative, 0, string.Empty, default))).Length;
            rows.Add([name, target, sourceSize, targetSize, alreadyGzip ? "GZIP" : "NONE", compress || alreadyGzip ? "GZIP" : "NONE", "UPLOADED", string.Empty]);
        }

        return ShowResults.Build(
            ["source", "target", "source_size:NUMBER", "target_size:NUMBER", "source_compression", "target_compression", "status", "message"],
            rows);
    }

    [GeneratedRegex(@"^\s*PUT\s+'?(?<source>file://[^'\s]+)'?\s+@(?<stage>[^\s;]+)(?<rest>.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex PutSyntax();
}
