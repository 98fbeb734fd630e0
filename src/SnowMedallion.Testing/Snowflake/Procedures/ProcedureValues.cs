using System.Globalization;
using System.Numerics;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Native.Object;
using Jint.Runtime;

namespace SnowMedallion.Testing.Snowflake.Procedures;

/// <summary>
/// Value mapping between Snowflake SQL and JavaScript, per Snowflake's SQL-JavaScript data type mapping
/// (https://docs.snowflake.com/en/developer-guide/udf-stored-procedure-data-type-mapping).
/// </summary>
internal static class ProcedureValues
{
    /// <summary>The hidden property the API prelude gives an SfDate (its nanoseconds, scale and time zone).</summary>
    public const string SfDateKey = "__sfDate";

    private static readonly DateTime UnixEpoch = DateTime.UnixEpoch;

    /// <summary>Casts an argument to its declared type, as Snowflake does before the body runs.</summary>
    /// <param name="value">The evaluated argument.</param>
    /// <param name="parameter">The declared parameter.</param>
    /// <param name="procedure">The procedure's name (for errors).</param>
    /// <returns>The value in the CLR type the declared type implies.</returns>
    public static object? CoerceArgument(object? value, ProcedureParameter parameter, string procedure)
    {
        if (value is null or DBNull)
        {
            return null;
        }

        var category = SqlTypes.Categorize(parameter.DataType);
        try
        {
            return category switch
            {
                SqlTypeCategory.Number => RoundToScale(ToDouble(value), Scale(parameter.DataType)),
                SqlTypeCategory.Float => ToDouble(value),
                SqlTypeCategory.Text => value as string ?? ToSnowflakeString(value, "TEXT"),
                SqlTypeCategory.Boolean => value switch
                {
                    bool b => b,
                    string s => ParseBoolean(s),
                    _ => Convert.ToDouble(value, CultureInfo.InvariantCulture) != 0,
                },
                SqlTypeCategory.Date or SqlTypeCategory.Timestamp => value switch
                {
                    string s => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                    _ => value,
                },
                _ => value,
            };
        }
        catch (FormatException ex) when (category == SqlTypeCategory.Boolean)
        {
            throw new LocalSnowflakeException(100037, "22018",
                $"Boolean value '{value}' is not recognized (argument {parameter.Name} {parameter.DataType} of procedure {procedure}).", ex);
        }
        catch (FormatException ex)
        {
            throw new LocalSnowflakeException(100038, "22018",
                $"Numeric value '{value}' is not recognized (argument {parameter.Name} {parameter.DataType} of procedure {procedure}).", ex);
        }
    }

    private static double ToDouble(object value) => value switch
    {
        string s => double.Parse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture),
        bool b => b ? 1d : 0d,
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
    };

    // An argument is cast to its declared NUMBER(p, s) before the body sees it: NUMBER(10,2) holds 12.35 for 12.345,
    // NUMBER (scale 0) holds 2 for 1.7 (rounding half away from zero, as Snowflake's cast does).
    private static double RoundToScale(double value, int scale) =>
        Math.Abs(value) < 1e27 ? (double)Math.Round((decimal)value, Math.Min(scale, 28), MidpointRounding.AwayFromZero) : value;

    /// <summary>A SQL value as the JavaScript value Snowflake hands a procedure.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="value">The SQL value (CLR form).</param>
    /// <param name="category">The value's SQL type category.</param>
    /// <returns>The JS value.</returns>
    public static JsValue ToJs(Jint.Engine engine, object? value, SqlTypeCategory category)
    {
        switch (value)
        {
            case null or DBNull:
                return JsValue.Null;
            case string s when category is SqlTypeCategory.Variant or SqlTypeCategory.Object or SqlTypeCategory.Array:
                try
                {
                    return new JsonParser(engine).Parse(s);
                }
                catch (JavaScriptException)
                {
                    return new JsString(s);
                }

            case string s:
                return new JsString(s);
            case bool b:
                return b ? JsBoolean.True : JsBoolean.False;
            case byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal or BigInteger:
                return new JsNumber(Convert.ToDouble(value, CultureInfo.InvariantCulture));
            case DateTime dt:
                return engine.Construct("Date", new JsNumber(EpochMilliseconds(dt)));
            case DateTimeOffset dto:
                return engine.Construct("Date", new JsNumber(dto.ToUnixTimeMilliseconds()));
            case DateOnly d:
                return engine.Construct("Date", new JsNumber(EpochMilliseconds(d.ToDateTime(TimeOnly.MinValue))));
            case TimeOnly t:
                return new JsString(t.ToString("HH:mm:ss", CultureInfo.InvariantCulture));
            case TimeSpan ts:
                return new JsString(ts.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture));
            case byte[] bytes:
                {
                    var array = new JsArray(engine, bytes.Select(b => (JsValue)new JsNumber(b)).ToArray());
                    return engine.Construct("Uint8Array", array);
                }

            default:
                return new JsString(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
        }
    }

    /// <summary>
    /// What an SfDate holds besides its instant: the fractional seconds in nanoseconds, the type's scale (9 when the type
    /// gives none) and the time zone as minutes from UTC (0 for TIMESTAMP_NTZ).
    /// </summary>
    /// <param name="value">A TIMESTAMP_* value (CLR form).</param>
    /// <param name="snowflakeType">Its Snowflake type, e.g. <c>TIMESTAMP_NTZ(9)</c>.</param>
    /// <returns>The parts, or null when the value is not a timestamp.</returns>
    public static (double EpochMilliseconds, long Nanoseconds, int Scale, int TimezoneMinutes)? SfDateParts(object? value, string snowflakeType)
    {
        ArgumentNullException.ThrowIfNull(snowflakeType);
        var scale = snowflakeType.Contains('(', StringComparison.Ordinal) ? TypePrecision(snowflakeType) : 9;
        return value switch
        {
            DateTime dt => (EpochMilliseconds(dt), FractionNanoseconds(dt.Ticks), scale, 0),
            DateTimeOffset dto => (dto.ToUnixTimeMilliseconds(), FractionNanoseconds(dto.UtcTicks), scale, (int)dto.Offset.TotalMinutes),
            _ => null,
        };
    }

    private static long FractionNanoseconds(long ticks) => ticks % TimeSpan.TicksPerSecond * 100;

    private static int TypePrecision(string snowflakeType)
    {
        var open = snowflakeType.IndexOf('(', StringComparison.Ordinal);
        var close = snowflakeType.IndexOf(')', StringComparison.Ordinal);
        return close > open + 1 && int.TryParse(snowflakeType[(open + 1)..close].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var precision)
            ? precision
            : 9;
    }

    /// <summary>A JavaScript bind value as the SQL value it binds.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="value">The JS value.</param>
    /// <param name="position">The bind's 1-based position (for errors).</param>
    /// <returns>The CLR value.</returns>
    public static object? FromBind(Jint.Engine engine, JsValue value, int position)
    {
        switch (value)
        {
            case { } v when v.IsNull() || v.IsUndefined():
                return null;
            case JsString:
                return value.ToString();
            case JsNumber:
                {
                    var d = TypeConverter.ToNumber(value);
                    return Math.Abs(d) < 9007199254740992d && d == Math.Floor(d) ? (long)d : d;
                }

            case JsDate date when date.GetOwnProperty(SfDateKey).Value is ObjectInstance sfDate:
                {
                    // Only number, string and SfDate bind (https://docs.snowflake.com/en/developer-guide/stored-procedure/stored-procedures-javascript#binding-variables).
                    var seconds = Math.Floor(date.DateValue / 1000d);
                    var nanos = TypeConverter.ToNumber(sfDate.Get("nanos"));
                    return UnixEpoch.AddSeconds(seconds).AddTicks((long)(nanos / 100));
                }

            default:
                var hint = value is JsBoolean ? " (bind a boolean as a string, e.g. String(flag))"
                    : value is JsDate ? " (a JavaScript Date does not bind: bind an SfDate read from a ResultSet, or the timestamp as a string with TO_TIMESTAMP(?))"
                    : string.Empty;
                var error = engine.Intrinsics.Error.Construct(
                    $"Invalid binds argument {TypeConverter.ToString(value)}. Error: Unsupported type for binding argument {position}: only a number, string, SfDate or null binds{hint}.");
                error.Set("code", 100183);
                error.Set("state", "P0000");
                throw new JavaScriptException(error);
        }
    }

    /// <summary>The metadata object <c>host.exec</c> returns to the API prelude.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="handle">Where the host keeps the rows.</param>
    /// <param name="outcome">The statement's result.</param>
    /// <returns>The JS object.</returns>
    public static JsValue ResultInfo(Jint.Engine engine, int handle, ProcedureStatementResult outcome)
    {
        var result = outcome.Result;
        var columns = new List<JsValue>();
        foreach (var column in result.Columns)
        {
            var info = new JsObject(engine);
            var category = SqlTypes.Categorize(column.SnowflakeType);
            info.FastSetDataProperty("name", column.Name);
            info.FastSetDataProperty("sqlType", column.SnowflakeType);
            info.FastSetDataProperty("jsType", JsTypeName(category));
            info.FastSetDataProperty("category", category.ToString());
            info.FastSetDataProperty("scale", Scale(column.SnowflakeType));
            info.FastSetDataProperty("nullable", JsBoolean.True);
            columns.Add(info);
        }

        var (inserted, updated, deleted) = DmlCounts(result);
        var affected = inserted + updated + deleted;
        if (affected == 0 && result.RowsAffected >= 0 && !HasDmlColumns(result))
        {
            affected = result.RowsAffected;
        }

        var obj = new JsObject(engine);
        obj.FastSetDataProperty("handle", handle);
        obj.FastSetDataProperty("columns", new JsArray(engine, [.. columns]));
        obj.FastSetDataProperty("rowCount", result.Rows.Count);
        obj.FastSetDataProperty("inserted", inserted);
        obj.FastSetDataProperty("updated", updated);
        obj.FastSetDataProperty("deleted", deleted);
        obj.FastSetDataProperty("affected", affected);
        obj.FastSetDataProperty("queryId", outcome.QueryId);
        return obj;
    }

    /// <summary>
    /// Rows inserted, updated and deleted, read from the Snowflake-shaped DML result columns
    /// (<c>number of rows inserted</c> ...).
    /// </summary>
    /// <param name="result">A statement result.</param>
    /// <returns>The counts (0 where the result has no such column).</returns>
    public static (long Inserted, long Updated, long Deleted) DmlCounts(LocalResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return (Count(result, "number of rows inserted"), Count(result, "number of rows updated"), Count(result, "number of rows deleted"));
    }

    private static bool HasDmlColumns(LocalResult result) =>
        result.Columns.Any(c => c.Name.StartsWith("number of rows ", StringComparison.OrdinalIgnoreCase));

    private static long Count(LocalResult result, string column)
    {
        var index = -1;
        for (var i = 0; i < result.Columns.Count; i++)
        {
            if (string.Equals(result.Columns[i].Name, column, StringComparison.OrdinalIgnoreCase))
            {
                index = i;
                break;
            }
        }

        return index < 0 ? 0 : result.Rows.Sum(r => r[index] is null or DBNull ? 0L : Convert.ToInt64(r[index], CultureInfo.InvariantCulture));
    }

    private static string JsTypeName(SqlTypeCategory category) => category switch
    {
        SqlTypeCategory.Number or SqlTypeCategory.Float => "number",
        SqlTypeCategory.Boolean => "boolean",
        SqlTypeCategory.Date or SqlTypeCategory.Timestamp => "date",
        SqlTypeCategory.Variant or SqlTypeCategory.Object => "object",
        SqlTypeCategory.Array => "array",
        SqlTypeCategory.Binary => "binary",
        _ => "string",
    };

    private static int Scale(string snowflakeType)
    {
        var open = snowflakeType.IndexOf('(', StringComparison.Ordinal);
        var comma = snowflakeType.IndexOf(',', StringComparison.Ordinal);
        var close = snowflakeType.IndexOf(')', StringComparison.Ordinal);
        return open > 0 && comma > open && close > comma &&
               int.TryParse(snowflakeType[(comma + 1)..close].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var scale)
            ? scale
            : 0;
    }

    /// <summary>A SQL value in Snowflake's default text form (what getColumnValueAsString returns).</summary>
    /// <param name="value">The value.</param>
    /// <param name="snowflakeType">Its Snowflake type.</param>
    /// <returns>The text, or null for SQL NULL.</returns>
    public static string? ToSnowflakeString(object? value, string snowflakeType) => value switch
    {
        null or DBNull => null,
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        DateTime dt => SqlTypes.BaseName(snowflakeType) == "DATE"
            ? dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : dt.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
        // Snowflake's default output formats: TIMESTAMP_LTZ / _TZ 'YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM', TIME 'HH24:MI:SS'.
        DateTimeOffset dto => dto.ToString("yyyy-MM-dd HH:mm:ss.fff ", CultureInfo.InvariantCulture) + (dto.Offset < TimeSpan.Zero ? "-" : "+")
            + dto.Offset.Duration().ToString("hhmm", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        TimeSpan ts => ts.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToHexString(bytes),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>Casts the body's return value to the declared return type.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="value">What the body returned.</param>
    /// <param name="definition">The procedure.</param>
    /// <param name="procedure">Its display name (for errors).</param>
    /// <returns>The SQL value (CLR form).</returns>
    public static object? FromReturn(Jint.Engine engine, JsValue value, ProcedureDefinition definition, string procedure)
    {
        ArgumentNullException.ThrowIfNull(definition);
        object? result;
        if (value.IsNull() || value.IsUndefined())
        {
            result = null;
        }
        else
        {
            var category = SqlTypes.Categorize(definition.ReturnType);
            result = category switch
            {
                SqlTypeCategory.Text or SqlTypeCategory.Time or SqlTypeCategory.Other => TypeConverter.ToString(value),
                SqlTypeCategory.Number => ReturnedNumber(ToNumber(value, definition, procedure), definition, procedure),
                SqlTypeCategory.Float => ToNumber(value, definition, procedure),
                SqlTypeCategory.Boolean => value is JsString s ? ReturnedBoolean(s.ToString(), definition, procedure) : TypeConverter.ToBoolean(value),
                SqlTypeCategory.Date => DateOnly.FromDateTime(ToDateTime(value, definition, procedure)),
                SqlTypeCategory.Timestamp => ToDateTime(value, definition, procedure),
                SqlTypeCategory.Variant or SqlTypeCategory.Object or SqlTypeCategory.Array => Stringify(engine, value),
                SqlTypeCategory.Binary => value is JsTypedArray typed
                    ? Enumerable.Range(0, (int)typed.Length).Select(i => (byte)TypeConverter.ToNumber(typed[i])).ToArray()
                    : throw ReturnError(value, definition, procedure),
                _ => TypeConverter.ToString(value),
            };
        }

        if (result is null && definition.ReturnsNotNull)
        {
            throw new LocalSnowflakeException(100072, "22000",
                $"NULL result in a non-nullable column: procedure {procedure} is declared RETURNS {definition.ReturnType} NOT NULL but returned null.");
        }

        return result;
    }

    /// <summary>Casts a SQL value (e.g. what a Snowflake Scripting RETURN evaluated to) to the declared return type.</summary>
    /// <param name="value">The value.</param>
    /// <param name="definition">The procedure.</param>
    /// <returns>The value in the return type's CLR form.</returns>
    public static object? FromSql(object? value, ProcedureDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (value is null or DBNull)
        {
            return definition.ReturnsNotNull
                ? throw new LocalSnowflakeException(100072, "22000",
                    $"NULL result in a non-nullable column: procedure {definition.Name} is declared RETURNS {definition.ReturnType} NOT NULL but returned null.")
                : null;
        }

        var scale = Scale(definition.ReturnType);
        try
        {
            return SqlTypes.Categorize(definition.ReturnType) switch
            {
                SqlTypeCategory.Number when scale > 0 => Math.Round(Convert.ToDecimal(value, CultureInfo.InvariantCulture), scale, MidpointRounding.AwayFromZero),
                SqlTypeCategory.Number => (long)Math.Round(Convert.ToDecimal(value, CultureInfo.InvariantCulture), MidpointRounding.AwayFromZero),
                SqlTypeCategory.Float => Convert.ToDouble(value, CultureInfo.InvariantCulture),
                SqlTypeCategory.Boolean => value is string s ? ParseBoolean(s) : Convert.ToBoolean(value, CultureInfo.InvariantCulture),
                SqlTypeCategory.Text or SqlTypeCategory.Variant or SqlTypeCategory.Object or SqlTypeCategory.Array or SqlTypeCategory.Time or SqlTypeCategory.Other
                    => value as string ?? ToSnowflakeString(value, definition.ReturnType),
                _ => value,
            };
        }
        catch (OverflowException ex)
        {
            throw NumberOutOfRange(Convert.ToString(value, CultureInfo.InvariantCulture), beyondNumber38: false, definition, definition.Name, ex);
        }
        catch (FormatException ex)
        {
            var (code, kind) = SqlTypes.Categorize(definition.ReturnType) == SqlTypeCategory.Boolean ? (100037, "Boolean") : (100038, "Numeric");
            throw new LocalSnowflakeException(code, "22018",
                $"{kind} value '{value}' is not recognized: procedure {definition.Name} returned a value that cannot be cast to its RETURNS type {definition.ReturnType}.", ex);
        }
    }

    /// <summary>The CALL statement's result: one row, one column named after the procedure.</summary>
    /// <param name="definition">The procedure.</param>
    /// <param name="value">The returned value.</param>
    /// <returns>The result.</returns>
    public static LocalResult CallResult(ProcedureDefinition definition, object? value)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var clrType = SqlTypes.Categorize(definition.ReturnType) switch
        {
            SqlTypeCategory.Number => Scale(definition.ReturnType) > 0 ? typeof(decimal) : typeof(long),
            SqlTypeCategory.Float => typeof(double),
            SqlTypeCategory.Boolean => typeof(bool),
            SqlTypeCategory.Date => typeof(DateOnly),
            SqlTypeCategory.Timestamp => typeof(DateTime),
            SqlTypeCategory.Binary => typeof(byte[]),
            _ => typeof(string),
        };
        return new LocalResult([new LocalColumn(definition.Name, definition.ReturnType, clrType)], [[value]]);
    }

    private static double ToNumber(JsValue value, ProcedureDefinition definition, string procedure)
    {
        var number = TypeConverter.ToNumber(value);
        return double.IsNaN(number) || double.IsInfinity(number) && SqlTypes.Categorize(definition.ReturnType) == SqlTypeCategory.Number
            ? throw ReturnError(value, definition, procedure)
            : number;
    }

    // A NUMBER return is a long (scale 0) or a decimal (scale > 0) in the CALL's result: a value neither holds is an error
    // naming the procedure, never a silently wrapped number.
    private static object ReturnedNumber(double number, ProcedureDefinition definition, string procedure)
    {
        var scale = Scale(definition.ReturnType);
        if (scale > 0)
        {
            if (Math.Abs(number) < 7.9e28)
            {
                return Math.Round((decimal)number, scale, MidpointRounding.AwayFromZero);
            }
        }
        else
        {
            var rounded = Math.Round(number, MidpointRounding.AwayFromZero);
            if (rounded >= -9223372036854775808d && rounded < 9223372036854775808d)
            {
                return (long)rounded;
            }
        }

        throw NumberOutOfRange(number.ToString("R", CultureInfo.InvariantCulture), Math.Abs(number) >= 1e38, definition, procedure, inner: null);
    }

    // Beyond NUMBER(38)'s range Snowflake fails too (100039); below it Snowflake returns the value and the emulator can't.
    private static LocalSnowflakeException NumberOutOfRange(string? value, bool beyondNumber38, ProcedureDefinition definition, string procedure, Exception? inner) =>
        beyondNumber38
            ? new(100039, "22003", $"Numeric value '{value}' is out of range: procedure {procedure} returned it for RETURNS {definition.ReturnType}.", inner)
            : LocalSnowflakeException.Unsupported(
                $"RETURNS {definition.ReturnType} value {value} from procedure {procedure} (LocalSnowflake returns NUMBER as a 64-bit integer " +
                "at scale 0 or a 28-digit decimal; return a FLOAT or a VARCHAR instead)");

    private static DateTime ToDateTime(JsValue value, ProcedureDefinition definition, string procedure) => value switch
    {
        JsDate date => UnixEpoch.AddMilliseconds(date.DateValue),
        JsString s when DateTime.TryParse(s.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
        JsNumber n => UnixEpoch.AddMilliseconds(TypeConverter.ToNumber(n)),
        _ => throw ReturnError(value, definition, procedure),
    };

    private static string Stringify(Jint.Engine engine, JsValue value) =>
        new JsonSerializer(engine).Serialize(value, JsValue.Undefined, JsValue.Undefined).ToString();

    private static LocalSnowflakeException ReturnError(JsValue value, ProcedureDefinition definition, string procedure) =>
        new(100038, "22018",
            $"Numeric value '{TypeConverter.ToString(value)}' is not recognized: procedure {procedure} returned a value that cannot be cast to its RETURNS type {definition.ReturnType}.");

    private static bool ReturnedBoolean(string text, ProcedureDefinition definition, string procedure)
    {
        try
        {
            return ParseBoolean(text);
        }
        catch (FormatException ex)
        {
            throw new LocalSnowflakeException(100037, "22018",
                $"Boolean value '{text}' is not recognized: procedure {procedure} returned a value that cannot be cast to its RETURNS type {definition.ReturnType}.", ex);
        }
    }

    private static bool ParseBoolean(string text) => text.Trim().ToUpperInvariant() switch
    {
        "TRUE" or "T" or "YES" or "Y" or "ON" or "1" => true,
        "FALSE" or "F" or "NO" or "N" or "OFF" or "0" => false,
        _ => throw new FormatException($"Boolean value '{text}' is not recognized"),
    };

    private static double EpochMilliseconds(DateTime value) =>
        (DateTime.SpecifyKind(value, DateTimeKind.Utc) - UnixEpoch).TotalMilliseconds;
}
