using SnowMedallion.Sql.Lexing;
using SnowMedallion.Testing.Snowflake.Engine.Parsing;

namespace SnowMedallion.Testing.Snowflake.Engine;

/// <summary>One statement being executed: its text, tokens, session and engine.</summary>
internal sealed class StatementContext
{
    private IReadOnlyList<SqlToken>? _sqlTokens;

    public StatementContext(Session session, string text, IReadOnlyList<Tok> tokens)
    {
        Session = session;
        Text = text;
        Tokens = tokens;
    }

    /// <summary>The session running the statement.</summary>
    public Session Session { get; }

    /// <summary>The engine.</summary>
    public SnowflakeEngine Engine => Session.Engine;

    /// <summary>The statement text (binds already substituted, no trailing semicolon).</summary>
    public string Text { get; }

    /// <summary>The statement's tokens.</summary>
    public IReadOnlyList<Tok> Tokens { get; }

    /// <summary>The statement's tokens as the shared tokenizer produces them (for the translator).</summary>
    public IReadOnlyList<SqlToken> SqlTokens => _sqlTokens ??= EngineTokens.TokenizeShared(Text);

    /// <summary>A fresh cursor at the first token.</summary>
    public TokenCursor Cursor() => new(Tokens, Text);

    /// <summary>True if the statement starts with these keywords.</summary>
    public bool StartsWith(params string[] keywords)
    {
        for (var i = 0; i < keywords.Length; i++)
        {
            if (i >= Tokens.Count || !Tokens[i].Is(keywords[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True if the statement is <c>CREATE [OR REPLACE] [modifiers...] &lt;kind words&gt;</c>, skipping the
    /// words in <paramref name="modifiers"/> between CREATE and the kind.
    /// </summary>
    public bool IsCreateOf(string[] kind, params string[] modifiers)
    {
        if (!StartsWith("CREATE"))
        {
            return false;
        }

        var i = 1;
        if (i + 1 < Tokens.Count && Tokens[i].Is("OR") && Tokens[i + 1].Is("REPLACE"))
        {
            i += 2;
        }

        while (i < Tokens.Count && modifiers.Any(m => Tokens[i].Is(m)))
        {
            i++;
        }

        for (var k = 0; k < kind.Length; k++, i++)
        {
            if (i >= Tokens.Count || !Tokens[i].Is(kind[k]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Resolves a one-to-three part name against the session's current database and schema.</summary>
    public ObjectPath Resolve(IReadOnlyList<string> parts, string action)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return parts.Count switch
        {
            3 => new ObjectPath(parts[0], parts[1], parts[2]),
            2 => new ObjectPath(Session.Database ?? throw SnowflakeErrors.NoCurrentDatabase(action), parts[0], parts[1]),
            _ => new ObjectPath(
                Session.Database ?? throw SnowflakeErrors.NoCurrentDatabase(action),
                Session.Schema ?? throw SnowflakeErrors.NoCurrentSchema(action),
                parts[0]),
        };
    }

    /// <summary>Resolves a name and checks that its schema exists (002003 otherwise).</summary>
    public ObjectPath ResolveInExistingSchema(IReadOnlyList<string> parts, string action)
    {
        var path = Resolve(parts, action);
        Engine.Catalog.GetSchema(path.Database, path.Schema);
        return path;
    }
}

/// <summary>
/// Executes one family of statements. Subclasses are listed once in <see cref="StatementHandlers"/>;
/// the dispatcher asks each in order whether it takes a statement (from its leading tokens).
/// </summary>
internal abstract class StatementHandler
{
    /// <summary>True if this handler executes the statement.</summary>
    public abstract bool CanHandle(StatementContext statement);

    /// <summary>Executes the statement. Runs under the session's gate; throw <see cref="LocalSnowflakeException"/> on errors.</summary>
    public abstract LocalResult Execute(StatementContext statement);
}
