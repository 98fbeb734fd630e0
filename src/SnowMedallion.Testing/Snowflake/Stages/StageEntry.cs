using SnowMedallion.Testing.Snowflake.Engine.Catalog;
using SnowMedallion.Testing.Snowflake.Engine.Parsing;

namespace SnowMedallion.Testing.Snowflake.Stages;

/// <summary>How a stage or COPY names its file format: a named format, inline options, or nothing.</summary>
/// <param name="FormatName">FORMAT_NAME parts (one to three), or null.</param>
/// <param name="Inline">Inline options (TYPE = CSV ...), or null.</param>
internal sealed record FileFormatReference(IReadOnlyList<string>? FormatName, IReadOnlyDictionary<string, OptionValue>? Inline)
{
    /// <summary>Reads <c>FILE_FORMAT = ( FORMAT_NAME = 'x' | TYPE = ... )</c> or <c>FILE_FORMAT = x</c>.</summary>
    public static FileFormatReference? From(OptionValue? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Nested is { } nested)
        {
            if (nested.TryGetValue("FORMAT_NAME", out var name))
            {
                return new FileFormatReference(SplitName(name), null);
            }

            return new FileFormatReference(null, nested);
        }

        return new FileFormatReference(SplitName(value), null);
    }

    private static IReadOnlyList<string> SplitName(OptionValue name)
    {
        var text = name.Text ?? string.Empty;
        if (name.Kind == TokKind.QuotedIdentifier)
        {
            return [text];
        }

        // 'db.schema.name' or an unquoted word: parse as identifiers.
        var tokens = EngineTokens.Tokenize(text);
        return [.. tokens.Where(t => t.IsIdentifier).Select(t => t.Value)];
    }
}

/// <summary>A named stage (CREATE STAGE): external (URL) or internal (files on local disk).</summary>
internal sealed record StageEntry(
    ObjectPath Path,
    DateTimeOffset CreatedOn,
    string? Url,
    string? StorageIntegration,
    bool HasCredentials,
    FileFormatReference? FileFormat,
    IReadOnlyDictionary<string, OptionValue> CopyOptions,
    string? Comment,
    long Generation) : ISchemaObject
{
    /// <summary>Kind name used in errors.</summary>
    public const string Kind = "Stage";

    /// <summary>True for an external stage.</summary>
    public bool IsExternal => Url is not null;
}
