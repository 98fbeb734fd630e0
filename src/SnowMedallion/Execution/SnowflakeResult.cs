using System.Globalization;

namespace SnowMedallion.Execution;

/// <summary>The whole result of one statement: its columns and rows, materialized.</summary>
/// <param name="Columns">The result's column names, as Snowflake reports them.</param>
/// <param name="Rows">The rows; each holds one value per column (<see langword="null"/> for SQL NULL).</param>
/// <param name="RowsAffected">Rows changed by DML as the transport reports them, or -1 when unknown.</param>
public sealed record SnowflakeResult(
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<object?>> Rows,
    long RowsAffected = -1)
{
    /// <summary>A result with no columns and no rows.</summary>
    public static SnowflakeResult Empty { get; } = new([], []);

    /// <summary>The position of a column, matched without regard to case.</summary>
    /// <param name="column">The column name.</param>
    /// <returns>The zero-based position.</returns>
    /// <exception cref="KeyNotFoundException">The result has no such column.</exception>
    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i], column, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new KeyNotFoundException(
            $"The result has no column '{column}'. Its columns are: {string.Join(", ", Columns)}.");
    }

    /// <summary>One value of one row, by column name.</summary>
    /// <param name="row">The zero-based row index.</param>
    /// <param name="column">The column name, matched without regard to case.</param>
    /// <returns>The value, or <see langword="null"/> for SQL NULL.</returns>
    public object? Value(int row, string column) => Rows[row][IndexOf(column)];

    /// <summary>One value of one row as text (invariant culture), by column name.</summary>
    /// <param name="row">The zero-based row index.</param>
    /// <param name="column">The column name, matched without regard to case.</param>
    /// <returns>The value as text, or <see langword="null"/> for SQL NULL.</returns>
    public string? Text(int row, string column) => Value(row, column) switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };
}
