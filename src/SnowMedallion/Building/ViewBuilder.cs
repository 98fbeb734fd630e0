using SnowMedallion.Model;
using static SnowMedallion.Sql.SnowflakeSyntax;

namespace SnowMedallion.Building;

/// <summary>Declares a view. Immutable: every method returns a new builder.</summary>
public sealed class ViewBuilder : ComponentBuilder
{
    private readonly Layer _layer;
    private readonly string _name;
    private readonly Func<BuildContext, (string Query, IReadOnlyList<PipelineObject> References)> _query;
    private readonly bool _secure;
    private readonly string? _comment;

    internal ViewBuilder(Layer layer, string name, Func<BuildContext, (string, IReadOnlyList<PipelineObject>)> query, bool secure = false, string? comment = null)
    {
        _layer = layer;
        _name = name;
        _query = query;
        _secure = secure;
        _comment = comment;
    }

    /// <summary>Makes the view SECURE.</summary>
    /// <param name="secure">Whether it is secure.</param>
    /// <returns>A new builder.</returns>
    public ViewBuilder Secure(bool secure = true) => new(_layer, _name, _query, secure, _comment);

    /// <summary>Sets the comment.</summary>
    /// <param name="comment">The comment.</param>
    /// <returns>A new builder.</returns>
    public ViewBuilder Comment(string comment) => new(_layer, _name, _query, _secure, comment);

    internal static ViewBuilder Selecting(Layer layer, string name, TableBuilder from, IReadOnlyList<string> columns) =>
        new(layer, name, context =>
        {
            var table = context.Get<Table>(from);
            var names = columns.Count > 0 ? columns : table.Columns.Select(c => c.Name).ToList();
            foreach (var missing in names.Where(n => table.FindColumn(n) is null))
            {
                context.Problems.Add($"View {new ObjectName(context.Database.Name, context.Schema(layer).Name, name).ToSql()} selects column {missing}, which table {table.QualifiedName.ToSql()} does not have: add the column or remove it from the view.");
            }

            var query = "SELECT\n" + string.Join(",\n", names.Select(n => "  " + Identifier(n))) + "\nFROM " + table.QualifiedName.ToSql();
            return (query, [table]);
        });

    internal override PipelineObject Resolve(BuildContext context)
    {
        var (query, references) = _query(context);
        return new View(context.Schema(_layer), _name, query) { Secure = _secure, References = references, Comment = _comment };
    }
}
