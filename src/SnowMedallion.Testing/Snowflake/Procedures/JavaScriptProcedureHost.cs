using System.Globalization;
using System.Text.RegularExpressions;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace SnowMedallion.Testing.Snowflake.Procedures;

/// <summary>
/// Runs a LANGUAGE JAVASCRIPT procedure body on Jint, the way Snowflake runs it
/// (https://docs.snowflake.com/en/developer-guide/stored-procedure/stored-procedures-javascript):
/// arguments are globals under their stored (upper-case) names, the <c>snowflake</c> object runs SQL in
/// the caller's session, statement failures are catchable JS errors with <c>code</c>, <c>state</c>,
/// <c>message</c> and <c>stackTraceTxt</c>, and the return value is cast to the declared return type.
/// </summary>
internal sealed partial class JavaScriptProcedureHost
{
    private const string BodySourceName = "procedure-body";
    private const string BodyPrefix = "(function () {";

    // Parsed bodies by text: a CALL reuses the parse (Jint's prepared scripts are immutable and shared by engines).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Prepared<Acornima.Ast.Script>> Parsed = new(StringComparer.Ordinal);

    private static readonly Lazy<Prepared<Acornima.Ast.Script>> PreludeScript =
        new(() => Jint.Engine.PrepareScript(SnowflakeApiPrelude.Script, SnowflakeApiPrelude.SourceName));

    private readonly ProcedureLimits _limits;
    private readonly Action<string, string, string>? _log;

    /// <summary>Creates a host.</summary>
    /// <param name="limits">Run-time, statement and memory limits per call.</param>
    /// <param name="log">Receives <c>snowflake.log(level, message)</c> calls as (procedure, level, message), if set.</param>
    public JavaScriptProcedureHost(ProcedureLimits? limits = null, Action<string, string, string>? log = null)
    {
        _limits = limits ?? ProcedureLimits.Default;
        _log = log;
    }

    /// <summary>Calls a procedure.</summary>
    /// <param name="definition">The procedure (LANGUAGE JAVASCRIPT).</param>
    /// <param name="displayName">The name errors show (Snowflake shows the procedure's simple name).</param>
    /// <param name="arguments">One value per declared parameter, already evaluated.</param>
    /// <param name="session">The caller's session.</param>
    /// <param name="cancellationToken">Cancels the call (it fails with 000604).</param>
    /// <returns>The CALL result: one row, one column named after the procedure.</returns>
    /// <exception cref="LocalSnowflakeException">The call failed, with Snowflake's code and message.</exception>
    public LocalResult Call(
        ProcedureDefinition definition,
        string displayName,
        IReadOnlyList<object?> arguments,
        IProcedureSqlSession session,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(session);
        if (arguments.Count != definition.Parameters.Count)
        {
            throw new LocalSnowflakeException(1044, "42P13", string.Create(CultureInfo.InvariantCulture,
                $"SQL compilation error:\nInvalid argument types for function '{displayName}': {definition.Name} takes {definition.Parameters.Count} argument(s), the call passed {arguments.Count}."));
        }

        if (definition.NullInputBehavior == "RETURNS NULL ON NULL INPUT" && arguments.Any(a => a is null or DBNull))
        {
            return ProcedureValues.CallResult(definition, null);
        }

        var context = new CallContext(definition, displayName, session);
        var engine = context.Engine = CreateEngine(cancellationToken);
        try
        {
            for (var i = 0; i < arguments.Count; i++)
            {
                var parameter = definition.Parameters[i];
                var value = ProcedureValues.CoerceArgument(arguments[i], parameter, displayName);
                engine.SetValue(parameter.Name, ProcedureValues.ToJs(engine, value, SqlTypes.Categorize(parameter.DataType)));
            }

            var factory = engine.Evaluate(PreludeScript.Value);
            var natives = CreateNatives(context);
            engine.SetValue("snowflake", engine.Invoke(factory, natives));
            context.SfDate = natives.Get("sfDate");

            JsValue function;
            try
            {
                function = engine.Evaluate(Prepare(definition.Body));
            }
            catch (Exception ex) when (ex is not JavaScriptException || IsSyntaxError(((JavaScriptException)ex).Error))
            {
                throw new LocalSnowflakeException(100131, "P0000",
                    $"JavaScript compilation error: Uncaught {ex.Message} in {displayName}", ex);
            }

            var result = engine.Invoke(function);
            return ProcedureValues.CallResult(definition, ProcedureValues.FromReturn(engine, result, definition, displayName));
        }
        catch (JavaScriptException ex)
        {
            throw context.Uncaught(ex);
        }
        catch (TimeoutException ex)
        {
            throw new LocalSnowflakeException(630, "57014", string.Create(CultureInfo.InvariantCulture,
                $"Statement reached its statement or warehouse timeout of {(long)_limits.Timeout.TotalSeconds} second(s) and was canceled."), ex);
        }
        catch (OperationCanceledException ex)
        {
            throw new LocalSnowflakeException(604, "57014", "SQL execution canceled", ex);
        }
        catch (MemoryLimitExceededException ex)
        {
            throw new LocalSnowflakeException(100132, "P0000",
                $"JavaScript out of memory error: procedure {displayName} allocated more than {_limits.MemoryLimitBytes} bytes: hold less data in JavaScript (let SQL do the work) or raise the procedure memory limit.", ex);
        }
        catch (StatementsCountOverflowException ex)
        {
            throw new LocalSnowflakeException(100132, "P0000",
                $"JavaScript execution error: procedure {displayName} ran more than {_limits.MaxStatements} JavaScript statements: look for an endless loop or raise the procedure statement limit.", ex);
        }
    }

    /// <summary>
    /// Parses a JavaScript body once (CREATE PROCEDURE calls this, so the first CALL, often a task's nightly run, does
    /// not pay for parsing). Throws the parser's error for invalid JavaScript; CALL reports it as Snowflake does.
    /// </summary>
    public static Prepared<Acornima.Ast.Script> Prepare(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (Parsed.TryGetValue(body, out var prepared))
        {
            return prepared;
        }

        if (Parsed.Count >= 512)
        {
            Parsed.Clear();
        }

        prepared = Jint.Engine.PrepareScript(BodyPrefix + body + "\n})", BodySourceName);
        _ = PreludeScript.Value;
        return Parsed.GetOrAdd(body, prepared);
    }

    private Jint.Engine CreateEngine(CancellationToken cancellationToken)
    {
        return new Jint.Engine(options =>
        {
            options.CatchClrExceptions(ex => ex is not (JavaScriptException or OperationCanceledException or TimeoutException));
            options.TimeoutInterval(_limits.Timeout);
            options.CancellationToken(cancellationToken);
            options.TimeZone = TimeZoneInfo.Utc;
            options.Culture = CultureInfo.InvariantCulture;
            if (_limits.MaxStatements is { } max)
            {
                options.MaxStatements(max);
            }

            if (_limits.MemoryLimitBytes is { } bytes)
            {
                options.LimitMemory(bytes);
            }
        });
    }

    private static bool IsSyntaxError(JsValue error) =>
        error is ObjectInstance o && o.Get("name") is JsString name && name.ToString() == "SyntaxError";

    private ObjectInstance CreateNatives(CallContext context)
    {
        var engine = context.Engine!;
        var natives = new JsObject(engine);
        natives.FastSetDataProperty("exec", new ClrFunction(engine, "exec", (_, args) => context.Exec(args)));
        natives.FastSetDataProperty("value", new ClrFunction(engine, "value", (_, args) => context.Value(args, asText: false)));
        natives.FastSetDataProperty("text", new ClrFunction(engine, "text", (_, args) => context.Value(args, asText: true)));
        natives.FastSetDataProperty("log", new ClrFunction(engine, "log", (_, args) =>
        {
            _log?.Invoke(context.DisplayName, args.At(0).ToString(), args.At(1).ToString());
            return JsValue.Undefined;
        }));
        return natives;
    }

    [GeneratedRegex(@"\((?<source>[^():]+):(?<line>\d+):(?<column>\d+)\)|at (?<source>[^():\s]+):(?<line>\d+):(?<column>\d+)")]
    private static partial Regex StackFrame();

    /// <summary>Everything one call needs: the engine, the caller's session, the results it holds.</summary>
    private sealed class CallContext
    {
        private readonly List<LocalResult> _results = [];
        private readonly HashSet<ObjectInstance> _sqlErrors = new(ReferenceEqualityComparer.Instance);
        private readonly IProcedureSqlSession _session;

        public CallContext(ProcedureDefinition definition, string displayName, IProcedureSqlSession session)
        {
            Definition = definition;
            DisplayName = displayName;
            _session = session;
        }

        public Jint.Engine? Engine { get; set; }

        /// <summary>The prelude's SfDate factory: <c>(epochMilliseconds, nanoseconds, scale, timezoneMinutes)</c>.</summary>
        public JsValue SfDate { get; set; } = JsValue.Undefined;

        public ProcedureDefinition Definition { get; }

        public string DisplayName { get; }

        public JsValue Exec(JsValue[] args)
        {
            var engine = Engine!;
            var sqlText = args.At(0).ToString();
            var origin = args.At(2).ToString();
            var binds = new List<object?>();
            if (args.At(1) is JsArray array)
            {
                for (uint i = 0; i < array.Length; i++)
                {
                    binds.Add(ProcedureValues.FromBind(engine, array[i], (int)i + 1));
                }
            }

            ProcedureStatementResult outcome;
            try
            {
                outcome = _session.Execute(sqlText, binds);
            }
            catch (LocalSnowflakeException ex)
            {
                throw new JavaScriptException(SqlError(ex.SnowflakeErrorCode, ex.SqlState ?? "P0000", ex.Message, origin));
            }

            var handle = _results.Count;
            _results.Add(outcome.Result);
            return ProcedureValues.ResultInfo(engine, handle, outcome);
        }

        public JsValue Value(JsValue[] args, bool asText)
        {
            var result = _results[(int)TypeConverter.ToNumber(args.At(0))];
            var row = result.Rows[(int)TypeConverter.ToNumber(args.At(1))];
            var column = (int)TypeConverter.ToNumber(args.At(2));
            var value = row[column];
            var type = result.Columns[column].SnowflakeType;
            if (asText)
            {
                return ProcedureValues.ToSnowflakeString(value, type) is { } text ? new JsString(text) : JsValue.Null;
            }

            var category = SqlTypes.Categorize(type);
            if (category == SqlTypeCategory.Timestamp && ProcedureValues.SfDateParts(value, type) is { } parts)
            {
                // https://docs.snowflake.com/en/developer-guide/stored-procedure/stored-procedures-api#object-sfdate
                return Engine!.Invoke(SfDate, parts.EpochMilliseconds, parts.Nanoseconds, parts.Scale, parts.TimezoneMinutes);
            }

            return ProcedureValues.ToJs(Engine!, value, category);
        }

        /// <summary>A JS Error carrying Snowflake's code, state, message and stackTraceTxt.</summary>
        private ObjectInstance SqlError(int code, string state, string message, string origin)
        {
            var engine = Engine!;
            var (line, column) = CurrentBodyPosition();
            var error = engine.Intrinsics.Error.Construct(message);
            error.Set("code", code);
            error.Set("state", state);
            error.Set("message", message);
            error.Set("stackTraceTxt", string.Create(CultureInfo.InvariantCulture, $"At {origin}, line {line} position {column}"));
            _sqlErrors.Add(error);
            return error;
        }

        /// <summary>Where the body currently is (1-based line, 0-based position), from Jint's stack.</summary>
        private (int Line, int Column) CurrentBodyPosition()
        {
            foreach (Match match in StackFrame().Matches(Engine!.Advanced.StackTrace))
            {
                if (match.Groups["source"].Value == BodySourceName)
                {
                    var line = int.Parse(match.Groups["line"].Value, CultureInfo.InvariantCulture);
                    var column = int.Parse(match.Groups["column"].Value, CultureInfo.InvariantCulture) - 1;
                    column = line == 1 ? Math.Max(0, column - BodyPrefix.Length) : column;

                    // Jint points at the start of the call expression; Snowflake at the execute member.
                    var text = BodyLine(line);
                    var member = column < text.Length ? text.IndexOf("execute", column, StringComparison.Ordinal) : -1;
                    return (line, member >= 0 ? member : column);
                }
            }

            return (1, 0);
        }

        private string BodyLine(int line)
        {
            var lines = Definition.Body.Split('\n');
            return line >= 1 && line <= lines.Length ? lines[line - 1].TrimEnd('\r') : string.Empty;
        }

        /// <summary>The CALL's error for an uncaught JS throw, in Snowflake's two shapes.</summary>
        public LocalSnowflakeException Uncaught(JavaScriptException ex)
        {
            var error = ex.Error;
            if (error is ObjectInstance errorObject && _sqlErrors.Contains(errorObject))
            {
                // A statement's own error nobody caught (or that was rethrown): 100183.
                var message = errorObject.Get("message").ToString();
                var trace = errorObject.Get("stackTraceTxt").ToString();
                return new LocalSnowflakeException(100183, "P0000", $"Execution error in store procedure {DisplayName}:\n{message}\n{trace}", ex);
            }

            var line = ex.Location.Start.Line;
            var column = ex.Location.Start.Column;
            if (line == 1)
            {
                column = Math.Max(0, column - BodyPrefix.Length);
            }

            var sourceLine = BodyLine(line);

            // Jint locates a throw at its operand; Snowflake quotes the throw statement's position.
            var before = sourceLine[..Math.Min(column, sourceLine.Length)].TrimEnd();
            if (before.EndsWith("throw", StringComparison.Ordinal))
            {
                column = before.Length - "throw".Length;
            }

            var text = error is ObjectInstance o && o.Get("name") is JsString
                ? TypeConverter.ToString(error)
                : error.IsNull() || error.IsUndefined() ? error.ToString() : TypeConverter.ToString(error);
            return new LocalSnowflakeException(100132, "P0000", string.Create(CultureInfo.InvariantCulture,
                $"JavaScript execution error: Uncaught {text} in {DisplayName} at '{sourceLine}' position {column}\nstackstrace: \n{DisplayName} line: {line}"), ex);
        }
    }
}
