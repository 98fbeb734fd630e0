using System.Globalization;
using System.Text;
using SnowMedallion.Sql.Lexing;
using SnowMedallion.Testing.Snowflake.Copy;
using SnowMedallion.Testing.Snowflake.Engine;

namespace SnowMedallion.Testing.Snowflake.Pipes;

/// <summary>
/// Pipe functions for the generic SQL path: <c>SYSTEM$PIPE_STATUS('pipe')</c> (through the translator's
/// <c>ResolveFunction</c>) and <c>TABLE(INFORMATION_SCHEMA.COPY_HISTORY(...))</c> (through <c>ResolveTableFunction</c>).
/// </summary>
internal static class PipeHooks
{
    /// <summary>COPY_HISTORY's columns and DuckDB types, in Snowflake's order.</summary>
    public static readonly IReadOnlyList<(string Name, string Type)> CopyHistoryColumns =
    [
        ("FILE_NAME", "VARCHAR"), ("STAGE_LOCATION", "VARCHAR"), ("LAST_LOAD_TIME", "TIMESTAMPTZ"), ("ROW_COUNT", "BIGINT"),
        ("ROW_PARSED", "BIGINT"), ("FILE_SIZE", "BIGINT"), ("FIRST_ERROR_MESSAGE", "VARCHAR"), ("FIRST_ERROR_LINE_NUMBER", "BIGINT"),
        ("FIRST_ERROR_CHARACTER_POS", "BIGINT"), ("FIRST_ERROR_COLUMN_NAME", "VARCHAR"), ("ERROR_COUNT", "BIGINT"), ("ERROR_LIMIT", "BIGINT"),
        ("STATUS", "VARCHAR"), ("TABLE_CATALOG_NAME", "VARCHAR"), ("TABLE_SCHEMA_NAME", "VARCHAR"), ("TABLE_NAME", "VARCHAR"),
        ("PIPE_CATALOG_NAME", "VARCHAR"), ("PIPE_SCHEMA_NAME", "VARCHAR"), ("PIPE_NAME", "VARCHAR"), ("PIPE_RECEIVED_TIME", "TIMESTAMPTZ"),
        ("FIRST_COMMIT_TIME", "TIMESTAMPTZ"),
    ];

    /// <summary>For <c>TranslationScope.ResolveFunction</c>: SYSTEM$PIPE_STATUS('[db.][schema.]pipe') as a JSON string literal.</summary>
    /// <remarks>https://docs.snowflake.com/en/sql-reference/functions/system_pipe_status</remarks>
    public static string? ResolveFunction(Session session, string name, IReadOnlyList<IReadOnlyList<SqlToken>> arguments)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(arguments);
        if (!string.Equals(name, "SYSTEM$PIPE_STATUS", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (arguments.Count != 1 || arguments[0].Count != 1 || arguments[0][0].Kind != SqlTokenKind.String)
        {
            throw new LocalSnowflakeException(1044, "42P13",
                "SQL compilation error: Invalid argument types for function 'SYSTEM$PIPE_STATUS': expects one string literal, the pipe name, e.g. SYSTEM$PIPE_STATUS('DB.SCHEMA.PIPE').");
        }

        return Literal(Status(session, arguments[0][0].Value));
    }

    /// <summary>SYSTEM$PIPE_STATUS for a pipe name as written in the string argument.</summary>
    public static string Status(Session session, string pipeName)
    {
        ArgumentNullException.ThrowIfNull(session);
        var path = Resolve(session, Streams.StreamHooks.SplitName(pipeName));
        var pipe = session.Engine.Catalog.Objects<PipeDefinition>(PipeDefinition.Kind).Get(path);
        return PipeService.For(session.Engine).StatusJson(pipe);
    }

    /// <summary>
    /// For <c>TranslationScope.ResolveTableFunction</c>: <c>[db.]INFORMATION_SCHEMA.COPY_HISTORY(TABLE_NAME =&gt; '...',
    /// START_TIME =&gt; expr [, END_TIME =&gt; expr] [, PIPE_NAME =&gt; '...'])</c> as a DuckDB subquery over the load history
    /// (bulk COPY and pipes) of the last 14 days. <paramref name="translateExpression"/> turns START_TIME / END_TIME
    /// into DuckDB SQL (the translator's <c>TranslateExpression</c>).
    /// </summary>
    /// <remarks>https://docs.snowflake.com/en/sql-reference/functions/copy_history</remarks>
    public static string? ResolveTableFunction(
        Session session,
        string name,
        IReadOnlyList<IReadOnlyList<SqlToken>> arguments,
        Func<IReadOnlyList<SqlToken>, string> translateExpression)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(translateExpression);
        var upper = name.ToUpperInvariant();
        if (upper != "COPY_HISTORY" && !upper.EndsWith("INFORMATION_SCHEMA.COPY_HISTORY", StringComparison.Ordinal))
        {
            return null;
        }

        var named = new Dictionary<string, IReadOnlyList<SqlToken>>(StringComparer.OrdinalIgnoreCase);
        foreach (var argument in arguments)
        {
            if (argument.Count < 3 || !argument[0].IsIdentifier || !argument[1].IsSymbol("=>"))
            {
                throw new LocalSnowflakeException(1044, "42P13",
                    "SQL compilation error: COPY_HISTORY takes named arguments: TABLE_NAME => '<table>', START_TIME => <timestamp> [, END_TIME => <timestamp>] [, PIPE_NAME => '<pipe>'].");
            }

            named[argument[0].Value] = [.. argument.Skip(2)];
        }

        if (!named.TryGetValue("TABLE_NAME", out var tableArgument) || tableArgument.Count != 1 || tableArgument[0].Kind != SqlTokenKind.String ||
            !named.TryGetValue("START_TIME", out var startArgument))
        {
            throw new LocalSnowflakeException(1044, "42P13",
                "SQL compilation error: COPY_HISTORY needs TABLE_NAME => '<table>' and START_TIME => <timestamp>.");
        }

        foreach (var key in named.Keys.Where(k => k.ToUpperInvariant() is not ("TABLE_NAME" or "START_TIME" or "END_TIME" or "PIPE_NAME")))
        {
            throw LocalSnowflakeException.Unsupported("COPY_HISTORY argument " + key);
        }

        // "the session must have an INFORMATION_SCHEMA schema in use or the function name must be fully-qualified"
        // (https://docs.snowflake.com/en/sql-reference/functions/copy_history , usage notes): <db>.INFORMATION_SCHEMA.COPY_HISTORY
        // names the database whose tables (and pipes) it reports on.
        var qualifier = Streams.StreamHooks.SplitName(name);
        var database = qualifier.Count == 3 ? qualifier[0] : null;
        var table = Resolve(session, Streams.StreamHooks.SplitName(tableArgument[0].Value), database);
        string? pipe = null;
        if (named.TryGetValue("PIPE_NAME", out var pipeArgument))
        {
            if (pipeArgument.Count != 1 || pipeArgument[0].Kind != SqlTokenKind.String)
            {
                throw new LocalSnowflakeException(1044, "42P13", "SQL compilation error: COPY_HISTORY's PIPE_NAME must be a string literal.");
            }

            pipe = Resolve(session, Streams.StreamHooks.SplitName(pipeArgument[0].Value), database).ToString();
        }

        var now = session.Engine.Time.GetUtcNow();
        var pipes = session.Engine.Catalog.Objects<PipeDefinition>(PipeDefinition.Kind);
        var records = session.Engine.LoadHistory.ForTable(table)
            .Where(r => r.LastLoadTime > now - PipeService.LoadHistoryRetention && (pipe is null || r.Pipe == pipe) && !PipeHistoryDropped(pipes, r))
            .ToList();
        var sql = new StringBuilder("SELECT * FROM (");
        sql.Append(Rows(records));
        sql.Append(") h WHERE LAST_LOAD_TIME >= CAST((").Append(translateExpression(startArgument)).Append(") AS TIMESTAMPTZ)");
        if (named.TryGetValue("END_TIME", out var endArgument))
        {
            sql.Append(" AND LAST_LOAD_TIME <= CAST((").Append(translateExpression(endArgument)).Append(") AS TIMESTAMPTZ)");
        }

        return sql.Append(" ORDER BY LAST_LOAD_TIME").ToString();
    }

    /// <summary>COPY_HISTORY STATUS text for a COPY status (LOADED, LOAD_FAILED, PARTIALLY_LOADED).</summary>
    public static string StatusText(string copyStatus) => copyStatus switch
    {
        "LOADED" => "Loaded",
        "LOAD_FAILED" => "Load failed",
        "PARTIALLY_LOADED" => "Partially loaded",
        _ => copyStatus,
    };

    /// <summary>
    /// "Dropping or recreating a pipe object drops the historical data for Snowpipe data loads using the pipe."
    /// (https://docs.snowflake.com/en/sql-reference/functions/copy_history , usage notes).
    /// </summary>
    private static bool PipeHistoryDropped(Engine.Catalog.SchemaObjectStore<PipeDefinition> pipes, LoadRecord record)
    {
        if (record.Pipe is null)
        {
            return false;
        }

        var parts = Streams.StreamHooks.SplitName(record.Pipe);
        return parts.Count != 3 || pipes.Find(new ObjectPath(parts[0], parts[1], parts[2])) is not { } current || record.LastLoadTime < current.CreatedOn;
    }

    private static string Rows(IReadOnlyList<LoadRecord> records)
    {
        var columns = CopyHistoryColumns;
        if (records.Count == 0)
        {
            return "SELECT " + string.Join(", ", columns.Select(c => "CAST(NULL AS " + c.Type + ") AS " + c.Name)) + " WHERE FALSE";
        }

        var sql = new StringBuilder("SELECT * FROM (VALUES ");
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            var pipe = r.Pipe is null ? null : Streams.StreamHooks.SplitName(r.Pipe);
            object?[] values =
            [
                r.FileName, r.StageLocation, r.LastLoadTime, r.RowsLoaded, r.RowsParsed, r.FileSize, r.FirstError, r.FirstErrorLine,
                r.FirstErrorCharacter, r.FirstErrorColumnName, r.ErrorCount, r.ErrorLimit, StatusText(r.Status), r.Table.Database, r.Table.Schema,
                r.Table.Name, pipe?[0], pipe?[1], pipe?[2], r.Pipe is null ? null : r.PipeReceivedTime ?? r.LastLoadTime, r.LastLoadTime,
            ];
            sql.Append(i == 0 ? "(" : ", (");
            sql.Append(string.Join(", ", values.Select((v, c) => "CAST(" + Value(v) + " AS " + columns[c].Type + ")")));
            sql.Append(')');
        }

        return sql.Append(") v(").Append(string.Join(", ", columns.Select(c => c.Name))).Append(')').ToString();
    }

    private static string Value(object? value) => value switch
    {
        null => "NULL",
        string s => Literal(s),
        DateTimeOffset t => "'" + t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "+00'",
        long n => n.ToString(CultureInfo.InvariantCulture),
        _ => Literal(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty),
    };

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static ObjectPath Resolve(Session session, IReadOnlyList<string> parts, string? database = null) => parts.Count switch
    {
        3 => new ObjectPath(parts[0], parts[1], parts[2]),
        2 => new ObjectPath(database ?? session.Database ?? throw SnowflakeErrors.NoCurrentDatabase("COPY_HISTORY"), parts[0], parts[1]),
        1 => new ObjectPath(
            database ?? session.Database ?? throw SnowflakeErrors.NoCurrentDatabase("COPY_HISTORY"),
            session.Schema ?? throw SnowflakeErrors.NoCurrentSchema("COPY_HISTORY"),
            parts[0]),
        _ => throw new LocalSnowflakeException(2003, "02000", "SQL compilation error:\nObject '" + string.Join('.', parts) + "' does not exist or not authorized."),
    };
}
