using SnowMedallion.Testing.Snowflake.Engine.Catalog;
using SnowMedallion.Testing.Snowflake.Engine.Parsing;
using SnowMedallion.Testing.Snowflake.Stages;

namespace SnowMedallion.Testing.Snowflake.Engine.Handlers;

/// <summary>CREATE [OR REPLACE] [TEMPORARY] STAGE [IF NOT EXISTS], DROP STAGE [IF EXISTS].</summary>
/// <remarks>https://docs.snowflake.com/en/sql-reference/sql/create-stage</remarks>
internal sealed class StageHandler : StatementHandler
{
    private static readonly HashSet<string> KnownOptions =
        ["URL", "STORAGE_INTEGRATION", "CREDENTIALS", "ENCRYPTION", "FILE_FORMAT", "COPY_OPTIONS", "DIRECTORY", "COMMENT"];

    private static long _generation;

    public override bool CanHandle(StatementContext statement) =>
        statement.IsCreateOf(["STAGE"], "TEMPORARY", "TEMP") || statement.StartsWith("DROP", "STAGE");

    public override LocalResult Execute(StatementContext statement)
    {
        var cursor = statement.Cursor();
        var engine = statement.Engine;
        var store = engine.Catalog.Objects<StageEntry>(StageEntry.Kind);
        if (cursor.TryKeywords("DROP", "STAGE"))
        {
            var ifExists = cursor.TryKeywords("IF", "EXISTS");
            var dropped = statement.Resolve(cursor.QualifiedName(), "DROP STAGE");
            cursor.ExpectEnd();
            var removed = store.Remove(dropped);
            if (removed)
            {
                StageFiles.DeleteInternal(engine, dropped);
            }

            return Drops.Result(removed, ifExists, StageEntry.Kind, dropped);
        }

        cursor.Expect("CREATE");
        var mode = CreateModes.Read(cursor, out _, "TEMPORARY", "TEMP");
        cursor.Expect("STAGE");
        mode = CreateModes.ReadIfNotExists(cursor, mode);
        var path = statement.ResolveInExistingSchema(cursor.QualifiedName(), "CREATE STAGE");
        var options = cursor.Options();
        cursor.ExpectEnd();
        foreach (var key in options.Keys.Where(k => !KnownOptions.Contains(k)))
        {
            throw LocalSnowflakeException.Unsupported($"CREATE STAGE option {key}");
        }

        var url = options.TryGetValue("URL", out var u) ? u.Text : null;
        if (url is not null && !url.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            throw LocalSnowflakeException.Unsupported($"stage URL '{url}' (LocalSnowflake emulates s3:// external stages only)");
        }

        string? integration = null;
        if (options.TryGetValue("STORAGE_INTEGRATION", out var i))
        {
            var found = engine.Catalog.Account<IntegrationEntry>(IntegrationEntry.Kind).Get(i.Kind == TokKind.QuotedIdentifier ? i.Text! : i.Text!.ToUpperInvariant());
            if (found.Category != "STORAGE")
            {
                throw new LocalSnowflakeException(3001, "42601", $"SQL compilation error:\nIntegration '{found.Name}' is not a storage integration: STORAGE_INTEGRATION must name a STORAGE INTEGRATION.");
            }

            CheckAllowed(found, url);
            integration = found.Name;
        }

        var copyOptions = options.TryGetValue("COPY_OPTIONS", out var co) && co.Nested is { } nested
            ? nested
            : new Dictionary<string, OptionValue>();
        var entry = new StageEntry(
            path,
            engine.Time.GetUtcNow(),
            url,
            integration,
            options.ContainsKey("CREDENTIALS"),
            FileFormatReference.From(options.GetValueOrDefault("FILE_FORMAT")),
            copyOptions,
            options.TryGetValue("COMMENT", out var c) ? c.Text : null,
            Interlocked.Increment(ref _generation));
        var existed = store.Find(path) is not null;
        var outcome = store.Create(entry, mode);
        if (outcome == CreateOutcome.Replaced && existed)
        {
            StageFiles.DeleteInternal(engine, path);
        }

        return outcome == CreateOutcome.AlreadyExisted
            ? LocalResult.Status($"{path.Name} already exists, statement succeeded.")
            : LocalResult.Status($"Stage area {SnowflakeErrors.Show(path.Name)} successfully created.");
    }

    private static void CheckAllowed(IntegrationEntry integration, string? url)
    {
        if (url is null)
        {
            return;
        }

        var allowed = ListValues(integration.Property("STORAGE_ALLOWED_LOCATIONS"));
        var blocked = ListValues(integration.Property("STORAGE_BLOCKED_LOCATIONS"));
        var ok = allowed.Any(a => a == "*" || url.StartsWith(a, StringComparison.Ordinal) || url + "/" == a) &&
            !blocked.Any(b => url.StartsWith(b, StringComparison.Ordinal));
        if (!ok)
        {
            throw new LocalSnowflakeException(
                3127,
                "42601",
                $"SQL compilation error:\nLocation '{url}' is not allowed by integration '{integration.Name}'. Please use DESC INTEGRATION to check out allowed and blocked locations.");
        }
    }

    private static List<string> ListValues(string? list) =>
        list is null or "" or "[]" ? [] : [.. list.Trim('[', ']').Split(", ", StringSplitOptions.RemoveEmptyEntries)];
}
