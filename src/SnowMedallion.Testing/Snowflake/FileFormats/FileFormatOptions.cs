using System.Globalization;
using SnowMedallion.Testing.Snowflake.Engine;
using SnowMedallion.Testing.Snowflake.Engine.Parsing;

namespace SnowMedallion.Testing.Snowflake.FileFormats;

/// <summary>The type and default of one file format property, as DESC FILE FORMAT reports it.</summary>
internal sealed record FormatProperty(string Name, string Type, string Default);

/// <summary>
/// A file format's options: every property with Snowflake's defaults, overridden by what the DDL set.
/// Property names, types and defaults follow https://docs.snowflake.com/en/sql-reference/sql/create-file-format.
/// </summary>
internal sealed class FileFormatOptions
{
    /// <summary>CSV properties in the order DESC FILE FORMAT lists them.</summary>
    public static readonly IReadOnlyList<FormatProperty> CsvProperties =
    [
        new("TYPE", "String", "CSV"),
        new("RECORD_DELIMITER", "String", "\\n"),
        new("FIELD_DELIMITER", "String", ","),
        new("FILE_EXTENSION", "String", string.Empty),
        new("SKIP_HEADER", "Integer", "0"),
        new("PARSE_HEADER", "Boolean", "false"),
        new("DATE_FORMAT", "String", "AUTO"),
        new("TIME_FORMAT", "String", "AUTO"),
        new("TIMESTAMP_FORMAT", "String", "AUTO"),
        new("BINARY_FORMAT", "String", "HEX"),
        new("ESCAPE", "String", "NONE"),
        new("ESCAPE_UNENCLOSED_FIELD", "String", "\\\\"),
        new("TRIM_SPACE", "Boolean", "false"),
        new("FIELD_OPTIONALLY_ENCLOSED_BY", "String", "NONE"),
        new("NULL_IF", "List", "[\\\\N]"),
        new("COMPRESSION", "String", "AUTO"),
        new("ERROR_ON_COLUMN_COUNT_MISMATCH", "Boolean", "true"),
        new("VALIDATE_UTF8", "Boolean", "true"),
        new("SKIP_BLANK_LINES", "Boolean", "false"),
        new("REPLACE_INVALID_CHARACTERS", "Boolean", "false"),
        new("EMPTY_FIELD_AS_NULL", "Boolean", "true"),
        new("SKIP_BYTE_ORDER_MARK", "Boolean", "true"),
        new("ENCODING", "String", "UTF8"),
    ];

    /// <summary>JSON properties in DESC order.</summary>
    public static readonly IReadOnlyList<FormatProperty> JsonProperties =
    [
        new("TYPE", "String", "JSON"),
        new("FILE_EXTENSION", "String", string.Empty),
        new("DATE_FORMAT", "String", "AUTO"),
        new("TIME_FORMAT", "String", "AUTO"),
        new("TIMESTAMP_FORMAT", "String", "AUTO"),
        new("BINARY_FORMAT", "String", "HEX"),
        new("TRIM_SPACE", "Boolean", "false"),
        new("NULL_IF", "List", "[]"),
        new("COMPRESSION", "String", "AUTO"),
        new("ENABLE_OCTAL", "Boolean", "false"),
        new("ALLOW_DUPLICATE", "Boolean", "false"),
        new("STRIP_OUTER_ARRAY", "Boolean", "false"),
        new("STRIP_NULL_VALUES", "Boolean", "false"),
        new("IGNORE_UTF8_ERRORS", "Boolean", "false"),
        new("REPLACE_INVALID_CHARACTERS", "Boolean", "false"),
        new("SKIP_BYTE_ORDER_MARK", "Boolean", "true"),
    ];

    private static readonly HashSet<string> Types = ["CSV", "JSON", "PARQUET", "AVRO", "ORC", "XML"];

    private readonly Dictionary<string, string> _values;

    private FileFormatOptions(string type, Dictionary<string, string> values)
    {
        Type = type;
        _values = values;
    }

    /// <summary>The format type: CSV or JSON (others are rejected when used).</summary>
    public string Type { get; }

    /// <summary>Properties for DESC, with values.</summary>
    public IReadOnlyList<(FormatProperty Property, string Value)> Describe() =>
        [.. (Type == "JSON" ? JsonProperties : CsvProperties).Select(p => (p, Value(p.Name)))];

    /// <summary>The value (as DESC shows it) of a property.</summary>
    public string Value(string name) =>
        _values.TryGetValue(name, out var v) ? v
        : name == "TYPE" ? Type
        : (Type == "JSON" ? JsonProperties : CsvProperties).FirstOrDefault(p => p.Name == name)?.Default ?? string.Empty;

    /// <summary>FIELD_DELIMITER (unescaped).</summary>
    public string FieldDelimiter => Unescape(Value("FIELD_DELIMITER"));

    /// <summary>RECORD_DELIMITER (unescaped).</summary>
    public string RecordDelimiter => Unescape(Value("RECORD_DELIMITER"));

    /// <summary>SKIP_HEADER.</summary>
    public int SkipHeader => int.Parse(Value("SKIP_HEADER"), CultureInfo.InvariantCulture);

    /// <summary>FIELD_OPTIONALLY_ENCLOSED_BY, or null for NONE.</summary>
    public string? EnclosedBy => Value("FIELD_OPTIONALLY_ENCLOSED_BY") is "NONE" or "" ? null : Unescape(Value("FIELD_OPTIONALLY_ENCLOSED_BY"));

    /// <summary>ESCAPE for enclosed fields, or null for NONE.</summary>
    public string? Escape => Value("ESCAPE") is "NONE" or "" ? null : Unescape(Value("ESCAPE"));

    /// <summary>NULL_IF strings (unescaped).</summary>
    public IReadOnlyList<string> NullIf => ParseList(Value("NULL_IF")).Select(Unescape).ToList();

    /// <summary>EMPTY_FIELD_AS_NULL.</summary>
    public bool EmptyFieldAsNull => Value("EMPTY_FIELD_AS_NULL") == "true";

    /// <summary>TRIM_SPACE.</summary>
    public bool TrimSpace => Value("TRIM_SPACE") == "true";

    /// <summary>ERROR_ON_COLUMN_COUNT_MISMATCH.</summary>
    public bool ErrorOnColumnCountMismatch => Value("ERROR_ON_COLUMN_COUNT_MISMATCH") == "true";

    /// <summary>SKIP_BLANK_LINES.</summary>
    public bool SkipBlankLines => Value("SKIP_BLANK_LINES") == "true";

    /// <summary>COMPRESSION (AUTO, GZIP, NONE...).</summary>
    public string Compression => Value("COMPRESSION");

    /// <summary>ENCODING.</summary>
    public string Encoding => Value("ENCODING");

    /// <summary>DATE_FORMAT (AUTO or a Snowflake format).</summary>
    public string DateFormat => Value("DATE_FORMAT");

    /// <summary>TIMESTAMP_FORMAT (AUTO or a Snowflake format).</summary>
    public string TimestampFormat => Value("TIMESTAMP_FORMAT");

    /// <summary>STRIP_OUTER_ARRAY (JSON).</summary>
    public bool StripOuterArray => Value("STRIP_OUTER_ARRAY") == "true";

    /// <summary>Snowflake's CSV defaults.</summary>
    public static FileFormatOptions DefaultCsv { get; } = new("CSV", []);

    /// <summary>
    /// Builds options from DDL option pairs (TYPE, FIELD_DELIMITER...). Unknown properties and
    /// unsupported types fail with an error naming them.
    /// </summary>
    public static FileFormatOptions FromOptions(IReadOnlyDictionary<string, OptionValue> options, FileFormatOptions? baseOptions = null)
    {
        var type = options.TryGetValue("TYPE", out var t) ? t.ToString().ToUpperInvariant() : baseOptions?.Type ?? "CSV";
        if (!Types.Contains(type))
        {
            throw new LocalSnowflakeException(2023, "42601", $"SQL compilation error:\nInvalid value [{type}] for parameter 'TYPE'");
        }

        var known = type == "JSON" ? JsonProperties : CsvProperties;
        var values = baseOptions is not null && baseOptions.Type == type ? new Dictionary<string, string>(baseOptions._values) : [];
        foreach (var (key, value) in options)
        {
            if (key is "TYPE" or "FORMAT_NAME")
            {
                continue;
            }

            var property = known.FirstOrDefault(p => p.Name == key)
                ?? throw new LocalSnowflakeException(1008, "22023", $"SQL compilation error:\ninvalid value [{key}] for parameter 'FILE_FORMAT option': LocalSnowflake supports {string.Join(", ", known.Select(p => p.Name))} for TYPE = {type}.");
            values[key] = property.Type switch
            {
                "Boolean" => value.AsBool() ? "true" : "false",
                "Integer" => long.Parse(value.ToString(), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                "List" => "[" + string.Join(", ", value.Items ?? [value.ToString()]) + "]",
                _ => value.Kind == TokKind.Word ? value.ToString().ToUpperInvariant() : EscapeText(value.ToString()),
            };
        }

        if (type == "CSV" && values.TryGetValue("COMPRESSION", out var compression) && compression is not ("AUTO" or "GZIP" or "NONE"))
        {
            throw LocalSnowflakeException.Unsupported($"COMPRESSION = {compression}");
        }

        return new FileFormatOptions(type, values);
    }

    /// <summary>SHOW FILE FORMATS' format_options JSON.</summary>
    public string ToJson()
    {
        var pairs = Describe().Select(d => $"\"{d.Property.Name}\":{JsonValue(d.Property, d.Value)}");
        return "{" + string.Join(",", pairs) + "}";
    }

    private static string JsonValue(FormatProperty property, string value) => property.Type switch
    {
        "Boolean" or "Integer" => value,
        "List" => "[" + string.Join(",", ParseList(value).Select(v => System.Text.Json.JsonSerializer.Serialize(Unescape(v)))) + "]",
        _ => System.Text.Json.JsonSerializer.Serialize(Unescape(value)),
    };

    private static IEnumerable<string> ParseList(string list)
    {
        var inner = list.Trim().TrimStart('[').TrimEnd(']');
        return inner.Length == 0 ? [] : inner.Split(", ");
    }

    // DESC shows control characters escaped (\n, \t); keep values in that form and unescape on use.
    private static string EscapeText(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);

    private static string Unescape(string value)
    {
        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return value;
        }

        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
                builder.Append(value[i] switch { 'n' => '\n', 'r' => '\r', 't' => '\t', var c => c });
            }
            else
            {
                builder.Append(value[i]);
            }
        }

        return builder.ToString();
    }
}
