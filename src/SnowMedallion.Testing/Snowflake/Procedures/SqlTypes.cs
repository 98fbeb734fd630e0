namespace SnowMedallion.Testing.Snowflake.Procedures;

/// <summary>How a Snowflake SQL type maps to JavaScript (the documented SQL-JavaScript data type mapping).</summary>
internal enum SqlTypeCategory
{
    /// <summary>NUMBER / DECIMAL / INT ...: a JavaScript number.</summary>
    Number,

    /// <summary>FLOAT / DOUBLE / REAL: a JavaScript number.</summary>
    Float,

    /// <summary>VARCHAR / STRING / TEXT / CHAR: a JavaScript string.</summary>
    Text,

    /// <summary>BOOLEAN: a JavaScript boolean.</summary>
    Boolean,

    /// <summary>DATE: a JavaScript Date.</summary>
    Date,

    /// <summary>TIME: a JavaScript string.</summary>
    Time,

    /// <summary>TIMESTAMP_NTZ / _LTZ / _TZ: a JavaScript Date (SfDate).</summary>
    Timestamp,

    /// <summary>VARIANT: any JSON value.</summary>
    Variant,

    /// <summary>OBJECT: a JavaScript object.</summary>
    Object,

    /// <summary>ARRAY: a JavaScript array.</summary>
    Array,

    /// <summary>BINARY: a Uint8Array.</summary>
    Binary,

    /// <summary>A type the host has no mapping for (GEOGRAPHY, VECTOR ...): passed as text.</summary>
    Other,
}

/// <summary>Helpers over Snowflake type names.</summary>
internal static class SqlTypes
{
    /// <summary>The type name without parameters, synonyms kept: <c>VARCHAR(200)</c> gives <c>VARCHAR</c>.</summary>
    /// <param name="dataType">The type as written.</param>
    /// <returns>The base name, upper case.</returns>
    public static string BaseName(string dataType)
    {
        ArgumentNullException.ThrowIfNull(dataType);
        var paren = dataType.IndexOf('(', StringComparison.Ordinal);
        return (paren < 0 ? dataType : dataType[..paren]).Trim().ToUpperInvariant();
    }

    /// <summary>The JavaScript mapping category of a type.</summary>
    /// <param name="dataType">A Snowflake type name (parameters allowed).</param>
    /// <returns>The category.</returns>
    public static SqlTypeCategory Categorize(string dataType) => BaseName(dataType) switch
    {
        "NUMBER" or "DECIMAL" or "NUMERIC" or "INT" or "INTEGER" or "BIGINT" or "SMALLINT" or "TINYINT" or "BYTEINT" or "FIXED" => SqlTypeCategory.Number,
        "FLOAT" or "FLOAT4" or "FLOAT8" or "DOUBLE" or "DOUBLE PRECISION" or "REAL" or "DECFLOAT" => SqlTypeCategory.Float,
        "VARCHAR" or "STRING" or "TEXT" or "CHAR" or "CHARACTER" or "NCHAR" or "NVARCHAR" or "NVARCHAR2" or "CHAR VARYING" or "NCHAR VARYING" => SqlTypeCategory.Text,
        "BOOLEAN" or "BOOL" => SqlTypeCategory.Boolean,
        "DATE" => SqlTypeCategory.Date,
        "TIME" => SqlTypeCategory.Time,
        "TIMESTAMP" or "TIMESTAMP_NTZ" or "TIMESTAMP_LTZ" or "TIMESTAMP_TZ" or "DATETIME" or "TIMESTAMPNTZ" or "TIMESTAMPLTZ" or "TIMESTAMPTZ" => SqlTypeCategory.Timestamp,
        "VARIANT" => SqlTypeCategory.Variant,
        "OBJECT" => SqlTypeCategory.Object,
        "ARRAY" => SqlTypeCategory.Array,
        "BINARY" or "VARBINARY" => SqlTypeCategory.Binary,
        _ => SqlTypeCategory.Other,
    };
}
