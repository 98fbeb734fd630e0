using System.Globalization;
using SnowMedallion.Testing.Snowflake.Copy;
using SnowMedallion.Testing.Snowflake.Engine;
using SnowMedallion.Testing.Snowflake.Engine.Catalog;
using SnowMedallion.Testing.Snowflake.Engine.Handlers;
using SnowMedallion.Testing.Snowflake.Engine.Parsing;
using SnowMedallion.Testing.Snowflake.FileFormats;
using SnowMedallion.Testing.Snowflake.Stages;

namespace SnowMedallion.Testing.Snowflake.Pipes;

/// <summary>
/// CREATE [OR REPLACE] PIPE [IF NOT EXISTS] ... [AUTO_INGEST = TRUE] [ERROR_INTEGRATION = i] [COMMENT = '...'] AS COPY INTO ...,
/// ALTER PIPE ... SET PIPE_EXECUTION_PAUSED = TRUE | FALSE / SET | UNSET COMMENT / REFRESH [PREFIX = '...'] [MODIFIED_AFTER = '...'],
/// DROP PIPE [IF EXISTS], SHOW PIPES, DESC[RIBE] PIPE.
/// </summary>
/// <remarks>
/// https://docs.snowflake.com/en/sql-reference/sql/create-pipe , https://docs.snowflake.com/en/sql-reference/sql/alter-pipe ,
/// https://docs.snowflake.com/en/sql-reference/sql/show-pipes , https://docs.snowflake.com/en/sql-reference/sql/desc-pipe
/// </remarks>
internal sealed class PipeHandler : StatementHandler
{
    private static readonly string[] ShowColumns =
    [
        "created_on:TIMESTAMP_LTZ", "name", "database_name", "schema_name", "definition", "owner", "notification_channel", "comment",
        "integration", "pattern", "error_integration", "owner_role_type", "invalid_reason", "kind", "is_snowflake_managed:BOOLEAN",
    ];

    public override bool CanHandle(StatementContext statement) =>
        statement.IsCreateOf(["PIPE"]) || statement.StartsWith("ALTER", "PIPE") || statement.StartsWith("DROP", "PIPE") ||
        ShowCommand.Matches(statement, "PIPES") || statement.StartsWith("DESC", "PIPE") || statement.StartsWith("DESCRIBE", "PIPE");

    public override LocalResult Execute(StatementContext statement)
    {
        var store = statement.Engine.Catalog.Objects<PipeDefinition>(PipeDefinition.Kind);
        var service = PipeService.For(statement.Engine);
        if (ShowCommand.Matches(statement, "PIPES"))
        {
            var show = ShowCommand.Parse(statement, 1);
            return Show(show.Take(store.List(show.Database, show.Schema).Where(p => show.Includes(p.Path.Name))));
        }

        var cursor = statement.Cursor();
        if (cursor.TryKeywords("DESC", "PIPE") || cursor.TryKeywords("DESCRIBE", "PIPE"))
        {
            var path = statement.Resolve(cursor.QualifiedName(), "DESCRIBE PIPE");
            cursor.ExpectEnd();
            return Show([store.Get(path)]);
        }

        if (cursor.TryKeywords("DROP", "PIPE"))
        {
            var ifExists = cursor.TryKeywords("IF", "EXISTS");
            var path = statement.Resolve(cursor.QualifiedName(), "DROP PIPE");
            cursor.ExpectEnd();
            var existing = store.Find(path);
            if (existing is not null)
            {
                PipeService.Retired(existing);
            }

            return Drops.Result(existing is not null && store.Remove(path), ifExists, PipeDefinition.Kind, path);
        }

        if (cursor.TryKeywords("ALTER", "PIPE"))
        {
            return Alter(statement, cursor, store, service);
        }

        return Create(statement, cursor, store, service);
    }

    private static LocalResult Create(StatementContext statement, TokenCursor cursor, SchemaObjectStore<PipeDefinition> store, PipeService service)
    {
        cursor.Expect("CREATE");
        var mode = CreateModes.Read(cursor, out _);
        cursor.Expect("PIPE");
        mode = CreateModes.ReadIfNotExists(cursor, mode);
        var path = statement.ResolveInExistingSchema(cursor.QualifiedName(), "CREATE PIPE");
        var options = cursor.Options();
        cursor.Expect("AS");
        var copyStart = cursor.Position;
        foreach (var key in options.Keys)
        {
            if (key is not ("AUTO_INGEST" or "ERROR_INTEGRATION" or "COMMENT"))
            {
                throw LocalSnowflakeException.Unsupported("CREATE PIPE option " + key);
            }
        }

        if (!cursor.Current.Is("COPY"))
        {
            throw cursor.SyntaxError("COPY INTO");
        }

        var existing = store.Find(path);
        if (existing is not null && mode == CreateMode.IfNotExists)
        {
            return CreateModes.Status(PipeDefinition.Kind, path.Name, CreateOutcome.AlreadyExisted);
        }

        if (existing is not null && mode == CreateMode.Create)
        {
            throw SnowflakeErrors.AlreadyExists(path.ToString());
        }

        // The parser refuses the COPY options Snowpipe lacks (it knows it parses a pipe's COPY).
        var request = CopyStatementParser.Parse(statement, path.ToString(), OnErrorMode.SkipFile, copyStart);
        if (!TableExists(statement, request.Table))
        {
            throw SnowflakeErrors.DoesNotExist("Table", request.Table.ToString());
        }

        var errorIntegration = options.TryGetValue("ERROR_INTEGRATION", out var integrationOption) ? ErrorIntegration(statement, integrationOption) : null;

        var autoIngest = options.TryGetValue("AUTO_INGEST", out var auto) && auto.AsBool();
        var stage = request.Source.Stage;
        if (autoIngest && stage?.Url is null)
        {
            throw new LocalSnowflakeException(93000, "0A000",
                $"SQL compilation error:\nPipe {path} has AUTO_INGEST = TRUE but reads an internal stage: auto-ingest needs an external (S3) stage; use AUTO_INGEST = FALSE and ALTER PIPE REFRESH.");
        }

        var pipe = new PipeDefinition(
            path,
            statement.Engine.Time.GetUtcNow(),
            autoIngest,
            errorIntegration,
            options.TryGetValue("COMMENT", out var comment) ? comment.Text : null,
            cursor.TextFrom(copyStart),
            request.Table,
            stage?.Path,
            stage?.Generation ?? 0,
            stage?.Url,
            request.Source.Display,
            request.Source.Path,
            request.Pattern,
            FormatPath(statement, copyStart, stage),
            autoIngest ? service.Channel : null);
        if (existing is not null)
        {
            PipeService.Retired(existing);
        }

        var outcome = store.Create(pipe, CreateMode.OrReplace);
        service.Created(pipe);
        return CreateModes.Status(PipeDefinition.Kind, path.Name, existing is null ? outcome : CreateOutcome.Replaced);
    }

    private static LocalResult Alter(StatementContext statement, TokenCursor cursor, SchemaObjectStore<PipeDefinition> store, PipeService service)
    {
        var ifExists = cursor.TryKeywords("IF", "EXISTS");
        var path = statement.Resolve(cursor.QualifiedName(), "ALTER PIPE");
        var pipe = store.Find(path);
        if (pipe is null)
        {
            return ifExists
                ? LocalResult.Status("Statement executed successfully.")
                : throw SnowflakeErrors.DoesNotExist(PipeDefinition.Kind, path.ToString());
        }

        if (cursor.TryKeywords("REFRESH"))
        {
            var options = cursor.Options();
            cursor.ExpectEnd();
            DateTimeOffset? modifiedAfter = null;
            if (options.TryGetValue("MODIFIED_AFTER", out var after))
            {
                modifiedAfter = DateTimeOffset.Parse(after.Text ?? string.Empty, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            }

            foreach (var key in options.Keys.Where(k => k is not ("PREFIX" or "MODIFIED_AFTER")))
            {
                throw LocalSnowflakeException.Unsupported("ALTER PIPE REFRESH option " + key);
            }

            var queued = service.Refresh(pipe, options.GetValueOrDefault("PREFIX")?.Text, modifiedAfter);
            LocalColumn[] columns = [new("File", "TEXT", typeof(string)), new("Status", "TEXT", typeof(string))];
            return new LocalResult(columns, [.. queued.Select(f => new object?[] { f.FileName, "SENT" })]);
        }

        if (cursor.TryKeywords("SET"))
        {
            var options = cursor.Options();
            cursor.ExpectEnd();
            foreach (var (key, value) in options)
            {
                switch (key)
                {
                    case "PIPE_EXECUTION_PAUSED":
                        service.SetPaused(pipe, value.AsBool());
                        break;
                    case "COMMENT":
                        store.Update(path, p => p with { Comment = value.Text });
                        break;
                    case "ERROR_INTEGRATION":
                        var integration = ErrorIntegration(statement, value);
                        store.Update(path, p => p with { ErrorIntegration = integration });
                        break;
                    default:
                        throw LocalSnowflakeException.Unsupported("ALTER PIPE SET " + key);
                }
            }

            return LocalResult.Status("Statement executed successfully.");
        }

        if (cursor.TryKeywords("UNSET"))
        {
            // ALTER PIPE ... UNSET { <property_name> | COMMENT } [ , ... ]
            var properties = new List<string>();
            do
            {
                properties.Add(cursor.Identifier().ToUpperInvariant());
            }
            while (cursor.TrySymbol(","));
            cursor.ExpectEnd();
            foreach (var property in properties)
            {
                switch (property)
                {
                    case "COMMENT":
                        store.Update(path, p => p with { Comment = null });
                        break;
                    case "ERROR_INTEGRATION":
                        store.Update(path, p => p with { ErrorIntegration = null });
                        break;
                    case "PIPE_EXECUTION_PAUSED":
                        service.SetPaused(pipe, false);
                        break;
                    default:
                        throw LocalSnowflakeException.Unsupported("ALTER PIPE UNSET " + property);
                }
            }

            return LocalResult.Status("Statement executed successfully.");
        }

        throw LocalSnowflakeException.Unsupported("ALTER PIPE " + (cursor.AtEnd ? string.Empty : cursor.Current.Text));
    }

    private static LocalResult Show(IEnumerable<PipeDefinition> pipes)
    {
        var rows = pipes.Select(p => new object?[]
        {
            p.CreatedOn, p.Path.Name, p.Path.Database, p.Path.Schema, p.Definition, "ACCOUNTADMIN", p.NotificationChannel, p.Comment ?? string.Empty,
            null, p.Pattern, p.ErrorIntegration, "ROLE", null, "STAGE", false,
        });
        return ShowResults.Build(ShowColumns, rows);
    }

    /// <summary>ERROR_INTEGRATION = i: the integration must exist and be a notification integration.</summary>
    private static string ErrorIntegration(StatementContext statement, OptionValue value)
    {
        var integration = statement.Engine.Catalog.Account<IntegrationEntry>(IntegrationEntry.Kind).Get(value.Text ?? string.Empty);
        if (integration.Category != "NOTIFICATION")
        {
            throw new LocalSnowflakeException(3001, "42601",
                $"SQL compilation error:\nIntegration '{integration.Name}' is not a notification integration: ERROR_INTEGRATION must name a NOTIFICATION INTEGRATION.");
        }

        return integration.Name;
    }

    private static bool TableExists(StatementContext statement, ObjectPath table) =>
        Convert.ToInt64(
            DuckDbResults.Scalar(
                statement.Session.Connection,
                "SELECT count(*) FROM duckdb_tables() WHERE database_name = '" + table.Database.Replace("'", "''", StringComparison.Ordinal) +
                "' AND schema_name = '" + table.Schema.Replace("'", "''", StringComparison.Ordinal) + "' AND table_name = '" +
                table.Name.Replace("'", "''", StringComparison.Ordinal) + "'"),
            CultureInfo.InvariantCulture) > 0;

    /// <summary>The named file format the pipe's COPY depends on: FILE_FORMAT = (FORMAT_NAME = f) or the stage's.</summary>
    private static ObjectPath? FormatPath(StatementContext statement, int copyStart, StageEntry? stage)
    {
        var tokens = statement.Tokens;
        FileFormatReference? reference = null;
        for (var i = copyStart; i + 2 < tokens.Count; i++)
        {
            if (tokens[i].Is("FORMAT_NAME") && tokens[i + 1].IsSymbol("="))
            {
                var value = tokens[i + 2];
                var text = value.Kind == TokKind.String ? value.Value : string.Join('.', tokens.Skip(i + 2).TakeWhile(t => t.IsIdentifier || t.IsSymbol(".")).Select(t => t.Text));
                reference = new FileFormatReference([.. EngineTokens.Tokenize(text).Where(t => t.IsIdentifier).Select(t => t.Value)], null);
                break;
            }
        }

        reference ??= stage?.FileFormat;
        if (reference?.FormatName is not { Count: > 0 } parts)
        {
            return null;
        }

        var store = statement.Engine.Catalog.Objects<FileFormatEntry>(FileFormatEntry.Kind);
        var candidates = new List<ObjectPath>();
        if (parts.Count < 3 && stage is not null)
        {
            candidates.Add(parts.Count == 2 ? new ObjectPath(stage.Path.Database, parts[0], parts[1]) : new ObjectPath(stage.Path.Database, stage.Path.Schema, parts[0]));
        }

        candidates.Add(statement.Resolve(parts, "CREATE PIPE"));
        return candidates.FirstOrDefault(c => store.Find(c) is not null);
    }
}
