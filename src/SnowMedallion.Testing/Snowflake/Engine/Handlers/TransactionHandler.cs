namespace SnowMedallion.Testing.Snowflake.Engine.Handlers;

/// <summary>BEGIN [TRANSACTION|WORK] / START TRANSACTION / COMMIT [WORK] / ROLLBACK [WORK].</summary>
/// <remarks>https://docs.snowflake.com/en/sql-reference/transactions</remarks>
internal sealed class TransactionHandler : StatementHandler
{
    public override bool CanHandle(StatementContext statement) =>
        statement.StartsWith("BEGIN") || statement.StartsWith("START", "TRANSACTION") ||
        statement.StartsWith("COMMIT") || statement.StartsWith("ROLLBACK");

    public override LocalResult Execute(StatementContext statement)
    {
        var cursor = statement.Cursor();
        var session = statement.Session;
        if (cursor.TryKeywords("BEGIN") || cursor.TryKeywords("START", "TRANSACTION"))
        {
            _ = cursor.TryKeywords("TRANSACTION") || cursor.TryKeywords("WORK");
            if (cursor.TryKeywords("NAME"))
            {
                cursor.Identifier();
            }

            cursor.ExpectEnd();
            session.Begin();
            return LocalResult.Status("Statement executed successfully.");
        }

        var commit = cursor.TryKeywords("COMMIT");
        if (!commit)
        {
            cursor.Expect("ROLLBACK");
        }

        cursor.TryKeywords("WORK");
        cursor.ExpectEnd();
        if (commit)
        {
            session.Commit();
        }
        else
        {
            session.Rollback();
        }

        return LocalResult.Status("Statement executed successfully.");
    }
}
