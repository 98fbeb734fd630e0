using System.Globalization;
using SnowMedallion.Sql.Lexing;

namespace SnowMedallion.Testing.Snowflake.Translation;

/// <summary>A Snowflake data type and the DuckDB type that stores it.</summary>
/// <param name="Snowflake">Snowflake's name as SHOW/DESC print it, e.g. <c>VARCHAR(200)</c>, <c>NUMBER(38,0)</c>.</param>
/// <param name="DuckDb">The DuckDB type, e.g. <c>VARCHAR</c>, <c>DECIMAL(38,0)</c>.</param>
/// <param name="MaxLength">For text types declared with a length: the length to enforce, else null.</param>
internal sealed record SqlType(string Snowflake, string DuckDb, int? MaxLength = null)
{
    /// <summary>True for VARCHAR and its synonyms.</summary>
    public bool IsText => DuckDb == "VARCHAR";
}

/// <summary>
/// Snowflake data types (https://docs.snowflake.com/en/sql-reference/intro-summary-data-types) and their DuckDB
/// storage. Every fixed-point type (INT, BIGINT, NUMBER...) is NUMBER(p,s) in Snowflake and DECIMAL(p,s) here;
/// VARIANT, OBJECT and ARRAY are DuckDB JSON; TIMESTAMP_LTZ and TIMESTAMP_TZ are TIMESTAMPTZ (the offset of a
/// TIMESTAMP_TZ value is not kept); BINARY is BLOB.
/// </summary>
internal static class SnowflakeTypes
{
    private const int MaxVarchar = 16777216;

    /// <summary>Parses a type at <paramref name="i"/>; returns the index after it.</summary>
    /// <param name="tokens">The statement.</param>
    /// <param name="i">Index of the type's first token.</param>
    /// <param name="end">End of the range the type lies in.</param>
    /// <param name="type">The type.</param>
    /// <returns>Index of the first token after the type.</returns>
    public static int Parse(IReadOnlyList<SqlToken> tokens, int i, int end, out SqlType type)
    {
        if (i >= end || tokens[i].Kind != SqlTokenKind.Identifier)
        {
            throw new LocalSnowflakeException(1003, "42000", $"SQL compilation error:\nsyntax error: a data type was expected {Near(tokens, i)}.");
        }

        var name = tokens[i].Value;
        i++;

        // Multi-word names.
        if (name is "DOUBLE" && Is(tokens, i, end, "PRECISION"))
        {
            i++;
        }
        else if (name is "CHARACTER" or "CHAR" or "NCHAR" && Is(tokens, i, end, "VARYING"))
        {
            name = "VARCHAR";
            i++;
        }
        else if (name is "TIMESTAMP" or "TIME" && Is(tokens, i, end, "WITH") && Is(tokens, i + 1, end, "LOCAL"))
        {
            name = "TIMESTAMP_LTZ";
            i += 4;
        }
        else if (name is "TIMESTAMP" && Is(tokens, i, end, "WITH"))
        {
            name = "TIMESTAMP_TZ";
            i += 3;
        }
        else if (name is "TIMESTAMP" && Is(tokens, i, end, "WITHOUT"))
        {
            name = "TIMESTAMP_NTZ";
            i += 3;
        }

        var args = new List<int>();
        if (i < end && tokens[i].IsSymbol("("))
        {
            i++;
            while (i < end && !tokens[i].IsSymbol(")"))
            {
                if (tokens[i].Kind == SqlTokenKind.Number && int.TryParse(tokens[i].Text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    args.Add(n);
                }
                else if (!tokens[i].IsSymbol(","))
                {
                    throw LocalSnowflakeException.Unsupported($"data type {name}({tokens[i].Text}...)");
                }

                i++;
            }

            i++;
        }

        type = Map(name, args);
        return i;
    }

    /// <summary>Maps a Snowflake type name and its arguments.</summary>
    /// <param name="name">Upper-cased type name.</param>
    /// <param name="args">Numeric arguments.</param>
    /// <returns>The type.</returns>
    public static SqlType Map(string name, IReadOnlyList<int> args)
    {
        int Arg(int index, int fallback) => args.Count > index ? args[index] : fallback;
        switch (name)
        {
            case "VARCHAR" or "STRING" or "TEXT" or "NVARCHAR" or "NVARCHAR2" or "CHAR_VARYING":
                return args.Count > 0 ? new SqlType($"VARCHAR({args[0]})", "VARCHAR", args[0]) : new SqlType($"VARCHAR({MaxVarchar})", "VARCHAR");
            case "CHAR" or "CHARACTER" or "NCHAR":
                var length = Arg(0, 1);
                return new SqlType($"VARCHAR({length})", "VARCHAR", length);
            case "NUMBER" or "DECIMAL" or "NUMERIC" or "DEC":
                var precision = Arg(0, 38);
                var scale = Arg(1, 0);
                if (precision is < 1 or > 38 || scale < 0 || scale > precision)
                {
                    throw new LocalSnowflakeException(1003, "42000", $"SQL compilation error:\nNUMBER({precision},{scale}): precision must be 1 to 38 and scale 0 to the precision.");
                }

                return new SqlType($"NUMBER({precision},{scale})", $"DECIMAL({precision},{scale})");
            case "INT" or "INTEGER" or "BIGINT" or "SMALLINT" or "TINYINT" or "BYTEINT":
                return new SqlType("NUMBER(38,0)", "DECIMAL(38,0)");
            case "FLOAT" or "FLOAT4" or "FLOAT8" or "DOUBLE" or "REAL":
                return new SqlType("FLOAT", "DOUBLE");
            case "BOOLEAN":
                return new SqlType("BOOLEAN", "BOOLEAN");
            case "DATE":
                return new SqlType("DATE", "DATE");
            case "TIME":
                return new SqlType($"TIME({Arg(0, 9)})", "TIME");
            case "DATETIME" or "TIMESTAMP" or "TIMESTAMP_NTZ" or "TIMESTAMPNTZ":
                return new SqlType($"TIMESTAMP_NTZ({Arg(0, 9)})", "TIMESTAMP");
            case "TIMESTAMP_LTZ" or "TIMESTAMPLTZ":
                return new SqlType($"TIMESTAMP_LTZ({Arg(0, 9)})", "TIMESTAMPTZ");
            case "TIMESTAMP_TZ" or "TIMESTAMPTZ":
                return new SqlType($"TIMESTAMP_TZ({Arg(0, 9)})", "TIMESTAMPTZ");
            case "VARIANT" or "OBJECT" or "ARRAY":
                return new SqlType(name, "JSON");
            case "BINARY" or "VARBINARY":
                return new SqlType($"BINARY({Arg(0, 8388608)})", "BLOB");
            default:
                throw LocalSnowflakeException.Unsupported($"data type {name}");
        }
    }

    /// <summary>The Snowflake type and .NET type a DuckDB result column reports.</summary>
    /// <param name="duckType">DuckDB's type name as DESCRIBE prints it.</param>
    /// <returns>Snowflake type name and CLR type.</returns>
    public static (string Snowflake, Type Clr) FromDuckDb(string duckType)
    {
        ArgumentNullException.ThrowIfNull(duckType);
        if (duckType.StartsWith("DECIMAL(", StringComparison.Ordinal))
        {
            var parts = duckType[8..^1].Split(',');
            var scale = int.Parse(parts[1], CultureInfo.InvariantCulture);
            return ($"NUMBER({parts[0].Trim()},{scale})", scale == 0 ? typeof(long) : typeof(decimal));
        }

        return duckType switch
        {
            "BOOLEAN" => ("BOOLEAN", typeof(bool)),
            "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "UTINYINT" or "USMALLINT" or "UINTEGER" => ("NUMBER(38,0)", typeof(long)),
            "UBIGINT" or "HUGEINT" or "UHUGEINT" => ("NUMBER(38,0)", typeof(decimal)),
            "FLOAT" or "DOUBLE" => ("FLOAT", typeof(double)),
            "DATE" => ("DATE", typeof(DateTime)),
            "TIME" => ("TIME(9)", typeof(TimeSpan)),
            "TIMESTAMP WITH TIME ZONE" => ("TIMESTAMP_LTZ(9)", typeof(DateTimeOffset)),
            "BLOB" => ("BINARY", typeof(byte[])),
            "JSON" => ("VARIANT", typeof(string)),
            _ when duckType.StartsWith("TIMESTAMP", StringComparison.Ordinal) => ("TIMESTAMP_NTZ(9)", typeof(DateTime)),
            _ when duckType.EndsWith("[]", StringComparison.Ordinal) || duckType.StartsWith("STRUCT", StringComparison.Ordinal) || duckType.StartsWith("MAP", StringComparison.Ordinal) => ("VARIANT", typeof(string)),
            _ => ("TEXT", typeof(string)),
        };
    }

    private static bool Is(IReadOnlyList<SqlToken> tokens, int i, int end, string keyword) => i < end && tokens[i].IsKeyword(keyword);

    private static string Near(IReadOnlyList<SqlToken> tokens, int i) =>
        i < tokens.Count ? $"near '{tokens[i].Text}'" : "at the end of the statement";
}
