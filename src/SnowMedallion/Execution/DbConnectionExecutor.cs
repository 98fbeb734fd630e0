using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Reflection;

namespace SnowMedallion.Execution;

/// <summary>
/// Runs statements through any ADO.NET connection: Snowflake.Data's <c>SnowflakeDbConnection</c> on a
/// real account (no compile-time reference needed), or <c>LocalSnowflake.CreateConnection()</c> locally.
/// </summary>
/// <remarks>
/// The connection is one Snowflake session, so statements through one executor share transaction state,
/// the current database and schema. The executor opens the connection when needed and never disposes it:
/// the caller owns it. Calls are serialized, as one ADO.NET connection allows one command at a time.
/// </remarks>
public sealed class DbConnectionExecutor : ISnowflakeExecutor
{
    private readonly DbConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates an executor over a connection the caller owns.</summary>
    /// <param name="connection">An ADO.NET connection to Snowflake; opened on first use if closed.</param>
    public DbConnectionExecutor(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
    }

    /// <inheritdoc/>
    public async Task<SnowflakeResult> ExecuteAsync(SnowflakeStatement statement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statement);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection.State != ConnectionState.Open)
            {
                await _connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            }

            var command = _connection.CreateCommand();
            await using var commandScope = command.ConfigureAwait(false);
            command.CommandText = statement.Sql;
            for (var i = 0; i < statement.Bindings.Count; i++)
            {
                var parameter = command.CreateParameter();
                // Snowflake.Data names positional parameters "1", "2", ...; other providers ignore the name.
                parameter.ParameterName = (i + 1).ToString(CultureInfo.InvariantCulture);
                parameter.Value = statement.Bindings[i] ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            var columns = new string[reader.FieldCount];
            for (var i = 0; i < columns.Length; i++)
            {
                columns[i] = reader.GetName(i);
            }

            var rows = new List<IReadOnlyList<object?>>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var row = new object?[columns.Length];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                rows.Add(row);
            }

            return new SnowflakeResult(columns, rows, reader.RecordsAffected);
        }
        catch (DbException ex)
        {
            throw Translate(ex, statement.Sql);
        }
        finally
        {
            _gate.Release();
        }
    }

    // Providers carry Snowflake's error code and SQLSTATE in their own exception types; read them by
    // name so no provider assembly is referenced.
    private static SnowflakeStatementException Translate(DbException ex, string sql)
    {
        int? code = ex.ErrorCode != 0 ? ex.ErrorCode : null;
        var codeProperty = ex.GetType().GetProperty("SnowflakeErrorCode", BindingFlags.Public | BindingFlags.Instance);
        if (codeProperty?.GetValue(ex) is int snowflakeCode)
        {
            code = snowflakeCode;
        }

        return new SnowflakeStatementException(ex.Message, code, ex.SqlState, sql, ex);
    }
}
