using SnowMedallion.Testing.Snowflake.Engine.Catalog;

namespace SnowMedallion.Testing.Snowflake.FileFormats;

/// <summary>A named file format (CREATE FILE FORMAT).</summary>
internal sealed record FileFormatEntry(ObjectPath Path, DateTimeOffset CreatedOn, FileFormatOptions Options, string? Comment) : ISchemaObject
{
    /// <summary>Kind name used in errors.</summary>
    public const string Kind = "File format";
}
