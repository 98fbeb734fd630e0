namespace SnowMedallion.Testing.Snowflake;

/// <summary>One column of a LocalSnowflake result, with the Snowflake type it reports.</summary>
/// <param name="Name">The column name as Snowflake would report it (unquoted names upper-cased).</param>
/// <param name="SnowflakeType">The Snowflake type name, e.g. <c>TEXT</c>, <c>NUMBER(38,0)</c>, <c>TIMESTAMP_NTZ(6)</c>.</param>
/// <param name="ClrType">The .NET type of non-null values in this column.</param>
internal sealed record LocalColumn(string Name, string SnowflakeType, Type ClrType);

/// <summary>A materialized statement result, shaped the way Snowflake shapes it.</summary>
/// <param name="Columns">The result's columns.</param>
/// <param name="Rows">The rows; each array has one value per column, <see langword="null"/> for SQL NULL.</param>
/// <param name="RowsAffected">DML row count reported to ADO.NET, or -1.</param>
internal sealed record LocalResult(IReadOnlyList<LocalColumn> Columns, IReadOnlyList<object?[]> Rows, long RowsAffected = -1)
{
    /// <summary>The one-row, one-column <c>status</c> result Snowflake returns for most DDL.</summary>
    public static LocalResult Status(string message) =>
        new([new LocalColumn("status", "TEXT", typeof(string))], [[message]]);
}
