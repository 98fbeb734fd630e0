using SnowMedallion.Execution;

namespace SnowMedallion.Tests.Ingestion;

/// <summary>
/// Answers <c>DESC PIPE</c> with the columns Snowflake documents
/// (https://docs.snowflake.com/en/sql-reference/sql/desc-pipe), until LocalSnowflake does.
/// </summary>
internal sealed class FakeDescPipeExecutor(string pipeName, string? notificationChannel) : ISnowflakeExecutor
{
    private static readonly string[] Columns =
    [
        "created_on", "name", "database_name", "schema_name", "definition", "owner", "notification_channel",
        "comment", "integration", "pattern", "error_integration", "owner_role_type", "invalid_reason", "kind",
    ];

    public List<string> Statements { get; } = [];

    public Task<SnowflakeResult> ExecuteAsync(SnowflakeStatement statement, CancellationToken cancellationToken = default)
    {
        Statements.Add(statement.Sql);
        if (!string.Equals(statement.Sql, "DESC PIPE " + pipeName, StringComparison.Ordinal))
        {
            throw new SnowflakeStatementException($"Pipe '{statement.Sql}' does not exist or not authorized.", 2003, "02000", statement.Sql);
        }

        var parts = pipeName.Split('.');
        object?[] row =
        [
            DateTimeOffset.UnixEpoch, parts[^1], parts[0], parts[1], "COPY INTO ... FROM @stage", "SYSADMIN", notificationChannel,
            string.Empty, null, null, null, "ROLE", null, "STAGE",
        ];
        return Task.FromResult(new SnowflakeResult(Columns, [row]));
    }
}
