using SnowMedallion.Testing.Snowflake.Engine.Handlers;
using SnowMedallion.Testing.Snowflake.Procedures;
using SnowMedallion.Testing.Snowflake.Tasks;

namespace SnowMedallion.Testing.Snowflake.Engine;

/// <summary>
/// THE list of statement handlers, asked in order. To support a new statement family, add one line
/// (a <see cref="StatementHandler"/> subclass). Statements no handler takes go to the generic SQL
/// path (SELECT, DML, tables, views); anything else is 0A000.
/// </summary>
internal static class StatementHandlers
{
    /// <summary>Every handler, in dispatch order.</summary>
    public static IReadOnlyList<StatementHandler> All { get; } =
    [
        new TransactionHandler(),
        new UseHandler(),
        new SessionHandler(),
        new DatabaseHandler(),
        new SchemaHandler(),
        new FileFormatHandler(),
        new StageHandler(),
        new IntegrationHandler(),
        new GrantHandler(),
        new ShowHandler(),
        new DescribeHandler(),
        new ListHandler(),
        new PutHandler(),
        new CopyIntoHandler(),
        new ProcedureHandler(),
        new TaskHandler(),
        new Streams.StreamHandler(),
        new Pipes.PipeHandler(),
    ];
}
