using System.Globalization;

namespace SnowMedallion.Model;

/// <summary>The Snowflake data types a pipeline's columns and procedures use.</summary>
public enum DataTypeKind
{
    /// <summary><c>VARCHAR(n)</c>.</summary>
    Varchar,

    /// <summary><c>NUMBER(p,s)</c>.</summary>
    Number,

    /// <summary><c>FLOAT</c>.</summary>
    Float,

    /// <summary><c>BOOLEAN</c>.</summary>
    Boolean,

    /// <summary><c>DATE</c>.</summary>
    Date,

    /// <summary><c>TIMESTAMP_NTZ(p)</c>.</summary>
    TimestampNtz,

    /// <summary><c>TIMESTAMP_LTZ(p)</c>.</summary>
    TimestampLtz,

    /// <summary><c>VARIANT</c>.</summary>
    Variant,
}

/// <summary>A Snowflake data type with its length, precision and scale. Create one with the static factories.</summary>
/// <param name="Kind">The type.</param>
/// <param name="Length">The maximum length of a VARCHAR; <see langword="null"/> for Snowflake's maximum.</param>
/// <param name="Precision">The precision of a NUMBER, or the fractional-second precision of a timestamp.</param>
/// <param name="Scale">The scale of a NUMBER.</param>
public sealed record DataType(DataTypeKind Kind, int? Length = null, int? Precision = null, int? Scale = null)
{
    /// <summary><c>VARCHAR</c>, <c>VARCHAR(n)</c> when a length is given.</summary>
    /// <param name="length">The maximum length in characters.</param>
    /// <returns>The type.</returns>
    public static DataType Varchar(int? length = null) => new(DataTypeKind.Varchar, Length: length);

    /// <summary><c>NUMBER(p,s)</c>.</summary>
    /// <param name="precision">Total digits (1-38).</param>
    /// <param name="scale">Digits after the point.</param>
    /// <returns>The type.</returns>
    public static DataType Number(int precision = 38, int scale = 0) => new(DataTypeKind.Number, Precision: precision, Scale: scale);

    /// <summary><c>FLOAT</c>.</summary>
    public static DataType Float { get; } = new(DataTypeKind.Float);

    /// <summary><c>BOOLEAN</c>.</summary>
    public static DataType Boolean { get; } = new(DataTypeKind.Boolean);

    /// <summary><c>DATE</c>.</summary>
    public static DataType Date { get; } = new(DataTypeKind.Date);

    /// <summary><c>VARIANT</c>.</summary>
    public static DataType Variant { get; } = new(DataTypeKind.Variant);

    /// <summary><c>TIMESTAMP_NTZ</c>, <c>TIMESTAMP_NTZ(p)</c> when a precision is given.</summary>
    /// <param name="precision">Fractional-second digits (0-9).</param>
    /// <returns>The type.</returns>
    public static DataType TimestampNtz(int? precision = null) => new(DataTypeKind.TimestampNtz, Precision: precision);

    /// <summary><c>TIMESTAMP_LTZ</c>, <c>TIMESTAMP_LTZ(p)</c> when a precision is given.</summary>
    /// <param name="precision">Fractional-second digits (0-9).</param>
    /// <returns>The type.</returns>
    public static DataType TimestampLtz(int? precision = null) => new(DataTypeKind.TimestampLtz, Precision: precision);

    /// <summary>Whether values of this type are text (collations apply).</summary>
    public bool IsText => Kind == DataTypeKind.Varchar;

    /// <summary>Renders the type as SQL, e.g. <c>VARCHAR(200)</c> or <c>NUMBER(38,0)</c>.</summary>
    /// <returns>The type text.</returns>
    public string ToSql() => Kind switch
    {
        DataTypeKind.Varchar => Length is { } n ? $"VARCHAR({Invariant(n)})" : "VARCHAR",
        DataTypeKind.Number => $"NUMBER({Invariant(Precision ?? 38)},{Invariant(Scale ?? 0)})",
        DataTypeKind.Float => "FLOAT",
        DataTypeKind.Boolean => "BOOLEAN",
        DataTypeKind.Date => "DATE",
        DataTypeKind.TimestampNtz => Precision is { } p ? $"TIMESTAMP_NTZ({Invariant(p)})" : "TIMESTAMP_NTZ",
        DataTypeKind.TimestampLtz => Precision is { } q ? $"TIMESTAMP_LTZ({Invariant(q)})" : "TIMESTAMP_LTZ",
        DataTypeKind.Variant => "VARIANT",
        _ => throw new InvalidOperationException($"Data type {Kind} has no SQL rendering."),
    };

    /// <inheritdoc/>
    public override string ToString() => ToSql();

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
