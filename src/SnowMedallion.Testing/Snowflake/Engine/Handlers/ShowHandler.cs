using SnowMedallion.Testing.Snowflake.Engine.Catalog;
using SnowMedallion.Testing.Snowflake.FileFormats;
using SnowMedallion.Testing.Snowflake.Stages;

namespace SnowMedallion.Testing.Snowflake.Engine.Handlers;

/// <summary>SHOW DATABASES / SCHEMAS / TABLES / VIEWS / STAGES / FILE FORMATS / INTEGRATIONS / GRANTS with Snowflake's columns.</summary>
/// <remarks>
/// https://docs.snowflake.com/en/sql-reference/sql/show-databases , /show-schemas , /show-tables , /show-views ,
/// /show-stages , /show-file-formats , /show-integrations , /show-grants
/// </remarks>
internal sealed class ShowHandler : StatementHandler
{
    public override bool CanHandle(StatementContext statement) =>
        ShowCommand.Matches(statement, "DATABASES") || ShowCommand.Matches(statement, "SCHEMAS") ||
        ShowCommand.Matches(statement, "TABLES") || ShowCommand.Matches(statement, "VIEWS") ||
        ShowCommand.Matches(statement, "STAGES") || ShowCommand.Matches(statement, "FILE", "FORMATS") ||
        ShowCommand.Matches(statement, "INTEGRATIONS") || ShowCommand.Matches(statement, "STORAGE", "INTEGRATIONS") ||
        ShowCommand.Matches(statement, "NOTIFICATION", "INTEGRATIONS") || ShowCommand.Matches(statement, "GRANTS");

    public override LocalResult Execute(StatementContext statement)
    {
        if (ShowCommand.Matches(statement, "DATABASES"))
        {
            return Databases(statement, ShowCommand.Parse(statement, 1, schemaScoped: false));
        }

        if (ShowCommand.Matches(statement, "SCHEMAS"))
        {
            return Schemas(statement, ShowCommand.Parse(statement, 1, schemaScoped: false));
        }

        if (ShowCommand.Matches(statement, "TABLES"))
        {
            return Tables(statement, ShowCommand.Parse(statement, 1));
        }

        if (ShowCommand.Matches(statement, "VIEWS"))
        {
            return Views(statement, ShowCommand.Parse(statement, 1));
        }

        if (ShowCommand.Matches(statement, "STAGES"))
        {
            return Stages(statement, ShowCommand.Parse(statement, 1));
        }

        if (ShowCommand.Matches(statement, "FILE", "FORMATS"))
        {
            return FileFormats(statement, ShowCommand.Parse(statement, 2));
        }

        if (ShowCommand.Matches(statement, "GRANTS"))
        {
            return Grants(statement);
        }

        var category = ShowCommand.Matches(statement, "STORAGE") ? "STORAGE" : ShowCommand.Matches(statement, "NOTIFICATION") ? "NOTIFICATION" : null;
        return Integrations(statement, ShowCommand.Parse(statement, category is null ? 1 : 2, schemaScoped: false), category);
    }

    private static LocalResult Databases(StatementContext statement, ShowCommand show)
    {
        var rows = statement.Engine.Catalog.Databases()
            .Where(d => show.Includes(d.Name))
            .Select(d => new object?[]
            {
                d.CreatedOn, d.Name, "N", d.Name == statement.Session.Database ? "Y" : "N", string.Empty, "ACCOUNTADMIN",
                d.Comment ?? string.Empty, d.Transient ? "TRANSIENT" : string.Empty, d.Transient ? "0" : "1", "STANDARD", null, "ROLE",
            });
        return ShowResults.Build(
            ["created_on:TIMESTAMP_LTZ", "name", "is_default", "is_current", "origin", "owner", "comment", "options", "retention_time", "kind", "budget", "owner_role_type"],
            show.Take(rows));
    }

    private static LocalResult Schemas(StatementContext statement, ShowCommand show)
    {
        var catalog = statement.Engine.Catalog;
        var schemas = new List<SchemaEntry>();
        foreach (var database in catalog.Databases().Where(d => show.Database is null || d.Name == show.Database))
        {
            schemas.Add(new SchemaEntry(database.Name, "INFORMATION_SCHEMA", database.CreatedOn, "Views describing the contents of schemas in this database", false));
            schemas.AddRange(catalog.Schemas(database.Name));
        }

        var rows = schemas
            .Where(s => show.Includes(s.Name))
            .OrderBy(s => s.Database, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal)
            .Select(s => new object?[]
            {
                s.CreatedOn, s.Name, "N", s.Database == statement.Session.Database && s.Name == statement.Session.Schema ? "Y" : "N", s.Database,
                s.Name == "INFORMATION_SCHEMA" ? string.Empty : "ACCOUNTADMIN", s.Comment ?? string.Empty, s.Transient ? "TRANSIENT" : string.Empty,
                s.Transient ? "0" : "1", s.Name == "INFORMATION_SCHEMA" ? string.Empty : "ROLE", null,
            });
        return ShowResults.Build(
            ["created_on:TIMESTAMP_LTZ", "name", "is_default", "is_current", "database_name", "owner", "comment", "options", "retention_time", "owner_role_type", "budget"],
            show.Take(rows));
    }

    private static LocalResult Tables(StatementContext statement, ShowCommand show)
    {
        var engine = statement.Engine;
        var metadata = engine.Tables;
        var tables = engine.QueryOnRoot(
            "SELECT database_name, schema_name, table_name, estimated_size FROM duckdb_tables() WHERE NOT internal AND database_name NOT IN ('memory', 'system', 'temp') ORDER BY 1, 2, 3");
        var rows = tables.Rows
            .Select(r => (Database: (string)r[0]!, Schema: (string)r[1]!, Name: (string)r[2]!, Rows: Convert.ToInt64(r[3] ?? 0L, System.Globalization.CultureInfo.InvariantCulture)))
            .Where(t => engine.Catalog.FindSchema(t.Database, t.Schema) is not null && show.Includes(t.Name, t.Database, t.Schema))
            .Select(t =>
            {
                var meta = metadata.Find(new ObjectPath(t.Database, t.Schema, t.Name));
                return new object?[]
                {
                    meta?.CreatedOn ?? engine.StartedAt, t.Name, t.Database, t.Schema, meta?.Kind switch { Translation.RelationKind.TransientTable => "TRANSIENT", Translation.RelationKind.TemporaryTable => "TEMPORARY", _ => "TABLE" }, meta?.Comment ?? string.Empty, string.Empty,
                    t.Rows, 0L, "ACCOUNTADMIN", "1", "OFF", "OFF", "OFF", null, null, "N", "N", "ROLE", "N", null, "N", "N", "N", "N",
                };
            });
        return ShowResults.Build(
            [
                "created_on:TIMESTAMP_LTZ", "name", "database_name", "schema_name", "kind", "comment", "cluster_by", "rows:NUMBER", "bytes:NUMBER", "owner",
                "retention_time", "automatic_clustering", "change_tracking", "search_optimization", "search_optimization_progress",
                "search_optimization_bytes", "is_external", "enable_schema_evolution", "owner_role_type", "is_event", "budget", "is_hybrid",
                "is_iceberg", "is_dynamic", "is_immutable",
            ],
            show.Take(rows));
    }

    private static LocalResult Views(StatementContext statement, ShowCommand show)
    {
        var engine = statement.Engine;
        var views = engine.QueryOnRoot(
            "SELECT database_name, schema_name, view_name, sql, comment FROM duckdb_views() WHERE NOT internal AND database_name NOT IN ('memory', 'system', 'temp') ORDER BY 1, 2, 3");
        var rows = views.Rows
            .Select(r => (Database: (string)r[0]!, Schema: (string)r[1]!, Name: (string)r[2]!, Sql: r[3] as string, Comment: r[4] as string))
            .Where(v => engine.Catalog.FindSchema(v.Database, v.Schema) is not null && show.Includes(v.Name, v.Database, v.Schema))
            .Select(v => (View: v, Meta: engine.Tables.Find(new ObjectPath(v.Database, v.Schema, v.Name))))
            .Select(x => new object?[]
            {
                x.Meta?.CreatedOn ?? engine.StartedAt, x.View.Name, string.Empty, x.View.Database, x.View.Schema, "ACCOUNTADMIN",
                x.Meta?.Comment ?? x.View.Comment ?? string.Empty, x.Meta?.ViewText ?? x.View.Sql ?? string.Empty,
                "false", "false", "ROLE", "OFF",
            });
        return ShowResults.Build(
            ["created_on:TIMESTAMP_LTZ", "name", "reserved", "database_name", "schema_name", "owner", "comment", "text", "is_secure", "is_materialized", "owner_role_type", "change_tracking"],
            show.Take(rows));
    }

    private static LocalResult Stages(StatementContext statement, ShowCommand show)
    {
        var rows = statement.Engine.Catalog.Objects<StageEntry>(StageEntry.Kind).List(show.Database, show.Schema)
            .Where(s => show.Includes(s.Path.Name))
            .Select(s => new object?[]
            {
                s.CreatedOn, s.Path.Name, s.Path.Database, s.Path.Schema, s.Url ?? string.Empty, s.HasCredentials ? "Y" : "N", "N", "ACCOUNTADMIN",
                s.Comment ?? string.Empty, s.IsExternal ? "us-west-2" : null, s.IsExternal ? "EXTERNAL" : "INTERNAL", s.IsExternal ? "AWS" : null,
                null, s.StorageIntegration, null, "ROLE", "N",
            });
        return ShowResults.Build(
            [
                "created_on:TIMESTAMP_LTZ", "name", "database_name", "schema_name", "url", "has_credentials", "has_encryption_key", "owner", "comment",
                "region", "type", "cloud", "notification_channel", "storage_integration", "endpoint", "owner_role_type", "directory_enabled",
            ],
            show.Take(rows));
    }

    private static LocalResult FileFormats(StatementContext statement, ShowCommand show)
    {
        var rows = statement.Engine.Catalog.Objects<FileFormatEntry>(FileFormatEntry.Kind).List(show.Database, show.Schema)
            .Where(f => show.Includes(f.Path.Name))
            .Select(f => new object?[]
            {
                f.CreatedOn, f.Path.Name, f.Path.Database, f.Path.Schema, f.Options.Type, "ACCOUNTADMIN", f.Comment ?? string.Empty, f.Options.ToJson(), "ROLE",
            });
        return ShowResults.Build(
            ["created_on:TIMESTAMP_LTZ", "name", "database_name", "schema_name", "type", "owner", "comment", "format_options", "owner_role_type"],
            show.Take(rows));
    }

    private static LocalResult Integrations(StatementContext statement, ShowCommand show, string? category)
    {
        var rows = statement.Engine.Catalog.Account<IntegrationEntry>(IntegrationEntry.Kind).List()
            .Where(i => (category is null || i.Category == category) && show.Includes(i.Name))
            .Select(i => new object?[] { i.Name, i.Type, i.Category, i.Enabled ? "true" : "false", i.Comment, i.CreatedOn });
        return ShowResults.Build(["name", "type", "category", "enabled", "comment", "created_on:TIMESTAMP_LTZ"], show.Take(rows));
    }

    private static LocalResult Grants(StatementContext statement)
    {
        // SHOW GRANTS [ON <kind> <name> | TO ROLE r | TO USER u | OF ROLE r]
        var cursor = statement.Cursor();
        cursor.Expect("SHOW", "GRANTS");
        var grants = statement.Engine.Catalog.Grants().AsEnumerable();
        if (cursor.TryKeywords("ON"))
        {
            if (cursor.TryKeywords("ACCOUNT"))
            {
                grants = grants.Where(g => g.GrantedOn == "ACCOUNT");
            }
            else
            {
                var kind = new List<string>();
                while (cursor.Current.Is("FILE") || cursor.Current.Is("FORMAT") || cursor.Current.Is("STORAGE") || cursor.Current.Is("NOTIFICATION") ||
                       (cursor.Current.Kind == Parsing.TokKind.Word && cursor.Peek(1).IsIdentifier && !cursor.Peek(1).IsSymbol(".")))
                {
                    kind.Add(cursor.Next().Value);
                }

                var kindText = string.Join(' ', kind.Where(k => k is not ("STORAGE" or "NOTIFICATION")));
                var parts = cursor.QualifiedName();
                var name = kindText is "DATABASE" or "INTEGRATION" or "WAREHOUSE" or "ROLE"
                    ? string.Join('.', parts)
                    : kindText == "SCHEMA"
                        ? SnowflakeErrors.Show(parts.Count == 2 ? parts[0] : statement.Session.Database ?? string.Empty, parts[^1])
                        : statement.Resolve(parts, "SHOW GRANTS").ToString();
                grants = grants.Where(g => g.GrantedOn == kindText && g.Name == name);
            }
        }
        else if (cursor.TryKeywords("TO"))
        {
            var kind = cursor.Next().Value;
            var grantee = string.Join('.', cursor.QualifiedName());
            grants = grants.Where(g => g.GrantedTo == kind && g.GranteeName == grantee);
        }
        else if (cursor.TryKeywords("OF", "ROLE"))
        {
            var role = cursor.Identifier();
            grants = grants.Where(g => g.GrantedOn == "ROLE" && g.Name == role);
        }

        cursor.ExpectEnd();
        var rows = grants.Select(g => new object?[]
        {
            g.CreatedOn, g.Privilege, g.GrantedOn, g.Name, g.GrantedTo, g.GranteeName, g.GrantOption ? "true" : "false", "ACCOUNTADMIN",
        });
        return ShowResults.Build(["created_on:TIMESTAMP_LTZ", "privilege", "granted_on", "name", "granted_to", "grantee_name", "grant_option", "granted_by"], rows);
    }
}
