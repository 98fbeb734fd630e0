using System.Globalization;
using System.Text.RegularExpressions;
using SnowMedallion.Testing.Snowflake.Engine.Parsing;
using SnowMedallion.Testing.Snowflake.Stages;

namespace SnowMedallion.Testing.Snowflake.Engine.Handlers;

/// <summary>LIST | LS @stage[/path] [PATTERN = '...']: name, size, md5, last_modified; and REMOVE | RM @stage[/path] [PATTERN].</summary>
/// <remarks>https://docs.snowflake.com/en/sql-reference/sql/list , https://docs.snowflake.com/en/sql-reference/sql/remove</remarks>
internal sealed class ListHandler : StatementHandler
{
    public override bool CanHandle(StatementContext statement) =>
        statement.StartsWith("LIST") || statement.StartsWith("LS") || statement.StartsWith("REMOVE") || statement.StartsWith("RM");

    public override LocalResult Execute(StatementContext statement)
    {
        var cursor = statement.Cursor();
        var remove = cursor.Current.Is("REMOVE") || cursor.Current.Is("RM");
        cursor.Next();
        if (cursor.Current.Kind != TokKind.Stage)
        {
            throw cursor.SyntaxError("a stage reference (@stage)");
        }

        var location = StageLocation.Resolve(statement, cursor.Next().Value);
        var options = cursor.Options();
        cursor.ExpectEnd();
        var files = location.ListFiles().AsEnumerable();
        if (options.TryGetValue("PATTERN", out var pattern))
        {
            var regex = new Regex("^(?:" + pattern.Text + ")$", RegexOptions.CultureInvariant);
            files = files.Where(f => regex.IsMatch(f.RelativePath));
        }

        var list = files.ToList();
        if (remove)
        {
            foreach (var file in list)
            {
                location.Storage.Delete(file);
            }

            return ShowResults.Build(["name", "result"], list.Select(f => new object?[] { location.Display + f.RelativePath, "removed" }));
        }

        return ShowResults.Build(
            ["name", "size:NUMBER", "md5", "last_modified"],
            list.Select(f => new object?[]
            {
                location.Display + f.RelativePath, f.Size, f.Md5,
                f.LastModified.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture),
            }));
    }
}
