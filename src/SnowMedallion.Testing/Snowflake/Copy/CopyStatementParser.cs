using SnowMedallion.Testing.Snowflake.Engine;
using SnowMedallion.Testing.Snowflake.Engine.Parsing;
using SnowMedallion.Testing.Snowflake.FileFormats;
using SnowMedallion.Testing.Snowflake.Stages;

namespace SnowMedallion.Testing.Snowflake.Copy;

/// <summary>
/// Parses <c>COPY INTO &lt;table&gt; [(cols)] FROM { @stage[/path] | (SELECT ... FROM @stage[/path] [alias]) } [options]</c>
/// into a <see cref="CopyRequest"/>. The pipe runtime calls it with its pipe name and ON_ERROR default SKIP_FILE.
/// </summary>
/// <remarks>https://docs.snowflake.com/en/sql-reference/sql/copy-into-table</remarks>
internal static class CopyStatementParser
{
    private static readonly HashSet<string> Supported = ["FILES", "PATTERN", "FILE_FORMAT", "ON_ERROR", "FORCE", "PURGE", "RETURN_FAILED_ONLY"];

    // CREATE PIPE usage notes: "All COPY INTO <table> copy options are supported except for the following: FILES,
    // ON_ERROR = ABORT_STATEMENT, SIZE_LIMIT, PURGE, FORCE, RETURN_FAILED_ONLY, VALIDATION_MODE"
    // (https://docs.snowflake.com/en/sql-reference/sql/create-pipe).
    private static readonly HashSet<string> NotInPipes = new(["FILES", "SIZE_LIMIT", "PURGE", "FORCE", "RETURN_FAILED_ONLY", "VALIDATION_MODE"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Parses the COPY statement of <paramref name="statement"/>, resolving names in its session.</summary>
    /// <param name="statement">The statement (its text starts with COPY INTO).</param>
    /// <param name="pipe">The pipe running it (Snowpipe), or null for a bulk COPY.</param>
    /// <param name="defaultOnError">ON_ERROR when neither the COPY nor the stage sets it.</param>
    /// <param name="startToken">Index of the COPY token (a pipe's AS COPY ... starts later).</param>
    public static CopyRequest Parse(StatementContext statement, string? pipe, OnErrorMode defaultOnError, int startToken = 0)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var cursor = statement.Cursor();
        cursor.Position = startToken;
        cursor.Expect("COPY", "INTO");
        if (cursor.Current.Kind == TokKind.Stage || cursor.Current.Kind == TokKind.String)
        {
            throw LocalSnowflakeException.Unsupported("COPY INTO <location> (unloading)");
        }

        var table = statement.Resolve(cursor.QualifiedName(), "COPY");
        List<string>? columns = null;
        if (cursor.TrySymbol("("))
        {
            columns = [];
            do
            {
                columns.Add(cursor.Identifier());
            }
            while (cursor.TrySymbol(","));
            cursor.ExpectSymbol(")");
        }

        cursor.Expect("FROM");
        CopyTransform? transform = null;
        string stageReference;
        Dictionary<string, OptionValue>? inlineOptions = null;
        if (cursor.TrySymbol("("))
        {
            cursor.Expect("SELECT");
            var expressions = new List<IReadOnlyList<Tok>>();
            var current = new List<Tok>();
            var depth = 0;
            while (true)
            {
                if (cursor.AtEnd)
                {
                    throw cursor.SyntaxError("FROM @stage");
                }

                var token = cursor.Current;
                if (depth == 0 && token.Is("FROM"))
                {
                    break;
                }

                cursor.Next();
                if (token.IsSymbol("("))
                {
                    depth++;
                }
                else if (token.IsSymbol(")"))
                {
                    depth--;
                }

                if (depth == 0 && token.IsSymbol(","))
                {
                    expressions.Add(current);
                    current = [];
                    continue;
                }

                current.Add(token);
            }

            expressions.Add(current);
            expressions = [.. expressions.Select(e => (IReadOnlyList<Tok>)StripAlias([.. e]))];
            cursor.Expect("FROM");
            if (cursor.Current.Kind != TokKind.Stage)
            {
                throw LocalSnowflakeException.Unsupported("COPY transformation reading from something other than a stage");
            }

            stageReference = cursor.Next().Value;
            if (cursor.TrySymbol("("))
            {
                inlineOptions = [];
                while (!cursor.TrySymbol(")"))
                {
                    cursor.TrySymbol(",");
                    var key = cursor.Identifier().ToUpperInvariant();
                    cursor.ExpectSymbol("=>");
                    inlineOptions[key] = cursor.OptionValueAt();
                }
            }

            if (cursor.Current.IsIdentifier && !cursor.Current.Is("WHERE"))
            {
                cursor.TryKeywords("AS");
                cursor.Identifier();
            }

            if (!cursor.Current.IsSymbol(")"))
            {
                throw LocalSnowflakeException.Unsupported($"'{cursor.Current.Text}' in a COPY transformation (only SELECT <expressions> FROM @stage [alias] is allowed)");
            }

            cursor.ExpectSymbol(")");
            transform = new CopyTransform(expressions);
        }
        else
        {
            if (cursor.Current.Kind != TokKind.Stage)
            {
                throw LocalSnowflakeException.Unsupported("COPY from an external location URL (create a stage and COPY FROM @stage)");
            }

            stageReference = cursor.Next().Value;
        }

        var options = cursor.Options();
        cursor.ExpectEnd();
        if (pipe is not null)
        {
            RejectOptionsSnowpipeLacks(options, pipe);
        }

        foreach (var key in options.Keys.Where(k => !Supported.Contains(k)))
        {
            throw LocalSnowflakeException.Unsupported($"COPY option {key}");
        }

        var source = StageLocation.Resolve(statement, stageReference);
        var stageOptions = source.Stage?.CopyOptions ?? new Dictionary<string, OptionValue>();
        var formatReference = FileFormatReference.From(options.GetValueOrDefault("FILE_FORMAT"))
            ?? (inlineOptions?.GetValueOrDefault("FILE_FORMAT") is { } fromSelect ? FileFormatReference.From(fromSelect) : null)
            ?? source.Stage?.FileFormat;
        var format = ResolveFormat(statement, formatReference, source.Stage);
        var onError = options.GetValueOrDefault("ON_ERROR") ?? stageOptions.GetValueOrDefault("ON_ERROR");
        var pattern = options.GetValueOrDefault("PATTERN")?.Text ?? inlineOptions?.GetValueOrDefault("PATTERN")?.Text;
        return new CopyRequest(
            table,
            columns,
            source,
            transform,
            format,
            onError is null ? defaultOnError : OnErrorMode.Parse(onError.ToString()),
            options.GetValueOrDefault("FILES") is { } files ? files.Items ?? [files.ToString()] : null,
            pattern,
            (options.GetValueOrDefault("FORCE") ?? stageOptions.GetValueOrDefault("FORCE"))?.AsBool() ?? false,
            (options.GetValueOrDefault("PURGE") ?? stageOptions.GetValueOrDefault("PURGE"))?.AsBool() ?? false,
            pipe);
    }

    private static void RejectOptionsSnowpipeLacks(Dictionary<string, OptionValue> options, string pipe)
    {
        foreach (var (key, value) in options)
        {
            var abortStatement = key.Equals("ON_ERROR", StringComparison.OrdinalIgnoreCase) &&
                value.ToString().Equals("ABORT_STATEMENT", StringComparison.OrdinalIgnoreCase);
            if (!abortStatement && !NotInPipes.Contains(key))
            {
                continue;
            }

            var option = abortStatement ? "ON_ERROR = ABORT_STATEMENT" : key.ToUpperInvariant();
            throw new LocalSnowflakeException(2025, "42601",
                $"SQL compilation error:\nPipe {pipe}: copy option {option} is not supported by Snowpipe. Remove it from the pipe's COPY statement " +
                "(Snowpipe skips files it already loaded, never purges, and defaults ON_ERROR to SKIP_FILE; use REMOVE to delete loaded files).");
        }
    }

    /// <summary>Resolves a file format reference: named formats in the session's schema, then the stage's.</summary>
    public static FileFormatOptions ResolveFormat(StatementContext statement, FileFormatReference? reference, StageEntry? stage)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (reference is null)
        {
            return FileFormatOptions.DefaultCsv;
        }

        if (reference.Inline is { } inline)
        {
            return FileFormatOptions.FromOptions(inline);
        }

        var store = statement.Engine.Catalog.Objects<FileFormatEntry>(FileFormatEntry.Kind);
        var parts = reference.FormatName!;
        if (parts.Count < 3 && stage is not null)
        {
            var inStageSchema = parts.Count == 2
                ? new ObjectPath(stage.Path.Database, parts[0], parts[1])
                : new ObjectPath(stage.Path.Database, stage.Path.Schema, parts[0]);
            if (statement.Session.Database is null || statement.Session.Schema is null)
            {
                return store.Get(inStageSchema).Options;
            }

            var inSession = statement.Resolve(parts, "COPY");
            return (store.Find(inSession) ?? store.Get(inStageSchema)).Options;
        }

        return store.Get(statement.Resolve(parts, "COPY")).Options;
    }

    // "expr AS alias" / "expr alias" in a COPY SELECT list: the alias does not matter (columns map by position).
    private static List<Tok> StripAlias(List<Tok> expression)
    {
        if (expression.Count >= 3 && expression[^2].Is("AS"))
        {
            return expression[..^2];
        }

        if (expression.Count >= 2 && expression[^1].IsIdentifier && !expression[^2].IsSymbol(".") && !expression[^2].IsSymbol("::") &&
            (expression[^2].Kind is TokKind.Positional or TokKind.String or TokKind.Number || expression[^2].IsSymbol(")") ||
             expression[^2].Value.StartsWith("METADATA$", StringComparison.Ordinal)))
        {
            return expression[..^1];
        }

        return expression;
    }
}
