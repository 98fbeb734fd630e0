using SnowMedallion.Testing.Snowflake.Engine.Catalog;
using SnowMedallion.Testing.Snowflake.FileFormats;

namespace SnowMedallion.Testing.Snowflake.Engine.Handlers;

/// <summary>CREATE [OR REPLACE] [TEMPORARY] FILE FORMAT [IF NOT EXISTS], DROP FILE FORMAT [IF EXISTS].</summary>
/// <remarks>https://docs.snowflake.com/en/sql-reference/sql/create-file-format</remarks>
internal sealed class FileFormatHandler : StatementHandler
{
    public override bool CanHandle(StatementContext statement) =>
        statement.IsCreateOf(["FILE", "FORMAT"], "TEMPORARY", "TEMP", "VOLATILE") || statement.StartsWith("DROP", "FILE", "FORMAT");

    public override LocalResult Execute(StatementContext statement)
    {
        var cursor = statement.Cursor();
        var store = statement.Engine.Catalog.Objects<FileFormatEntry>(FileFormatEntry.Kind);
        if (cursor.TryKeywords("DROP", "FILE", "FORMAT"))
        {
            var ifExists = cursor.TryKeywords("IF", "EXISTS");
            var dropped = statement.Resolve(cursor.QualifiedName(), "DROP FILE FORMAT");
            cursor.ExpectEnd();
            return Drops.Result(store.Remove(dropped), ifExists, FileFormatEntry.Kind, dropped);
        }

        cursor.Expect("CREATE");
        var mode = CreateModes.Read(cursor, out _, "TEMPORARY", "TEMP", "VOLATILE");
        cursor.Expect("FILE", "FORMAT");
        mode = CreateModes.ReadIfNotExists(cursor, mode);
        var path = statement.ResolveInExistingSchema(cursor.QualifiedName(), "CREATE FILE FORMAT");
        var options = cursor.Options();
        cursor.ExpectEnd();
        var comment = options.TryGetValue("COMMENT", out var c) ? c.Text : null;
        options.Remove("COMMENT");
        var entry = new FileFormatEntry(path, statement.Engine.Time.GetUtcNow(), FileFormatOptions.FromOptions(options), comment);
        var outcome = store.Create(entry, mode);
        return CreateModes.Status("File format", path.Name, outcome);
    }
}

/// <summary>Shared DROP result texts.</summary>
internal static class Drops
{
    /// <summary>Snowflake's DROP results: "X successfully dropped." / IF EXISTS text / 002003.</summary>
    public static LocalResult Result(bool removed, bool ifExists, string kind, ObjectPath path)
    {
        var display = SnowflakeErrors.Show(path.Name);
        if (removed)
        {
            return LocalResult.Status($"{display} successfully dropped.");
        }

        return ifExists
            ? LocalResult.Status($"Drop statement executed successfully ({display} already dropped).")
            : throw SnowflakeErrors.DoesNotExist(kind, path.ToString());
    }
}
