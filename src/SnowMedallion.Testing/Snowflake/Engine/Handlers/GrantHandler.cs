using SnowMedallion.Testing.Snowflake.Engine.Catalog;
using SnowMedallion.Testing.Snowflake.Engine.Parsing;

namespace SnowMedallion.Testing.Snowflake.Engine.Handlers;

/// <summary>GRANT / REVOKE privileges and roles: recorded (SHOW GRANTS shows them), not enforced.</summary>
/// <remarks>https://docs.snowflake.com/en/sql-reference/sql/grant-privilege , https://docs.snowflake.com/en/sql-reference/sql/revoke-privilege</remarks>
internal sealed class GrantHandler : StatementHandler
{
    public override bool CanHandle(StatementContext statement) => statement.StartsWith("GRANT") || statement.StartsWith("REVOKE");

    public override LocalResult Execute(StatementContext statement)
    {
        var cursor = statement.Cursor();
        var grant = cursor.TryKeywords("GRANT");
        if (!grant)
        {
            cursor.Expect("REVOKE");
            cursor.TryKeywords("GRANT", "OPTION", "FOR");
        }

        var tokens = cursor.Tokens;
        var on = IndexOf(tokens, cursor.Position, "ON");
        var to = IndexOf(tokens, cursor.Position, grant ? "TO" : "FROM");
        if (to < 0)
        {
            throw cursor.SyntaxError(grant ? "TO" : "FROM");
        }

        string privileges;
        string grantedOn;
        string name;
        if (on >= 0 && on < to)
        {
            privileges = Words(tokens, cursor.Position, on);
            var objectTokens = tokens.Skip(on + 1).Take(to - on - 1).ToList();
            var kindWords = objectTokens.TakeWhile(t => t.Kind == TokKind.Word && IsKindWord(t.Value)).ToList();
            grantedOn = string.Join(' ', kindWords.Select(t => t.Value));
            var nameTokens = objectTokens.Skip(kindWords.Count).ToList();
            name = nameTokens.Count == 0 ? string.Empty : Qualify(statement, grantedOn, cursor.Text[nameTokens[0].Start..(nameTokens[^1].Start + nameTokens[^1].Length)]);
        }
        else
        {
            // GRANT ROLE r TO ...
            privileges = "USAGE";
            var roleTokens = tokens.Skip(cursor.Position).Take(to - cursor.Position).ToList();
            grantedOn = roleTokens.Count > 0 && roleTokens[0].Is("DATABASE") ? "DATABASE_ROLE" : "ROLE";
            name = string.Join(string.Empty, roleTokens.Where(t => !t.Is("ROLE") && !t.Is("DATABASE")).Select(t => t.Value));
        }

        cursor.Position = to + 1;
        var granteeKind = cursor.Next().Value.ToUpperInvariant();
        if (granteeKind == "DATABASE")
        {
            cursor.Expect("ROLE");
            granteeKind = "DATABASE_ROLE";
        }

        var grantee = string.Join('.', cursor.QualifiedName());
        var withGrantOption = cursor.TryKeywords("WITH", "GRANT", "OPTION");
        _ = cursor.TryKeywords("CASCADE") || cursor.TryKeywords("RESTRICT") || cursor.TryKeywords("COPY", "CURRENT", "GRANTS");
        cursor.ExpectEnd();
        var now = statement.Engine.Time.GetUtcNow();
        foreach (var privilege in privileges.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var entry = new GrantEntry(now, privilege, grantedOn.Length == 0 ? "ACCOUNT" : grantedOn, name, granteeKind, grantee, withGrantOption);
            if (grant)
            {
                statement.Engine.Catalog.Grant(entry);
            }
            else
            {
                statement.Engine.Catalog.Revoke(entry);
            }
        }

        return LocalResult.Status("Statement executed successfully.");
    }

    private static bool IsKindWord(string word) => word is "DATABASE" or "SCHEMA" or "TABLE" or "VIEW" or "STAGE" or "FILE" or "FORMAT"
        or "INTEGRATION" or "WAREHOUSE" or "PIPE" or "STREAM" or "TASK" or "PROCEDURE" or "FUNCTION" or "ALL" or "FUTURE" or "TABLES"
        or "VIEWS" or "SCHEMAS" or "STAGES" or "PIPES" or "STREAMS" or "TASKS" or "PROCEDURES" or "IN" or "ACCOUNT" or "ROLE" or "USER" or "SEQUENCE";

    private static string Qualify(StatementContext statement, string kind, string name)
    {
        var tokens = EngineTokens.Tokenize(name);
        if (kind is "DATABASE" or "INTEGRATION" or "WAREHOUSE" or "ROLE" or "USER" || tokens.Any(t => t.IsSymbol("(")))
        {
            return string.Concat(tokens.Select(t => t.Kind == TokKind.Word ? t.Value : t.Text));
        }

        var parts = tokens.Where(t => t.IsIdentifier).Select(t => t.Value).ToList();
        if (kind == "SCHEMA")
        {
            return parts.Count == 2 ? SnowflakeErrors.Show(parts[0], parts[1]) : SnowflakeErrors.Show(statement.Session.Database ?? string.Empty, parts[0]);
        }

        return parts.Count is >= 1 and <= 3 ? statement.Resolve(parts, "GRANT").ToString() : name;
    }

    private static string Words(IReadOnlyList<Tok> tokens, int from, int to) =>
        string.Join(' ', tokens.Skip(from).Take(to - from).Select(t => t.IsSymbol(",") ? "," : t.Value)).Replace(" ,", ",", StringComparison.Ordinal);

    private static int IndexOf(IReadOnlyList<Tok> tokens, int from, string keyword)
    {
        for (var i = from; i < tokens.Count; i++)
        {
            if (tokens[i].Is(keyword))
            {
                return i;
            }
        }

        return -1;
    }
}
