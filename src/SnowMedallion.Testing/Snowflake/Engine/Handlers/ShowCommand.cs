using System.Text.RegularExpressions;
using SnowMedallion.Testing.Snowflake.Engine.Parsing;

namespace SnowMedallion.Testing.Snowflake.Engine.Handlers;

/// <summary>
/// A parsed <c>SHOW [TERSE] &lt;kind&gt; [LIKE 'p'] [IN ACCOUNT | DATABASE [d] | SCHEMA [s] | s] [STARTS WITH 's'] [LIMIT n]</c>.
/// Reusable by handlers of other SHOW kinds (pipes, streams, tasks, procedures).
/// </summary>
/// <remarks>https://docs.snowflake.com/en/sql-reference/sql/show</remarks>
internal sealed class ShowCommand
{
    private Regex? _like;

    /// <summary>The kind words (e.g. <c>FILE FORMATS</c>).</summary>
    public required string Kind { get; init; }

    /// <summary>Database scope, or null for the whole account.</summary>
    public string? Database { get; init; }

    /// <summary>Schema scope, or null.</summary>
    public string? Schema { get; init; }

    /// <summary>The LIKE pattern, or null.</summary>
    public string? Like { get; init; }

    /// <summary>STARTS WITH prefix, or null.</summary>
    public string? StartsWith { get; init; }

    /// <summary>LIMIT, or null.</summary>
    public long? Limit { get; init; }

    /// <summary>SHOW TERSE was given.</summary>
    public bool Terse { get; init; }

    /// <summary>ROOT ONLY was given (SHOW TASKS only).</summary>
    public bool RootOnly { get; init; }

    /// <summary>True if <paramref name="statement"/> is <c>SHOW [TERSE] kind...</c>.</summary>
    public static bool Matches(StatementContext statement, params string[] kind)
    {
        var offset = statement.Tokens.Count > 1 && statement.Tokens[1].Is("TERSE") ? 2 : 1;
        if (!statement.StartsWith("SHOW"))
        {
            return false;
        }

        for (var i = 0; i < kind.Length; i++)
        {
            if (offset + i >= statement.Tokens.Count || !statement.Tokens[offset + i].Is(kind[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses the statement; <paramref name="kindWords"/> is how many words name the kind.</summary>
    /// <param name="statement">The SHOW statement.</param>
    /// <param name="kindWords">Number of words of the kind (FILE FORMATS = 2).</param>
    /// <param name="schemaScoped">True for schema objects: the default scope is the current database.</param>
    public static ShowCommand Parse(StatementContext statement, int kindWords, bool schemaScoped = true)
    {
        var cursor = statement.Cursor();
        cursor.Expect("SHOW");
        var terse = cursor.TryKeywords("TERSE");
        var kind = string.Join(' ', Enumerable.Range(0, kindWords).Select(_ => cursor.Next().Value));
        string? like = null;
        if (cursor.TryKeywords("LIKE"))
        {
            like = cursor.StringLiteral();
        }

        string? database = statement.Session.Database;
        string? schema = null;
        if (cursor.TryKeywords("IN"))
        {
            if (cursor.TryKeywords("ACCOUNT"))
            {
                database = null;
            }
            else if (cursor.TryKeywords("DATABASE"))
            {
                database = cursor.Current.IsIdentifier && !cursor.Current.Is("STARTS") && !cursor.Current.Is("LIMIT")
                    ? cursor.Identifier()
                    : statement.Session.Database ?? throw SnowflakeErrors.NoCurrentDatabase("SHOW");
                statement.Engine.Catalog.GetDatabase(database);
            }
            else
            {
                var explicitSchema = cursor.TryKeywords("SCHEMA");
                if (explicitSchema && (cursor.AtEnd || cursor.Current.Is("STARTS") || cursor.Current.Is("LIMIT")))
                {
                    database = statement.Session.Database ?? throw SnowflakeErrors.NoCurrentDatabase("SHOW");
                    schema = statement.Session.Schema ?? throw SnowflakeErrors.NoCurrentSchema("SHOW");
                }
                else
                {
                    var parts = cursor.QualifiedName();
                    if (parts.Count == 2)
                    {
                        (database, schema) = (parts[0], parts[1]);
                    }
                    else if (explicitSchema || schemaScoped)
                    {
                        database = statement.Session.Database ?? throw SnowflakeErrors.NoCurrentDatabase("SHOW");
                        schema = parts[0];
                    }
                    else
                    {
                        database = parts[0];
                    }
                }

                if (schema is not null)
                {
                    statement.Engine.Catalog.GetSchema(database!, schema);
                }
            }
        }

        string? startsWith = null;
        if (cursor.TryKeywords("STARTS", "WITH"))
        {
            startsWith = cursor.StringLiteral();
        }

        // SHOW TASKS ... ROOT ONLY (https://docs.snowflake.com/en/sql-reference/sql/show-tasks).
        var rootOnly = kind.Equals("TASKS", StringComparison.OrdinalIgnoreCase) && cursor.TryKeywords("ROOT", "ONLY");
        long? limit = null;
        if (cursor.TryKeywords("LIMIT"))
        {
            limit = cursor.Integer();
        }

        cursor.ExpectEnd();
        return new ShowCommand { Kind = kind, Database = schemaScoped ? database : database, Schema = schema, Like = like, StartsWith = startsWith, Limit = limit, Terse = terse, RootOnly = rootOnly };
    }

    /// <summary>True when an object named <paramref name="name"/> in <paramref name="database"/>.<paramref name="schema"/> is in scope and matches.</summary>
    public bool Includes(string name, string? database = null, string? schema = null)
    {
        if (Database is not null && database is not null && database != Database)
        {
            return false;
        }

        if (Schema is not null && schema is not null && schema != Schema)
        {
            return false;
        }

        if (StartsWith is not null && !name.StartsWith(StartsWith, StringComparison.Ordinal))
        {
            return false;
        }

        if (Like is null)
        {
            return true;
        }

        _like ??= new Regex(
            "^" + string.Concat(Like.Select(c => c switch { '%' => ".*", '_' => ".", _ => Regex.Escape(c.ToString()) })) + "$",
            RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);
        return _like.IsMatch(name);
    }

    /// <summary>Applies LIMIT.</summary>
    public IEnumerable<T> Take<T>(IEnumerable<T> rows) => Limit is { } n ? rows.Take((int)n) : rows;
}

/// <summary>Builds SHOW / DESC results: every column TEXT unless typed otherwise.</summary>
internal static class ShowResults
{
    /// <summary>A result with the given columns (name or name:TYPE) and rows.</summary>
    public static LocalResult Build(IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
    {
        var list = rows.ToList();
        var cols = columns.Select((c, i) =>
        {
            var parts = c.Split(':');
            var type = parts.Length > 1 ? parts[1] : "TEXT";
            var clr = type switch
            {
                "TIMESTAMP_LTZ" => typeof(DateTimeOffset),
                "NUMBER" => typeof(long),
                "BOOLEAN" => typeof(bool),
                _ => typeof(string),
            };
            return new LocalColumn(parts[0], type, clr);
        }).ToList();
        return new LocalResult(cols, list);
    }
}
