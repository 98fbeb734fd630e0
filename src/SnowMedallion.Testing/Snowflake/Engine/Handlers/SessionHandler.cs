namespace SnowMedallion.Testing.Snowflake.Engine.Handlers;

/// <summary>ALTER SESSION SET / UNSET parameters (recorded per session).</summary>
/// <remarks>https://docs.snowflake.com/en/sql-reference/sql/alter-session</remarks>
internal sealed class SessionHandler : StatementHandler
{
    public override bool CanHandle(StatementContext statement) => statement.StartsWith("ALTER", "SESSION");

    public override LocalResult Execute(StatementContext statement)
    {
        var cursor = statement.Cursor();
        cursor.Expect("ALTER", "SESSION");
        if (cursor.TryKeywords("SET"))
        {
            foreach (var (key, value) in cursor.Options())
            {
                statement.Session.SetParameter(key, value.ToString());
            }
        }
        else
        {
            cursor.Expect("UNSET");
            do
            {
                statement.Session.UnsetParameter(cursor.Identifier());
            }
            while (cursor.TrySymbol(","));
        }

        cursor.ExpectEnd();
        return LocalResult.Status("Statement executed successfully.");
    }
}
