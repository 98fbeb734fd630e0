namespace SnowMedallion.Testing.Snowflake.Engine;

/// <summary>Snowflake's error texts and codes for the statements the engine handles, in one place.</summary>
internal static class SnowflakeErrors
{
    /// <summary>002002 / 42710: <c>Object 'X' already exists.</c></summary>
    public static LocalSnowflakeException AlreadyExists(string displayName) =>
        new(2002, "42710", $"SQL compilation error:\nObject '{displayName}' already exists.");

    /// <summary>002003 / 02000: <c>Kind 'X' does not exist or not authorized.</c></summary>
    public static LocalSnowflakeException DoesNotExist(string kind, string displayName) =>
        new(2003, "02000", $"SQL compilation error:\n{kind} '{displayName}' does not exist or not authorized.");

    /// <summary>090105 / 22000: an unqualified name with no current database.</summary>
    public static LocalSnowflakeException NoCurrentDatabase(string action) =>
        new(90105, "22000", $"Cannot perform {action}. This session does not have a current database. Call 'USE DATABASE', or use a qualified name.");

    /// <summary>090106 / 22000: an unqualified name with no current schema.</summary>
    public static LocalSnowflakeException NoCurrentSchema(string action) =>
        new(90106, "22000", $"Cannot perform {action}. This session does not have a current schema. Call 'USE SCHEMA', or use a qualified name.");

    /// <summary>002003 / 02000 used by the generic statement path for any missing object.</summary>
    public static LocalSnowflakeException ObjectDoesNotExist(string displayName) =>
        DoesNotExist("Object", displayName);

    /// <summary>Display form of a database or schema name (quoted where needed).</summary>
    public static string Show(params string[] parts) =>
        string.Join('.', parts.Select(p =>
            p.Length > 0 && (char.IsAsciiLetterUpper(p[0]) || p[0] == '_') && p.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is '_' or '$')
                ? p
                : "\"" + p.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
}
