namespace SnowMedallion.Testing.Snowflake;

/// <summary>
/// A fully resolved Snowflake object name. Each part is the name as stored: unquoted identifiers
/// upper-cased, quoted identifiers exact. Comparison is ordinal, as Snowflake resolves stored names.
/// </summary>
internal readonly record struct ObjectPath(string Database, string Schema, string Name)
{
    /// <summary>Snowflake's display form, DATABASE.SCHEMA.NAME (parts quoted only where needed).</summary>
    public override string ToString() => $"{Show(Database)}.{Show(Schema)}.{Show(Name)}";

    private static string Show(string part) =>
        part.Length > 0 && (char.IsAsciiLetterUpper(part[0]) || part[0] == '_') &&
        part.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is '_' or '$')
            ? part
            : "\"" + part.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
