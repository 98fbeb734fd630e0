using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace SnowMedallion.Testing.Snowflake.Ado;

/// <summary>A command on a LocalSnowflake session. Text may hold several statements (one result set each).</summary>
internal sealed class LocalSnowflakeCommand : DbCommand
{
    private readonly LocalSnowflakeParameterCollection _parameters = new();
    private string _commandText = string.Empty;

    [AllowNull]
    public override string CommandText
    {
        get => _commandText;
        set => _commandText = value ?? string.Empty;
    }

    public override int CommandTimeout { get; set; } = 30;

    public override CommandType CommandType { get; set; } = CommandType.Text;

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection { get; set; }

    protected override DbParameterCollection DbParameterCollection => _parameters;

    protected override DbTransaction? DbTransaction { get; set; }

    public override void Cancel()
    {
        // Statements run synchronously to completion.
    }

    public override int ExecuteNonQuery()
    {
        var results = Run();
        var affected = results.Where(r => r.RowsAffected >= 0).Sum(r => r.RowsAffected);
        return results.Any(r => r.RowsAffected >= 0) ? (int)affected : -1;
    }

    public override object? ExecuteScalar()
    {
        var result = Run()[^1];
        return result.Rows.Count > 0 && result.Columns.Count > 0 ? result.Rows[0][0] ?? DBNull.Value : null;
    }

    public override void Prepare()
    {
        // Nothing to prepare.
    }

    protected override DbParameter CreateDbParameter() => new LocalSnowflakeParameter();

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => new LocalSnowflakeDataReader(Run());

    private IReadOnlyList<LocalResult> Run()
    {
        if (DbConnection is not LocalSnowflakeConnection connection)
        {
            throw new InvalidOperationException("The command has no LocalSnowflake connection.");
        }

        if (connection.State != ConnectionState.Open)
        {
            throw new InvalidOperationException("The connection is not open: call Open() first.");
        }

        return connection.Execute(_commandText, _parameters.Values());
    }
}
