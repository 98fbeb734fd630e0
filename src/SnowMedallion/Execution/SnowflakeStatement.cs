namespace SnowMedallion.Execution;

/// <summary>One SQL statement with positional bindings for its <c>?</c> placeholders.</summary>
/// <param name="Sql">The statement text, without a trailing semicolon.</param>
/// <param name="Bindings">Values for the <c>?</c> placeholders, in order; empty when there are none.</param>
public sealed record SnowflakeStatement(string Sql, IReadOnlyList<object?> Bindings)
{
    /// <summary>A statement without bindings.</summary>
    /// <param name="sql">The statement text.</param>
    public SnowflakeStatement(string sql)
        : this(sql, [])
    {
    }

    /// <summary>Lets a plain string be used where a statement is expected.</summary>
    /// <param name="sql">The statement text.</param>
    public static implicit operator SnowflakeStatement(string sql) => new(sql);

    /// <summary>Creates a statement from text (the named alternative to the implicit conversion).</summary>
    /// <param name="sql">The statement text.</param>
    /// <returns>A statement without bindings.</returns>
    public static SnowflakeStatement FromString(string sql) => new(sql);

    /// <inheritdoc/>
    public override string ToString() => Sql;
}
