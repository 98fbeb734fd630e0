using SnowMedallion.Sql.Lexing;

namespace SnowMedallion.Testing.Snowflake.Translation;

/// <summary>Names: parsing dotted names from tokens, resolving them against the session, quoting them for DuckDB.</summary>
internal static class SqlNames
{
    /// <summary>DuckDB's quoted form of one stored name.</summary>
    /// <param name="name">Stored name.</param>
    /// <returns><c>"name"</c> with inner quotes doubled.</returns>
    public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>DuckDB's fully qualified form of a relation.</summary>
    /// <param name="path">The relation.</param>
    /// <returns><c>"DB"."SCHEMA"."NAME"</c>.</returns>
    public static string Quote(ObjectPath path) => Quote(path.Database) + "." + Quote(path.Schema) + "." + Quote(path.Name);

    /// <summary>A DuckDB string literal.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value in single quotes, quotes doubled.</returns>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>Reads a dotted name (<c>a</c>, <c>a.b</c>, <c>a.b.c</c>) at <paramref name="i"/>.</summary>
    /// <param name="tokens">The statement.</param>
    /// <param name="i">Index of the first part.</param>
    /// <param name="end">End of the range.</param>
    /// <param name="parts">The stored parts.</param>
    /// <returns>Index after the name.</returns>
    public static int ReadDotted(IReadOnlyList<SqlToken> tokens, int i, int end, out List<string> parts)
    {
        parts = [];
        while (i < end && tokens[i].IsIdentifier)
        {
            parts.Add(tokens[i].Value);
            if (i + 2 < end && tokens[i + 1].IsSymbol(".") && tokens[i + 2].IsIdentifier)
            {
                i += 2;
                continue;
            }

            i++;
            break;
        }

        return i;
    }

    /// <summary>Resolves a one-, two- or three-part name against the session's current database and schema.</summary>
    /// <param name="parts">The stored parts.</param>
    /// <param name="database">Current database, or null.</param>
    /// <param name="schema">Current schema, or null.</param>
    /// <param name="verb">What the statement does (for the error when there is no current database or schema).</param>
    /// <returns>The resolved path.</returns>
    public static ObjectPath Resolve(IReadOnlyList<string> parts, string? database, string? schema, string verb)
    {
        switch (parts.Count)
        {
            case 3:
                return new ObjectPath(parts[0], parts[1], parts[2]);
            case 2:
                return new ObjectPath(database ?? throw NoCurrent("database", verb), parts[0], parts[1]);
            case 1:
                return new ObjectPath(database ?? throw NoCurrent("database", verb), schema ?? throw NoCurrent("schema", verb), parts[0]);
            default:
                throw new LocalSnowflakeException(1003, "42000", $"SQL compilation error:\ninvalid object name '{string.Join('.', parts)}': write NAME, SCHEMA.NAME or DATABASE.SCHEMA.NAME.");
        }
    }

    private static LocalSnowflakeException NoCurrent(string what, string verb) =>
        new(90105, "22000", $"Cannot perform {verb}. This session does not have a current {what}. Call 'USE {what.ToUpperInvariant()}', or use a qualified name.");
}
