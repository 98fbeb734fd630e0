using SnowMedallion.Testing.Snowflake.Engine.Catalog;
using SnowMedallion.Testing.Snowflake.FileFormats;
using SnowMedallion.Testing.Snowflake.Stages;

namespace SnowMedallion.Testing.Snowflake.Engine.Handlers;

/// <summary>DESC[RIBE] TABLE / VIEW / STAGE / FILE FORMAT / [STORAGE|NOTIFICATION] INTEGRATION with Snowflake's columns.</summary>
/// <remarks>
/// https://docs.snowflake.com/en/sql-reference/sql/desc-table , /desc-stage , /desc-file-format , /desc-integration
/// </remarks>
internal sealed class DescribeHandler : StatementHandler
{
    public override bool CanHandle(StatementContext statement)
    {
        if (!(statement.StartsWith("DESC") || statement.StartsWith("DESCRIBE")) || statement.Tokens.Count < 2)
        {
            return false;
        }

        var kind = statement.Tokens[1];
        return kind.Is("TABLE") || kind.Is("VIEW") || kind.Is("STAGE") || kind.Is("FILE") || kind.Is("INTEGRATION") ||
            kind.Is("STORAGE") || kind.Is("NOTIFICATION");
    }

    public override LocalResult Execute(StatementContext statement)
    {
        var cursor = statement.Cursor();
        _ = cursor.TryKeywords("DESC") || cursor.TryKeywords("DESCRIBE");
        var engine = statement.Engine;
        if (cursor.TryKeywords("TABLE") || cursor.TryKeywords("VIEW"))
        {
            var path = statement.Resolve(cursor.QualifiedName(), "DESCRIBE");
            _ = cursor.TryKeywords("TYPE", "=", "COLUMNS");
            return Table(engine, path);
        }

        if (cursor.TryKeywords("STAGE"))
        {
            var path = statement.Resolve(cursor.QualifiedName(), "DESCRIBE STAGE");
            cursor.ExpectEnd();
            return Stage(statement, engine.Catalog.Objects<StageEntry>(StageEntry.Kind).Get(path));
        }

        if (cursor.TryKeywords("FILE", "FORMAT"))
        {
            var path = statement.Resolve(cursor.QualifiedName(), "DESCRIBE FILE FORMAT");
            cursor.ExpectEnd();
            var format = engine.Catalog.Objects<FileFormatEntry>(FileFormatEntry.Kind).Get(path);
            return FormatRows(format.Options, parent: null);
        }

        _ = cursor.TryKeywords("STORAGE") || cursor.TryKeywords("NOTIFICATION");
        cursor.Expect("INTEGRATION");
        var name = cursor.Identifier();
        cursor.ExpectEnd();
        var integration = engine.Catalog.Account<IntegrationEntry>(IntegrationEntry.Kind).Get(name);
        return ShowResults.Build(
            ["property", "property_type", "property_value", "property_default"],
            integration.Properties.Select(p => new object?[] { p.Name, p.Type, p.Value, p.Default }));
    }

    /// <summary>Snowflake's type name for a DuckDB column type, as DESC TABLE shows it.</summary>
    public static string DescType(string duckType)
    {
        var upper = duckType.ToUpperInvariant();
        if (upper.StartsWith("DECIMAL", StringComparison.Ordinal))
        {
            return "NUMBER" + upper["DECIMAL".Length..];
        }

        return upper switch
        {
            "VARCHAR" => "VARCHAR(16777216)",
            "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" => "NUMBER(38,0)",
            "DOUBLE" or "FLOAT" or "REAL" => "FLOAT",
            "TIMESTAMP" => "TIMESTAMP_NTZ(9)",
            "TIMESTAMP WITH TIME ZONE" => "TIMESTAMP_TZ(9)",
            "JSON" => "VARIANT",
            "BLOB" => "BINARY(8388608)",
            _ => DuckDbResults.SnowflakeTypeName(upper),
        };
    }

    private static LocalResult Table(SnowflakeEngine engine, ObjectPath path)
    {
        var meta = engine.Tables.Find(path);
        var columns = engine.QueryOnRoot(
            $"SELECT column_name, data_type, is_nullable, column_default FROM duckdb_columns() WHERE database_name = {DuckDbResults.Literal(path.Database)} AND schema_name = {DuckDbResults.Literal(path.Schema)} AND table_name = {DuckDbResults.Literal(path.Name)} ORDER BY column_index");
        if (columns.Rows.Count == 0)
        {
            throw SnowflakeErrors.DoesNotExist("Table", path.ToString());
        }

        var keys = engine.QueryOnRoot(
            $"SELECT unnest(constraint_column_names) FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY' AND database_name = {DuckDbResults.Literal(path.Database)} AND schema_name = {DuckDbResults.Literal(path.Schema)} AND table_name = {DuckDbResults.Literal(path.Name)}")
            .Rows.Select(r => (string)r[0]!).ToHashSet(StringComparer.Ordinal);
        var rows = columns.Rows.Select(r =>
        {
            var name = (string)r[0]!;
            var declared = meta?.Columns.FirstOrDefault(c => c.Name == name);
            var nullable = declared?.Nullable ?? (r[2] is bool b ? b : true);
            return new object?[]
            {
                name, declared is null ? DescType((string)r[1]!) : declared.SnowflakeType + (declared.Collation is { } collation ? $" COLLATE '{collation}'" : string.Empty), "COLUMN", nullable ? "Y" : "N", declared?.Default ?? r[3] as string,
                declared?.PrimaryKey ?? keys.Contains(name) ? "Y" : "N", "N", null, null, declared?.Comment, null, null,
            };
        });
        return ShowResults.Build(["name", "type", "kind", "null?", "default", "primary key", "unique key", "check", "expression", "comment", "policy name", "privacy domain"], rows);
    }

    private static LocalResult Stage(StatementContext statement, StageEntry stage)
    {
        var rows = new List<object?[]>();
        var format = stage.FileFormat;
        if (format?.FormatName is { } formatName)
        {
            rows.Add(["STAGE_FILE_FORMAT", "FORMAT_NAME", "String", string.Join('.', formatName), string.Empty]);
        }
        else
        {
            var options = format?.Inline is { } inline ? FileFormatOptions.FromOptions(inline) : FileFormatOptions.DefaultCsv;
            rows.AddRange(FormatRows(options, "STAGE_FILE_FORMAT").Rows);
        }

        rows.Add(["STAGE_COPY_OPTIONS", "ON_ERROR", "String", stage.CopyOptions.TryGetValue("ON_ERROR", out var onError) ? onError.ToString().ToUpperInvariant() : "ABORT_STATEMENT", "ABORT_STATEMENT"]);
        rows.Add(["STAGE_COPY_OPTIONS", "PURGE", "Boolean", stage.CopyOptions.TryGetValue("PURGE", out var purge) && purge.AsBool() ? "true" : "false", "false"]);
        rows.Add(["STAGE_COPY_OPTIONS", "FORCE", "Boolean", stage.CopyOptions.TryGetValue("FORCE", out var force) && force.AsBool() ? "true" : "false", "false"]);
        rows.Add(["STAGE_LOCATION", "URL", "String", stage.Url is null ? string.Empty : $"[\"{stage.Url}\"]", string.Empty]);
        rows.Add(["STAGE_INTEGRATION", "STORAGE_INTEGRATION", "String", stage.StorageIntegration ?? string.Empty, string.Empty]);
        rows.Add(["STAGE_CREDENTIALS", "AWS_KEY_ID", "String", string.Empty, string.Empty]);
        rows.Add(["DIRECTORY", "ENABLE", "Boolean", "false", "false"]);
        _ = statement;
        return ShowResults.Build(["parent_property", "property", "property_type", "property_value", "property_default"], rows);
    }

    private static LocalResult FormatRows(FileFormatOptions options, string? parent)
    {
        var rows = options.Describe().Select(d => new object?[] { parent ?? string.Empty, d.Property.Name, d.Property.Type, d.Value, d.Property.Default });
        return ShowResults.Build(["parent_property", "property", "property_type", "property_value", "property_default"], rows);
    }
}
