using System.Globalization;
using SnowMedallion.Sql.Lexing;

namespace SnowMedallion.Testing.Snowflake.Translation;

/// <summary>Function translation: an allow-list; anything else fails with 0A000 naming the function.</summary>
internal sealed partial class SqlTranslator
{
    // Functions whose DuckDB counterpart takes the same arguments with the same meaning (Snowflake name -> DuckDB name).
    private static readonly Dictionary<string, string> Passthrough = new(StringComparer.Ordinal)
    {
        ["ABS"] = "abs", ["CEIL"] = "ceil", ["CEILING"] = "ceil", ["FLOOR"] = "floor", ["ROUND"] = "round", ["SQRT"] = "sqrt",
        ["POWER"] = "power", ["POW"] = "power", ["EXP"] = "exp", ["LN"] = "ln", ["MOD"] = "mod", ["SIGN"] = "sign", ["TRUNC"] = "trunc",
        ["UPPER"] = "upper", ["LOWER"] = "lower", ["LENGTH"] = "length", ["LEN"] = "length", ["CHAR_LENGTH"] = "length",
        ["CHARACTER_LENGTH"] = "length", ["TRIM"] = "trim", ["LTRIM"] = "ltrim", ["RTRIM"] = "rtrim", ["SUBSTR"] = "substr",
        ["SUBSTRING"] = "substring", ["SPLIT_PART"] = "split_part", ["LPAD"] = "lpad", ["RPAD"] = "rpad", ["REVERSE"] = "reverse",
        ["REPEAT"] = "repeat", ["LEFT"] = "left", ["RIGHT"] = "right", ["ASCII"] = "ascii", ["CHR"] = "chr", ["CHAR"] = "chr",
        ["INITCAP"] = "initcap", ["TRANSLATE"] = "translate", ["CONTAINS"] = "contains", ["STARTSWITH"] = "starts_with",
        ["ENDSWITH"] = "ends_with", ["MD5"] = "md5", ["MD5_HEX"] = "md5", ["SHA1"] = "sha1", ["SHA1_HEX"] = "sha1",
        ["COALESCE"] = "coalesce", ["NVL"] = "coalesce", ["IFNULL"] = "coalesce", ["NULLIF"] = "nullif",
        ["COUNT"] = "count", ["SUM"] = "sum", ["AVG"] = "avg", ["MIN"] = "min", ["MAX"] = "max", ["ANY_VALUE"] = "any_value",
        ["COUNT_IF"] = "count_if", ["MEDIAN"] = "median", ["STDDEV"] = "stddev_samp", ["STDDEV_SAMP"] = "stddev_samp",
        ["STDDEV_POP"] = "stddev_pop", ["VARIANCE"] = "var_samp", ["VAR_SAMP"] = "var_samp", ["VAR_POP"] = "var_pop",
        ["BOOLAND_AGG"] = "bool_and", ["BOOLOR_AGG"] = "bool_or", ["APPROX_COUNT_DISTINCT"] = "approx_count_distinct",
        ["ROW_NUMBER"] = "row_number", ["RANK"] = "rank", ["DENSE_RANK"] = "dense_rank", ["PERCENT_RANK"] = "percent_rank",
        ["CUME_DIST"] = "cume_dist", ["NTILE"] = "ntile", ["LAG"] = "lag", ["LEAD"] = "lead", ["FIRST_VALUE"] = "first_value",
        ["LAST_VALUE"] = "last_value", ["NTH_VALUE"] = "nth_value", ["GREATEST"] = "greatest", ["LEAST"] = "least",
        ["YEAR"] = "year", ["MONTH"] = "month", ["DAY"] = "day", ["DAYOFMONTH"] = "day", ["DAYOFWEEK"] = "dayofweek",
        ["DAYOFYEAR"] = "dayofyear", ["WEEK"] = "week", ["QUARTER"] = "quarter", ["HOUR"] = "hour", ["MINUTE"] = "minute",
        ["SECOND"] = "second", ["LAST_DAY"] = "last_day", ["UUID_STRING"] = "gen_random_uuid", ["RANDOM"] = "random",
    };

    private int Function(int i, int end)
    {
        var name = _t[i].Value;
        var open = i + 1;
        var close = Match(open);
        var args = SplitCommas(open + 1, close);
        var mark = _out.Length;
        var next = close + 1;

        var hooked = name.Contains('$', StringComparison.Ordinal) || name.StartsWith("SYSTEM", StringComparison.Ordinal)
            ? _scope.ResolveFunction?.Invoke(name, args.Select(r => (IReadOnlyList<SqlToken>)_t.Skip(r.Start).Take(r.End - r.Start).ToList()).ToList())
            : null;
        if (hooked is not null)
        {
            Append(hooked);
            return Postfix(next, end, mark);
        }

        var context = ContextFunction(name, args.Count == 0 ? null : args);
        if (context is not null)
        {
            Append(context);
            return Postfix(next, end, mark);
        }

        var sql = Special(name, args, ref next);
        if (sql is not null)
        {
            Append(sql);
            return Postfix(next, end, mark);
        }

        if (Passthrough.TryGetValue(name, out var duck))
        {
            Append(duck + "(");
            Emit(open + 1, close);
            Append(")");
            return Postfix(next, end, mark);
        }

        var fromHook = _scope.ResolveFunction?.Invoke(name, args.Select(r => (IReadOnlyList<SqlToken>)_t.Skip(r.Start).Take(r.End - r.Start).ToList()).ToList());
        if (fromHook is not null)
        {
            Append(fromHook);
            return Postfix(next, end, mark);
        }

        throw LocalSnowflakeException.Unsupported($"function {name}");
    }

    private string Arg(List<(int Start, int End)> args, int index) => Translate(args[index].Start, args[index].End);

    private string? Word(List<(int Start, int End)> args, int index)
    {
        var (start, stop) = args[index];
        return stop - start == 1 && _t[start].Kind is SqlTokenKind.Identifier or SqlTokenKind.String ? _t[start].Value.ToUpperInvariant() : null;
    }

    private void Arity(string name, List<(int Start, int End)> args, int min, int max)
    {
        if (args.Count < min || args.Count > max)
        {
            var expected = min == max ? min.ToString(CultureInfo.InvariantCulture) : $"{min} to {max}";
            throw new LocalSnowflakeException(
                938,
                "22023",
                $"SQL compilation error:\nerror line 0 at position -1\ninvalid argument count for function {name}: {args.Count} given, {expected} expected.");
        }
    }

    private string? Special(string name, List<(int Start, int End)> args, ref int next)
    {
        switch (name)
        {
            case "IFF":
                Arity(name, args, 3, 3);
                return $"(CASE WHEN {Arg(args, 0)} THEN {Arg(args, 1)} ELSE {Arg(args, 2)} END)";
            case "NVL2":
                Arity(name, args, 3, 3);
                return $"(CASE WHEN {Arg(args, 0)} IS NOT NULL THEN {Arg(args, 1)} ELSE {Arg(args, 2)} END)";
            case "ZEROIFNULL":
                Arity(name, args, 1, 1);
                return $"coalesce({Arg(args, 0)}, 0)";
            case "NULLIFZERO":
                Arity(name, args, 1, 1);
                return $"nullif({Arg(args, 0)}, 0)";
            case "EQUAL_NULL":
                Arity(name, args, 2, 2);
                return $"({Arg(args, 0)} IS NOT DISTINCT FROM {Arg(args, 1)})";
            case "DECODE":
                if (args.Count < 3)
                {
                    Arity(name, args, 3, int.MaxValue);
                }

                var subject = Arg(args, 0);
                var decode = new System.Text.StringBuilder("(CASE");
                var k = 1;
                for (; k + 1 < args.Count; k += 2)
                {
                    decode.Append(" WHEN ").Append(subject).Append(" IS NOT DISTINCT FROM ").Append(Arg(args, k)).Append(" THEN ").Append(Arg(args, k + 1));
                }

                if (k < args.Count)
                {
                    decode.Append(" ELSE ").Append(Arg(args, k));
                }

                return decode.Append(" END)").ToString();
            case "CONCAT":
                // Snowflake's CONCAT is NULL when any argument is NULL, like ||.
                return "(" + string.Join(" || ", args.Select((_, n) => $"CAST({Arg(args, n)} AS VARCHAR)")) + ")";
            case "CONCAT_WS":
                Arity(name, args, 2, int.MaxValue);
                var separator = Arg(args, 0);
                return "(" + string.Join($" || {separator} || ", args.Skip(1).Select((_, n) => $"CAST({Arg(args, n + 1)} AS VARCHAR)")) + ")";
            case "REPLACE":
                Arity(name, args, 2, 3);
                return $"replace({Arg(args, 0)}, {Arg(args, 1)}, {(args.Count == 3 ? Arg(args, 2) : "''")})";
            case "POSITION" or "CHARINDEX":
                if (args.Count == 1)
                {
                    var inAt = FindTopLevel(args[0].Start, args[0].End, "IN");
                    if (inAt < 0)
                    {
                        Arity(name, args, 2, 3);
                    }

                    return $"strpos({Translate(inAt + 1, args[0].End)}, {Translate(args[0].Start, inAt)})";
                }

                Arity(name, args, 2, 3);
                return args.Count == 2
                    ? $"strpos({Arg(args, 1)}, {Arg(args, 0)})"
                    : $"(CASE WHEN strpos(substr({Arg(args, 1)}, {Arg(args, 2)}), {Arg(args, 0)}) = 0 THEN 0 ELSE strpos(substr({Arg(args, 1)}, {Arg(args, 2)}), {Arg(args, 0)}) + {Arg(args, 2)} - 1 END)";
            case "REGEXP_REPLACE":
                Arity(name, args, 2, 4);
                return $"regexp_replace({Arg(args, 0)}, {Arg(args, 1)}, {(args.Count > 2 ? Arg(args, 2) : "''")}, 'g')";
            case "REGEXP_LIKE" or "RLIKE":
                Arity(name, args, 2, 2);
                return $"regexp_full_match({Arg(args, 0)}, {Arg(args, 1)})";
            case "REGEXP_SUBSTR":
                Arity(name, args, 2, 2);
                return $"nullif(regexp_extract({Arg(args, 0)}, {Arg(args, 1)}), '')";
            case "SHA2" or "SHA2_HEX":
                Arity(name, args, 1, 2);
                if (args.Count == 2 && Word(args, 1) is not "256")
                {
                    throw LocalSnowflakeException.Unsupported($"{name} with a digest size other than 256");
                }

                return $"sha256({Arg(args, 0)})";
            case "LOG":
                Arity(name, args, 2, 2);
                return $"(ln({Arg(args, 1)}) / ln({Arg(args, 0)}))";
            case "DIV0":
                Arity(name, args, 2, 2);
                return $"(CASE WHEN {Arg(args, 1)} = 0 THEN 0 ELSE {Arg(args, 0)} / {Arg(args, 1)} END)";
            case "TO_VARCHAR" or "TO_CHAR":
                Arity(name, args, 1, 2);
                return args.Count == 1 ? $"CAST({Arg(args, 0)} AS VARCHAR)" : $"strftime({Arg(args, 0)}, {FormatArg(args, 1)})";
            case "TO_NUMBER" or "TO_DECIMAL" or "TO_NUMERIC" or "TRY_TO_NUMBER" or "TRY_TO_DECIMAL" or "TRY_TO_NUMERIC":
                return ToNumber(name, args);
            case "TO_DOUBLE" or "TRY_TO_DOUBLE":
                Arity(name, args, 1, 1);
                return $"{(name.StartsWith("TRY_", StringComparison.Ordinal) ? "TRY_CAST" : "CAST")}({Arg(args, 0)} AS DOUBLE)";
            case "TO_BOOLEAN" or "TRY_TO_BOOLEAN":
                Arity(name, args, 1, 1);
                return $"{(name.StartsWith("TRY_", StringComparison.Ordinal) ? "TRY_CAST" : "CAST")}({Arg(args, 0)} AS BOOLEAN)";
            case "TO_DATE" or "DATE" or "TRY_TO_DATE":
                return ToTemporal(name, args, "DATE");
            case "TO_TIME" or "TIME" or "TRY_TO_TIME":
                return ToTemporal(name, args, "TIME");
            case "TO_TIMESTAMP" or "TO_TIMESTAMP_NTZ" or "TRY_TO_TIMESTAMP" or "TRY_TO_TIMESTAMP_NTZ":
                return ToTemporal(name, args, "TIMESTAMP");
            case "TO_TIMESTAMP_LTZ" or "TO_TIMESTAMP_TZ" or "TRY_TO_TIMESTAMP_LTZ" or "TRY_TO_TIMESTAMP_TZ":
                return ToTemporal(name, args, "TIMESTAMPTZ");
            case "DATEADD" or "TIMEADD" or "TIMESTAMPADD":
                Arity(name, args, 3, 3);
                return $"({Arg(args, 2)} + ({Arg(args, 1)}) * INTERVAL 1 {DatePart(args, 0, name)})";
            case "DATEDIFF" or "TIMEDIFF" or "TIMESTAMPDIFF":
                Arity(name, args, 3, 3);
                return $"date_diff('{DatePart(args, 0, name)}', {Arg(args, 1)}, {Arg(args, 2)})";
            case "DATE_TRUNC":
                Arity(name, args, 2, 2);
                return $"date_trunc('{DatePart(args, 0, name)}', {Arg(args, 1)})";
            case "DATE_PART":
                Arity(name, args, 2, 2);
                return $"date_part('{DatePart(args, 0, name)}', {Arg(args, 1)})";
            case "EXTRACT":
                Arity(name, args, 1, 1);
                var fromAt = FindTopLevel(args[0].Start, args[0].End, "FROM");
                if (fromAt != args[0].Start + 1)
                {
                    throw Syntax(args[0].Start, "EXTRACT(part FROM expression)");
                }

                return $"date_part('{DatePart([(args[0].Start, fromAt)], 0, name)}', {Translate(fromAt + 1, args[0].End)})";
            case "PARSE_JSON" or "TRY_PARSE_JSON":
                Arity(name, args, 1, 1);
                return $"{(name == "PARSE_JSON" ? "CAST" : "TRY_CAST")}({Arg(args, 0)} AS JSON)";
            case "TO_VARIANT" or "TO_OBJECT" or "TO_ARRAY":
                Arity(name, args, 1, 1);
                return $"to_json({Arg(args, 0)})";
            case "OBJECT_CONSTRUCT_KEEP_NULL":
                return ObjectConstruct(name, args);
            case "OBJECT_CONSTRUCT":
                return ObjectConstruct(name, args);
            case "ARRAY_CONSTRUCT":
                return "to_json([" + string.Join(", ", args.Select((_, n) => Arg(args, n))) + "])";
            case "ARRAY_SIZE":
                Arity(name, args, 1, 1);
                return $"json_array_length({Arg(args, 0)})";
            case "GET_PATH" or "JSON_EXTRACT_PATH_TEXT":
                Arity(name, args, 2, 2);
                return $"({Arg(args, 0)} {(name == "GET_PATH" ? "->" : "->>")} ('$.' || {Arg(args, 1)}))";
            case "GET":
                Arity(name, args, 2, 2);
                return $"({Arg(args, 0)} -> {Arg(args, 1)})";
            case "LISTAGG":
                Arity(name, args, 1, 2);
                var separatorArg = args.Count == 2 ? Arg(args, 1) : "''";
                var order = WithinGroup(ref next);
                var distinct = At(args[0].Start, "DISTINCT");
                var value = distinct ? Translate(args[0].Start + 1, args[0].End) : Arg(args, 0);
                return $"coalesce(string_agg({(distinct ? "DISTINCT " : string.Empty)}CAST({value} AS VARCHAR), {separatorArg}{order}), '')";
            case "ARRAY_AGG":
                Arity(name, args, 1, 1);
                return $"to_json(list({Arg(args, 0)}{WithinGroup(ref next)}))";
            case "HASH":
                return "hash(" + string.Join(", ", args.Select((_, n) => Arg(args, n))) + ")";
            default:
                return null;
        }
    }

    private string WithinGroup(ref int next)
    {
        if (!At(next, "WITHIN") || !At(next + 1, "GROUP") || !AtSymbol(next + 2, "("))
        {
            return string.Empty;
        }

        var close = Match(next + 2);
        if (!At(next + 3, "ORDER") || !At(next + 4, "BY"))
        {
            throw Syntax(next + 3, "WITHIN GROUP (ORDER BY ...)");
        }

        var order = " ORDER BY " + Translate(next + 5, close);
        next = close + 1;
        return order;
    }

    private string ObjectConstruct(string name, List<(int Start, int End)> args)
    {
        if (args.Count == 1 && _t[args[0].Start].IsSymbol("*"))
        {
            throw LocalSnowflakeException.Unsupported($"{name}(*)");
        }

        if (args.Count % 2 != 0)
        {
            throw new LocalSnowflakeException(938, "22023", $"SQL compilation error:\n{name} needs key, value pairs: {args.Count} arguments given.");
        }

        if (args.Count == 0)
        {
            return "CAST('{}' AS JSON)";
        }

        var pairs = string.Join(", ", args.Select((_, n) => Arg(args, n)));
        if (name == "OBJECT_CONSTRUCT_KEEP_NULL")
        {
            return $"json_object({pairs})";
        }

        // OBJECT_CONSTRUCT leaves out keys whose value is NULL.
        var parts = new List<string>();
        for (var n = 0; n < args.Count; n += 2)
        {
            parts.Add($"CASE WHEN ({Arg(args, n + 1)}) IS NULL THEN NULL ELSE json_object({Arg(args, n)}, {Arg(args, n + 1)}) END");
        }

        return parts.Count == 1
            ? $"coalesce({parts[0]}, CAST('{{}}' AS JSON))"
            : $"CAST(json_merge_patch(CAST('{{}}' AS JSON), {string.Join(", ", parts.Select(p => $"coalesce({p}, CAST('{{}}' AS JSON))"))}) AS JSON)";
    }

    private string ToNumber(string name, List<(int Start, int End)> args)
    {
        Arity(name, args, 1, 4);
        var cast = name.StartsWith("TRY_", StringComparison.Ordinal) ? "TRY_CAST" : "CAST";
        var numbers = args.Skip(1).Where(a => a.End - a.Start == 1 && _t[a.Start].Kind == SqlTokenKind.Number).Select(a => int.Parse(_t[a.Start].Text, CultureInfo.InvariantCulture)).ToList();
        if (args.Skip(1).Any(a => _t[a.Start].Kind == SqlTokenKind.String))
        {
            throw LocalSnowflakeException.Unsupported($"{name} with a format");
        }

        var precision = numbers.Count > 0 ? numbers[0] : 38;
        var scale = numbers.Count > 1 ? numbers[1] : 0;
        return $"{cast}({Arg(args, 0)} AS DECIMAL({precision},{scale}))";
    }

    private string ToTemporal(string name, List<(int Start, int End)> args, string duckType)
    {
        Arity(name, args, 1, 2);
        var cast = name.StartsWith("TRY_", StringComparison.Ordinal) ? "TRY_CAST" : "CAST";
        if (args.Count == 1)
        {
            return $"{cast}({Arg(args, 0)} AS {duckType})";
        }

        if (_t[args[1].Start].Kind == SqlTokenKind.Number)
        {
            throw LocalSnowflakeException.Unsupported($"{name} with a scale");
        }

        var parse = cast == "TRY_CAST" ? "try_strptime" : "strptime";
        return $"CAST({parse}(CAST({Arg(args, 0)} AS VARCHAR), {FormatArg(args, 1)}) AS {duckType})";
    }

    // Snowflake date/time format (YYYY-MM-DD HH24:MI:SS.FF) -> strftime/strptime format.
    private string FormatArg(List<(int Start, int End)> args, int index)
    {
        var token = _t[args[index].Start];
        if (args[index].End - args[index].Start != 1 || token.Kind != SqlTokenKind.String)
        {
            throw LocalSnowflakeException.Unsupported("a date/time format that is not a string constant");
        }

        return SqlNames.Literal(ConvertFormat(token.Value));
    }

    /// <summary>Converts a Snowflake date/time format to a DuckDB strftime/strptime format.</summary>
    /// <param name="format">Snowflake format, e.g. <c>YYYY-MM-DD HH24:MI:SS</c>.</param>
    /// <returns>DuckDB format, e.g. <c>%Y-%m-%d %H:%M:%S</c>.</returns>
    public static string ConvertFormat(string format)
    {
        var map = new (string Snowflake, string Duck)[]
        {
            ("YYYY", "%Y"), ("YY", "%y"), ("MMMM", "%B"), ("MON", "%b"), ("MM", "%m"), ("DD", "%d"), ("DY", "%a"),
            ("HH24", "%H"), ("HH12", "%I"), ("HH", "%H"), ("AM", "%p"), ("PM", "%p"), ("MI", "%M"), ("SS", "%S"),
            ("FF9", "%n"), ("FF6", "%f"), ("FF3", "%g"), ("FF", "%f"), ("TZH:TZM", "%z"), ("TZHTZM", "%z"),
        };
        var result = new System.Text.StringBuilder();
        var i = 0;
        while (i < format.Length)
        {
            if (format[i] == '"')
            {
                var close = format.IndexOf('"', i + 1);
                close = close < 0 ? format.Length : close;
                result.Append(format, i + 1, close - i - 1);
                i = close + 1;
                continue;
            }

            var matched = false;
            foreach (var (snowflake, duck) in map)
            {
                if (string.Compare(format, i, snowflake, 0, snowflake.Length, StringComparison.OrdinalIgnoreCase) == 0)
                {
                    result.Append(duck);
                    i += snowflake.Length;
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                result.Append(format[i] == '%' ? "%%" : format[i].ToString());
                i++;
            }
        }

        return result.ToString();
    }

    private string DatePart(List<(int Start, int End)> args, int index, string function)
    {
        var word = Word(args, index) ?? throw Syntax(args[index].Start, $"{function} needs a date or time part (e.g. day)");
        return word switch
        {
            "YEAR" or "Y" or "YY" or "YYY" or "YYYY" or "YR" or "YEARS" or "YRS" => "year",
            "QUARTER" or "Q" or "QTR" or "QTRS" or "QUARTERS" => "quarter",
            "MONTH" or "MM" or "MON" or "MONS" or "MONTHS" => "month",
            "WEEK" or "W" or "WK" or "WEEKOFYEAR" or "WOY" or "WY" or "WEEKS" => "week",
            "DAY" or "D" or "DD" or "DAYS" or "DAYOFMONTH" => "day",
            "DAYOFWEEK" or "WEEKDAY" or "DOW" or "DW" => "dow",
            "DAYOFYEAR" or "YEARDAY" or "DOY" or "DY" => "doy",
            "HOUR" or "H" or "HH" or "HR" or "HOURS" or "HRS" => "hour",
            "MINUTE" or "M" or "MI" or "MIN" or "MINUTES" or "MINS" => "minute",
            "SECOND" or "S" or "SEC" or "SECONDS" or "SECS" => "second",
            "MILLISECOND" or "MS" or "MSEC" or "MILLISECONDS" => "millisecond",
            "MICROSECOND" or "US" or "USEC" or "MICROSECONDS" => "microsecond",
            "EPOCH_SECOND" or "EPOCH" or "EPOCH_SECONDS" => "epoch",
            _ => throw LocalSnowflakeException.Unsupported($"date part {word} in {function}"),
        };
    }

    // Session and time context. Returns null when the name is not one of them.
    private string? ContextFunction(string name, List<(int Start, int End)>? args)
    {
        var precision = 9;
        if (args is { Count: 1 } && args[0].End - args[0].Start == 1 && _t[args[0].Start].Kind == SqlTokenKind.Number)
        {
            precision = int.Parse(_t[args[0].Start].Text, CultureInfo.InvariantCulture);
        }
        else if (args is { Count: > 0 } && name is "CURRENT_TIMESTAMP" or "CURRENT_TIME" or "LOCALTIMESTAMP" or "LOCALTIME" or "SYSDATE" or "GETDATE" or "SYSTIMESTAMP")
        {
            throw Syntax(args[0].Start, $"{name} takes an optional precision (0 to 9)");
        }

        if (args is { Count: > 0 } && name is not ("CURRENT_TIMESTAMP" or "CURRENT_TIME" or "LOCALTIMESTAMP" or "LOCALTIME"))
        {
            return null;
        }

        var local = TimeZoneInfo.ConvertTime(_scope.Now, _scope.TimeZone);
        var now = Truncate(_scope.Now, precision);
        switch (name)
        {
            case "CURRENT_TIMESTAMP" or "LOCALTIMESTAMP" or "GETDATE" or "SYSTIMESTAMP":
                return Deferred ? "current_timestamp" : $"CAST('{now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)}+00' AS TIMESTAMPTZ)";
            case "SYSDATE":
                return Deferred ? "CAST(timezone('UTC', current_timestamp) AS TIMESTAMP)" : $"CAST('{now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)}' AS TIMESTAMP)";
            case "CURRENT_DATE":
                return Deferred ? "current_date" : $"CAST('{local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}' AS DATE)";
            case "CURRENT_TIME" or "LOCALTIME":
                var time = Truncate(local, precision);
                return Deferred ? "CAST(current_timestamp AS TIME)" : $"CAST('{time.ToString("HH:mm:ss.ffffff", CultureInfo.InvariantCulture)}' AS TIME)";
            case "CURRENT_SESSION":
                return Static(SqlNames.Literal(_scope.SessionId), name);
            case "CURRENT_DATABASE":
                return Static(_scope.CurrentDatabase is null ? "CAST(NULL AS VARCHAR)" : SqlNames.Literal(_scope.CurrentDatabase), name);
            case "CURRENT_SCHEMA":
                return Static(_scope.CurrentSchema is null ? "CAST(NULL AS VARCHAR)" : SqlNames.Literal(_scope.CurrentSchema), name);
            case "CURRENT_ROLE":
                return SqlNames.Literal(_scope.Role);
            case "CURRENT_USER":
                return SqlNames.Literal(_scope.User);
            case "CURRENT_WAREHOUSE":
                return _scope.Warehouse is null ? "CAST(NULL AS VARCHAR)" : SqlNames.Literal(_scope.Warehouse);
            case "CURRENT_ACCOUNT" or "CURRENT_ACCOUNT_NAME":
                return SqlNames.Literal(_scope.Account);
            case "CURRENT_REGION":
                return "'LOCAL'";
            case "CURRENT_VERSION":
                return "'9.0.0'";
            case "CURRENT_CLIENT":
                return "'SnowMedallion.LocalSnowflake'";
            default:
                return null;
        }
    }

    private string Static(string sql, string name) =>
        Deferred ? throw LocalSnowflakeException.Unsupported($"{name}() in a view or column default") : sql;

    private static DateTimeOffset Truncate(DateTimeOffset value, int precision)
    {
        var digits = Math.Clamp(precision, 0, 7);
        var unit = (long)Math.Pow(10, 7 - digits);
        return new DateTimeOffset(value.Ticks - (value.Ticks % unit), value.Offset);
    }
}
