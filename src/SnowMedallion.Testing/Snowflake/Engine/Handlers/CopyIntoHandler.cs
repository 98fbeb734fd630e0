using SnowMedallion.Testing.Snowflake.Copy;

namespace SnowMedallion.Testing.Snowflake.Engine.Handlers;

/// <summary>COPY INTO &lt;table&gt; (bulk load): parses and runs <see cref="CopyIntoExecutor"/>.</summary>
/// <remarks>https://docs.snowflake.com/en/sql-reference/sql/copy-into-table</remarks>
internal sealed class CopyIntoHandler : StatementHandler
{
    public override bool CanHandle(StatementContext statement) => statement.StartsWith("COPY", "INTO");

    public override LocalResult Execute(StatementContext statement)
    {
        var request = CopyStatementParser.Parse(statement, pipe: null, OnErrorMode.AbortStatement);
        var returnFailedOnly = statement.Tokens.Any(t => t.Is("RETURN_FAILED_ONLY"));
        var results = statement.Engine.Copy.Execute(statement.Session, request);
        if (returnFailedOnly)
        {
            var failed = results.Where(r => r.Status != "LOADED").ToList();
            if (failed.Count == 0 && results.Count > 0)
            {
                return CopyIntoExecutor.ToResult(results) with { Rows = [] };
            }

            results = failed;
        }

        return CopyIntoExecutor.ToResult(results);
    }
}
