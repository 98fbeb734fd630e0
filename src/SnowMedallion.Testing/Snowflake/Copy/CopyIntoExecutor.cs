using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using SnowMedallion.Sql.Lexing;
using SnowMedallion.Testing.Snowflake.Engine;
using SnowMedallion.Testing.Snowflake.Stages;

namespace SnowMedallion.Testing.Snowflake.Copy;

/// <summary>
/// The COPY INTO &lt;table&gt; service, shared by bulk COPY and Snowpipe.
/// </summary>
/// <remarks>
/// <para>Signature: <c>IReadOnlyList&lt;FileLoadResult&gt; Execute(Session session, CopyRequest request)</c> loads the
/// request's files into its table in the session's transaction (or its own when the session has none),
/// records one <see cref="LoadRecord"/> per processed file in <see cref="SnowflakeEngine.LoadHistory"/>
/// (with <see cref="CopyRequest.Pipe"/>), purges loaded files when asked, and returns one result per
/// processed file (empty when every file was already loaded: render with <see cref="ToResult"/>).
/// ON_ERROR = ABORT_STATEMENT throws <see cref="LocalSnowflakeException"/> with Snowflake's message and
/// loads nothing. Pass <see cref="OnErrorMode.SkipFile"/> for Snowpipe.</para>
/// <para>Files are read by DuckDB's CSV reader (read_csv with explicit options), never row by row. The
/// fast path is one INSERT ... SELECT per file; when it fails (a bad row) or the session is inside an
/// explicit transaction, the careful path reads every field as text with NULL padding, finds the bad
/// rows in SQL (column count, conversions with TRY_CAST, NOT NULL) and inserts the others.</para>
/// </remarks>
internal sealed class CopyIntoExecutor
{
    private const string NoNull = "\u0001";
    private readonly SnowflakeEngine _engine;

    public CopyIntoExecutor(SnowflakeEngine engine) => _engine = engine;

    /// <summary>Loads the request's files; see the class remarks.</summary>
    public IReadOnlyList<FileLoadResult> Execute(Session session, CopyRequest request)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(request);
        var table = TargetTable.Load(session, request.Table);
        var targets = request.TargetColumns is null
            ? table.Columns
            : [.. request.TargetColumns.Select(c => table.Columns.FirstOrDefault(tc => tc.Name == c)
                ?? throw new LocalSnowflakeException(904, "42000", $"SQL compilation error: error line 0 at position -1\ninvalid identifier '{c}'"))];
        var expressionCount = request.Transform?.Expressions.Count ?? targets.Count;
        if (expressionCount != targets.Count)
        {
            throw new LocalSnowflakeException(2020, "21S01", $"SQL compilation error:\nInsert value list does not match column list expecting {targets.Count} but got {expressionCount}");
        }

        var files = SelectFiles(request);
        var toLoad = request.Force
            ? files
            : [.. files.Where(f => !_engine.LoadHistory.WasLoaded(request.Table, request.Source.Display, f.RelativePath, f.Md5, request.Pipe))];
        if (toLoad.Count == 0)
        {
            return [];
        }

        var scope = TranslationHooks.Scope(session);
        Translation.GenericSqlExecutor.EnsureTimeZone(session.Connection, scope.TimeZone);
        var plan = new LoadPlan(scope, request, table, targets, scope.Now);
        List<(StagedFile File, FileLoadResult Result)> results;
        if (session.InTransaction)
        {
            results = Careful(session, plan, toLoad);
        }
        else
        {
            results = Fast(session, plan, toLoad) ?? session.Atomically(() => Careful(session, plan, toLoad));
        }

        var now = _engine.Time.GetUtcNow();
        foreach (var (file, result) in results)
        {
            _engine.LoadHistory.Add(new LoadRecord(
                request.Table, request.Pipe, request.Source.Display, file.RelativePath, file.Md5, file.Size, now, result.Status,
                result.RowsParsed, result.RowsLoaded, result.ErrorsSeen, result.ErrorLimit, result.FirstError, result.FirstErrorLine,
                result.FirstErrorCharacter, result.FirstErrorColumnName)
            {
                PipeReceivedTime = request.PipeReceivedAt?.GetValueOrDefault(file.RelativePath),
            });
            if (request.Purge && result.Status == "LOADED")
            {
                request.Source.Storage.Delete(file);
            }
        }

        return [.. results.Select(r => r.Result)];
    }

    /// <summary>COPY's result set: one row per file, or the 0-files status row.</summary>
    public static LocalResult ToResult(IReadOnlyList<FileLoadResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            return LocalResult.Status("Copy executed with 0 files processed.");
        }

        LocalColumn[] columns =
        [
            new("file", "TEXT", typeof(string)), new("status", "TEXT", typeof(string)), new("rows_parsed", "NUMBER(38,0)", typeof(long)),
            new("rows_loaded", "NUMBER(38,0)", typeof(long)), new("error_limit", "NUMBER(38,0)", typeof(long)), new("errors_seen", "NUMBER(38,0)", typeof(long)),
            new("first_error", "TEXT", typeof(string)), new("first_error_line", "NUMBER(38,0)", typeof(long)),
            new("first_error_character", "NUMBER(38,0)", typeof(long)), new("first_error_column_name", "TEXT", typeof(string)),
        ];
        var rows = results.Select(r => new object?[]
        {
            r.File, r.Status, r.RowsParsed, r.RowsLoaded, r.ErrorLimit, r.ErrorsSeen, r.FirstError, r.FirstErrorLine, r.FirstErrorCharacter, r.FirstErrorColumnName,
        }).ToList();
        return new LocalResult(columns, rows, results.Sum(r => r.RowsLoaded));
    }

    private static List<StagedFile> SelectFiles(CopyRequest request)
    {
        var files = request.Source.ListFiles().Where(f => !f.RelativePath.EndsWith('/')).ToList();
        if (request.Files is { } names)
        {
            var prefix = request.Source.Path.Length == 0 || request.Source.Path.EndsWith('/') ? request.Source.Path : request.Source.Path + "/";
            var wanted = names.Select(n => prefix + n.TrimStart('/')).ToHashSet(StringComparer.Ordinal);
            files = [.. files.Where(f => wanted.Contains(f.RelativePath) || names.Contains(f.RelativePath))];
        }

        if (request.Pattern is { } pattern)
        {
            var regex = new Regex("^(?:" + pattern + ")$", RegexOptions.CultureInvariant | RegexOptions.Singleline);
            files = [.. files.Where(f => regex.IsMatch(f.RelativePath))];
        }

        return files;
    }

    // One INSERT per file in one transaction; null when any file fails (the caller then takes the careful path).
    private static List<(StagedFile, FileLoadResult)>? Fast(Session session, LoadPlan plan, IReadOnlyList<StagedFile> files)
    {
        var results = new List<(StagedFile, FileLoadResult)>();
        DuckDbResults.Execute(session.Connection, "BEGIN TRANSACTION");
        try
        {
            foreach (var file in files)
            {
                var path = plan.Request.Source.Storage.LocalPath(file);
                try
                {
                    var loaded = DuckDbResults.Execute(session.Connection, plan.FastInsert(file, path));
                    results.Add((file, new FileLoadResult(plan.DisplayName(file), "LOADED", loaded, loaded, plan.Request.OnError.ErrorLimit(loaded), 0, null, null, null, null)));
                }
                finally
                {
                    plan.Request.Source.Storage.Release(path);
                }
            }

            DuckDbResults.Execute(session.Connection, "COMMIT");
            return results;
        }
        catch (DuckDBException)
        {
            DuckDbResults.Execute(session.Connection, "ROLLBACK");
            return null;
        }
    }

    private static List<(StagedFile, FileLoadResult)> Careful(Session session, LoadPlan plan, IReadOnlyList<StagedFile> files)
    {
        // Analyse every file first (no writes), so ABORT_STATEMENT can fail before anything is inserted.
        var analyses = new List<(StagedFile File, string Path, FileAnalysis Analysis)>();
        try
        {
            foreach (var file in files)
            {
                var path = plan.Request.Source.Storage.LocalPath(file);
                analyses.Add((file, path, plan.Analyse(session, file, path)));
                var analysis = analyses[^1].Analysis;
                if (plan.Request.OnError.Kind == OnErrorKind.AbortStatement && analysis.Errors > 0)
                {
                    throw analysis.AbortError(plan, file);
                }
            }

            var results = new List<(StagedFile, FileLoadResult)>();
            foreach (var (file, path, analysis) in analyses)
            {
                var onError = plan.Request.OnError;
                var limit = onError.ErrorLimit(analysis.Rows);
                long loaded = 0;
                string status;
                if (onError.SkipsFile(analysis.Errors, analysis.Rows))
                {
                    status = "LOAD_FAILED";
                }
                else
                {
                    loaded = DuckDbResults.Execute(session.Connection, plan.CarefulInsert(file, path));
                    status = analysis.Errors == 0 ? "LOADED" : loaded == 0 ? "LOAD_FAILED" : "PARTIALLY_LOADED";
                }

                results.Add((file, new FileLoadResult(
                    plan.DisplayName(file), status, analysis.Rows, loaded, limit, analysis.Errors, analysis.FirstError, analysis.FirstErrorLine,
                    analysis.FirstErrorCharacter, analysis.FirstErrorColumn)));
            }

            return results;
        }
        finally
        {
            foreach (var (_, path, _) in analyses)
            {
                plan.Request.Source.Storage.Release(path);
            }
        }
    }

    /// <summary>A target table's columns as DuckDB reports them.</summary>
    internal sealed record TargetTable(ObjectPath Path, IReadOnlyList<TargetColumn> Columns)
    {
        public static TargetTable Load(Session session, ObjectPath path)
        {
            var rows = DuckDbResults.Query(
                session.Connection,
                $"SELECT column_name, data_type, is_nullable FROM duckdb_columns() WHERE database_name = {DuckDbResults.Literal(path.Database)} AND schema_name = {DuckDbResults.Literal(path.Schema)} AND table_name = {DuckDbResults.Literal(path.Name)} ORDER BY column_index").Rows;
            if (rows.Count == 0)
            {
                throw SnowflakeErrors.DoesNotExist("Table", path.ToString());
            }

            return new TargetTable(path, [.. rows.Select((r, i) => new TargetColumn((string)r[0]!, (string)r[1]!, r[2] is not false, i + 1))]);
        }
    }

    /// <summary>One target column.</summary>
    internal sealed record TargetColumn(string Name, string DuckType, bool Nullable, int Ordinal);

    /// <summary>What the careful path found in one file.</summary>
    internal sealed record FileAnalysis(
        long Rows,
        long Errors,
        string? FirstError,
        long? FirstErrorLine,
        long? FirstErrorCharacter,
        string? FirstErrorColumn,
        int ErrorCode,
        string SqlState,
        long FirstErrorRow)
    {
        public LocalSnowflakeException AbortError(LoadPlan plan, StagedFile file) =>
            new(
                ErrorCode,
                SqlState,
                $"{FirstError}\n  File '{file.RelativePath}', line {FirstErrorLine}, character {FirstErrorCharacter}\n  Row {FirstErrorRow}, column {FirstErrorColumn}\n" +
                "  If you would like to continue loading when an error is encountered, use other values such as 'SKIP_FILE' or 'CONTINUE' for the ON_ERROR option. " +
                "For more information on loading options, please run 'info loading_data' in a SQL client.");
    }

    /// <summary>SQL generation for one COPY: fast INSERT, careful analysis and INSERT.</summary>
    internal sealed class LoadPlan
    {
        private readonly Translation.TranslationScope _scope;
        private readonly DateTimeOffset _startScan;

        public LoadPlan(Translation.TranslationScope scope, CopyRequest request, TargetTable table, IReadOnlyList<TargetColumn> targets, DateTimeOffset startScan)
        {
            _scope = scope;
            Request = request;
            Table = table;
            Targets = targets;
            _startScan = startScan;
            IsJson = request.Format.Type == "JSON";
            if (!IsJson && request.Format.Type != "CSV")
            {
                throw LocalSnowflakeException.Unsupported($"COPY with TYPE = {request.Format.Type} (LocalSnowflake loads CSV and JSON)");
            }

            if (!IsJson && (request.Format.DateFormat != "AUTO" || request.Format.TimestampFormat != "AUTO"))
            {
                throw LocalSnowflakeException.Unsupported("DATE_FORMAT / TIMESTAMP_FORMAT other than AUTO in COPY");
            }

            Fields = IsJson ? 1 : request.Transform is { } t ? Math.Max(1, t.MaxPositional) : targets.Count;
            UsesRowNumber = request.Transform?.UsesRowNumber ?? false;
        }

        public CopyRequest Request { get; }

        public TargetTable Table { get; }

        public IReadOnlyList<TargetColumn> Targets { get; }

        public bool IsJson { get; }

        /// <summary>Number of file fields read ($1..$Fields).</summary>
        public int Fields { get; }

        public bool UsesRowNumber { get; }

        public string DisplayName(StagedFile file) => Request.Source.Display + file.RelativePath;

        /// <summary>The fast path: one INSERT ... SELECT; any bad row makes DuckDB throw.</summary>
        public string FastInsert(StagedFile file, string path)
        {
            var format = Request.Format;
            var nulls = format.NullIf.ToList();
            if (format.EmptyFieldAsNull)
            {
                nulls.Add(string.Empty);
            }

            string source;
            if (IsJson)
            {
                source = JsonSource(path);
            }
            else
            {
                var strict = format.ErrorOnColumnCountMismatch;
                var fieldList = string.Join(", ", Enumerable.Range(1, Fields).Select(i => format.TrimSpace ? $"trim(\"C{i}\") AS \"C{i}\"" : $"\"C{i}\""));
                var read = ReadCsv(path, Fields, strict ? "strict_mode = true" : "strict_mode = false, null_padding = true", nulls);
                source = $"SELECT {fieldList} FROM {read}";
                if (format.TrimSpace && nulls.Count > 0)
                {
                    // NULL_IF compares the trimmed value.
                    source = $"SELECT {string.Join(", ", Enumerable.Range(1, Fields).Select(i => $"CASE WHEN \"C{i}\" IN ({string.Join(", ", nulls.Select(DuckDbResults.Literal))}) THEN NULL ELSE \"C{i}\" END AS \"C{i}\""))} FROM ({source})";
                }
            }

            if (UsesRowNumber)
            {
                source = $"SELECT row_number() OVER () AS \"__RN\", * FROM ({source})";
            }

            var projections = Targets.Select((t, j) => $"CAST({Expression(j, file)} AS {t.DuckType})");
            return $"INSERT INTO {DuckDbResults.Quote(Table.Path)} ({string.Join(", ", Targets.Select(t => DuckDbResults.Quote(t.Name)))}) SELECT {string.Join(", ", projections)} FROM ({source}) AS \"__src\"";
        }

        /// <summary>Counts rows and finds errors (first error's details) without writing.</summary>
        public FileAnalysis Analyse(Session session, StagedFile file, string path)
        {
            var errorRelation = $"SELECT * FROM ({Checked(file, path)}) WHERE \"__err\" IS NOT NULL";
            var rows = Convert.ToInt64(DuckDbResults.Scalar(session.Connection, $"SELECT count(*) FROM ({Numbered(path)})"), CultureInfo.InvariantCulture);
            var errors = DuckDbResults.Query(session.Connection, $"SELECT count(*) OVER () AS \"__n\", * FROM ({errorRelation}) ORDER BY \"__RN\" LIMIT 1");
            if (errors.Rows.Count == 0)
            {
                return new FileAnalysis(rows, 0, null, null, null, null, 0, string.Empty, 0);
            }

            var row = errors.Rows[0];
            var names = errors.Columns.Select(c => c.Name).ToList();
            object? Get(string name) => row[names.IndexOf(name)];
            var count = Convert.ToInt64(Get("__n"), CultureInfo.InvariantCulture);
            var rn = Convert.ToInt64(Get("__RN"), CultureInfo.InvariantCulture);
            var error = (string)Get("__err")!;
            var line = rn + (IsJson ? 0 : Request.Format.SkipHeader);
            var kind = error.Split(':');
            if (kind[0] == "count")
            {
                var found = Convert.ToInt64(Get("__nf"), CultureInfo.InvariantCulture);
                var tableColumns = Request.Transform is null ? Targets.Count : Fields;
                return new FileAnalysis(
                    rows, count,
                    $"Number of columns in file ({found}) does not match that of the corresponding table ({tableColumns}), use file format option error_on_column_count_mismatch=false to ignore this error",
                    line, 1, $"\"{Table.Path.Name}\"[{found}]", 100080, "22000", rn);
            }

            var j = int.Parse(kind[1], CultureInfo.InvariantCulture);
            var target = Targets[j];
            var value = Get($"p{j}")?.ToString() ?? string.Empty;
            var field = FieldOf(j);
            long character = 1;
            if (field is { } f)
            {
                for (var i = 1; i < f; i++)
                {
                    character += (Get($"C{i}")?.ToString()?.Length ?? 0) + Request.Format.FieldDelimiter.Length;
                }
            }

            var column = $"\"{Table.Path.Name}\"[\"{target.Name}\":{target.Ordinal}]";
            if (kind[0] == "null")
            {
                return new FileAnalysis(rows, count, "NULL result in a non-nullable column", line, character, column, 100072, "22000", rn);
            }

            var (message, code, state) = ConversionError(target.DuckType, value);
            return new FileAnalysis(rows, count, message, line, character, column, code, state, rn);
        }

        /// <summary>The careful INSERT: good rows only.</summary>
        public string CarefulInsert(StagedFile file, string path)
        {
            var projections = Targets.Select((t, j) => $"CAST(\"p{j}\" AS {t.DuckType})");
            return $"INSERT INTO {DuckDbResults.Quote(Table.Path)} ({string.Join(", ", Targets.Select(t => DuckDbResults.Quote(t.Name)))}) " +
                $"SELECT {string.Join(", ", projections)} FROM ({Checked(file, path)}) WHERE \"__err\" IS NULL ORDER BY \"__RN\"";
        }

        private static (string Message, int Code, string State) ConversionError(string duckType, string value)
        {
            var type = duckType.ToUpperInvariant();
            if (type.StartsWith("DECIMAL", StringComparison.Ordinal) || type is "BIGINT" or "INTEGER" or "SMALLINT" or "TINYINT" or "HUGEINT" or "DOUBLE" or "FLOAT")
            {
                return ($"Numeric value '{value}' is not recognized", 100038, "22018");
            }

            if (type.StartsWith("TIMESTAMP", StringComparison.Ordinal))
            {
                return ($"Timestamp '{value}' is not recognized", 100035, "22007");
            }

            return type switch
            {
                "DATE" => ($"Date '{value}' is not recognized", 100040, "22007"),
                "TIME" => ($"Time '{value}' is not recognized", 100108, "22007"),
                "BOOLEAN" => ($"Boolean value '{value}' is not recognized", 100037, "22018"),
                "JSON" => ($"Error parsing JSON: {value}", 100069, "22P02"),
                _ => ($"Conversion error: '{value}' cannot be converted to {duckType}", 100040, "22018"),
            };
        }

        // Every row of the file with its number, raw fields c1..cN+1 (NULL = missing field) and field count.
        private string Numbered(string path)
        {
            if (IsJson)
            {
                return $"SELECT row_number() OVER () AS \"__RN\", 1 AS \"__nf\", * FROM ({JsonSource(path)})";
            }

            var count = string.Join(" + ", Enumerable.Range(1, Fields + 1).Select(i => $"(\"C{i}\" IS NOT NULL)::INTEGER"));
            return $"SELECT row_number() OVER () AS \"__RN\", {count} AS \"__nf\", * FROM {ReadCsv(path, Fields + 1, "strict_mode = false, null_padding = true", [NoNull])}";
        }

        // Numbered rows with NULL_IF applied (f1..fN), projections p0..pK-1 and the first error of each row (__err).
        private string Checked(StagedFile file, string path)
        {
            var format = Request.Format;
            var fields = Enumerable.Range(1, Fields).Select(i => $"{NullIf($"\"C{i}\"")} AS \"F{i}\"");
            var projected = Targets.Select((_, j) => $"{Expression(j, file, careful: true)} AS \"p{j}\"");
            var checks = new List<string>();
            if (!IsJson && format.ErrorOnColumnCountMismatch)
            {
                checks.Add(Request.Transform is null
                    ? $"WHEN \"__nf\" <> {Fields} THEN 'count'"
                    : $"WHEN \"__nf\" < {Fields} THEN 'count'");
            }

            for (var j = 0; j < Targets.Count; j++)
            {
                var target = Targets[j];
                if (!string.Equals(target.DuckType, "VARCHAR", StringComparison.OrdinalIgnoreCase))
                {
                    checks.Add($"WHEN \"p{j}\" IS NOT NULL AND TRY_CAST(\"p{j}\" AS {target.DuckType}) IS NULL THEN 'cast:{j}'");
                }

                if (!target.Nullable)
                {
                    checks.Add($"WHEN \"p{j}\" IS NULL THEN 'null:{j}'");
                }
            }

            var error = checks.Count == 0 ? "NULL::VARCHAR" : $"CASE {string.Join(' ', checks)} END";
            var inner = $"SELECT *, {string.Join(", ", fields)} FROM ({Numbered(path)})";
            var withProjections = $"SELECT *, {string.Join(", ", projected)} FROM ({inner})";
            return $"SELECT *, {error} AS \"__err\" FROM ({withProjections})";
        }

        private string NullIf(string column)
        {
            var format = Request.Format;
            var value = format.TrimSpace ? $"trim({column})" : column;
            var nulls = format.NullIf.ToList();
            if (format.EmptyFieldAsNull)
            {
                nulls.Add(string.Empty);
            }

            return IsJson || nulls.Count == 0 ? value : $"CASE WHEN {value} IN ({string.Join(", ", nulls.Select(DuckDbResults.Literal))}) THEN NULL ELSE {value} END";
        }

        private string ReadCsv(string path, int columns, string mode, IReadOnlyList<string> nulls)
        {
            var format = Request.Format;
            var quote = format.EnclosedBy ?? string.Empty;
            var escape = format.Escape ?? quote;
            var compression = format.Compression switch
            {
                "GZIP" => "gzip",
                "NONE" => "none",
                _ => "auto",
            };
            var encoding = format.Encoding.ToUpperInvariant().Replace("-", string.Empty, StringComparison.Ordinal) switch
            {
                "UTF8" => "utf-8",
                "ISO88591" or "LATIN1" or "WINDOWS1252" => "latin-1",
                "UTF16" => "utf-16",
                var other => throw LocalSnowflakeException.Unsupported($"ENCODING = '{other}'"),
            };
            var record = format.RecordDelimiter;
            var newline = record switch
            {
                "\n" or "\r\n" => string.Empty,
                "\r" => ", new_line = '\\r'",
                _ => throw LocalSnowflakeException.Unsupported($"RECORD_DELIMITER other than newline ('{record}')"),
            };
            var columnList = string.Join(", ", Enumerable.Range(1, columns).Select(i => $"'C{i}': 'VARCHAR'"));
            var nullList = string.Join(", ", nulls.Select(DuckDbResults.Literal));
            return $"read_csv({DuckDbResults.Literal(path)}, auto_detect = false, header = false, skip = {format.SkipHeader}, " +
                $"delim = {DuckDbResults.Literal(format.FieldDelimiter)}, quote = {DuckDbResults.Literal(quote)}, escape = {DuckDbResults.Literal(escape)}, " +
                $"columns = {{{columnList}}}, nullstr = [{nullList}], allow_quoted_nulls = true, compression = '{compression}', encoding = '{encoding}'{newline}, {mode})";
        }

        private string JsonSource(string path)
        {
            var format = Request.Format.StripOuterArray ? "array" : "auto";
            var compression = Request.Format.Compression switch { "GZIP" => "gzip", "NONE" => "none", _ => "auto_detect" };
            return $"SELECT \"json\" AS \"C1\", NULL::VARCHAR AS \"C2\" FROM read_json_objects({DuckDbResults.Literal(path)}, format = '{format}', compression = '{compression}')";
        }

        // The file field a target column reads directly ($k alone), for error positions.
        private int? FieldOf(int target)
        {
            if (Request.Transform is null)
            {
                return target + 1;
            }

            var tokens = Request.Transform.Expressions[target];
            return tokens.Count == 1 && tokens[0].Kind == Engine.Parsing.TokKind.Positional
                ? int.Parse(tokens[0].Value, CultureInfo.InvariantCulture)
                : null;
        }

        private string Expression(int target, StagedFile file, bool careful = false)
        {
            var prefix = careful ? "F" : "C";
            if (Request.Transform is null)
            {
                return $"\"{prefix}{target + 1}\"";
            }

            return CopyExpressions.Translate(Request.Transform.Expressions[target], new CopyExpressionContext(
                prefix,
                file.RelativePath,
                file.LastModified,
                _startScan,
                _scope));
        }
    }
}

/// <summary>Values the COPY transformation's METADATA$ columns resolve to, and the translation scope.</summary>
internal sealed record CopyExpressionContext(string FieldPrefix, string FileName, DateTimeOffset FileLastModified, DateTimeOffset StartScanTime, Translation.TranslationScope Scope);

/// <summary>
/// Rewrites the expressions of a COPY transformation for DuckDB: <c>$n</c> and <c>alias.$n</c> become the file's
/// field columns, METADATA$ columns become literals (or the row number column), and the rest goes through
/// the generic translator (functions, casts, CURRENT_TIMESTAMP from the session clock and time zone).
/// </summary>
internal static class CopyExpressions
{
    /// <summary>Translates one expression.</summary>
    public static string Translate(IReadOnlyList<Engine.Parsing.Tok> tokens, CopyExpressionContext context)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(context);
        var shared = new List<SqlToken>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.IsIdentifier && i + 2 < tokens.Count && tokens[i + 1].IsSymbol(".") && tokens[i + 2].Kind == Engine.Parsing.TokKind.Positional)
            {
                i += 1;
                continue;
            }

            if (token.Kind == Engine.Parsing.TokKind.Positional)
            {
                shared.Add(Identifier(context.FieldPrefix + token.Value, token));
            }
            else if (token.Is("METADATA$FILENAME"))
            {
                shared.Add(new SqlToken(SqlTokenKind.String, token.Text, context.FileName, token.Start, token.Length));
            }
            else if (token.Is("METADATA$FILE_ROW_NUMBER"))
            {
                shared.Add(Identifier("__RN", token));
            }
            else if (token.Is("METADATA$FILE_LAST_MODIFIED"))
            {
                shared.AddRange(TimestampLiteral(context.FileLastModified, "TIMESTAMP_NTZ", token));
            }
            else if (token.Is("METADATA$START_SCAN_TIME"))
            {
                shared.AddRange(TimestampLiteral(context.StartScanTime, "TIMESTAMP_LTZ", token));
            }
            else if (token.Kind == Engine.Parsing.TokKind.Word && token.Value.StartsWith("METADATA$", StringComparison.Ordinal))
            {
                throw LocalSnowflakeException.Unsupported(token.Value);
            }
            else
            {
                shared.Add(Engine.Parsing.EngineTokens.ToShared(token));
            }
        }

        return Translation.GenericSqlExecutor.TranslateExpression(shared, context.Scope);
    }

    private static SqlToken Identifier(string name, Engine.Parsing.Tok at) => new(SqlTokenKind.Identifier, name, name, at.Start, at.Length);

    private static SqlToken[] TimestampLiteral(DateTimeOffset value, string type, Engine.Parsing.Tok at)
    {
        var text = type == "TIMESTAMP_NTZ"
            ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)
            : value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);
        return
        [
            new SqlToken(SqlTokenKind.String, "'" + text + "'", text, at.Start, at.Length),
            new SqlToken(SqlTokenKind.Operator, "::", "::", at.Start, at.Length),
            new SqlToken(SqlTokenKind.Identifier, type, type, at.Start, at.Length),
        ];
    }
}
