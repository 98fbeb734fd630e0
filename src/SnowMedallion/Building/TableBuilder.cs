using System.Collections.Immutable;
using SnowMedallion.Model;

namespace SnowMedallion.Building;

/// <summary>Declares a table. Immutable: every method returns a new builder.</summary>
public sealed class TableBuilder : ComponentBuilder
{
    private readonly State _state;

    internal TableBuilder(Layer layer, string name)
        : this(new State(layer, name, [], [], false, null, null, []))
    {
    }

    private TableBuilder(State state) => _state = state;

    internal string Name => _state.Name;

    internal Layer Layer => _state.Layer;

    /// <summary>Adds a column.</summary>
    /// <param name="name">The column's exact name.</param>
    /// <param name="type">Its type.</param>
    /// <param name="notNull">Whether it is NOT NULL.</param>
    /// <param name="collate">Its collation, e.g. <c>en-ci</c>; for text columns, by default the one set by <see cref="Collate"/>.</param>
    /// <param name="defaultExpression">A SQL expression for DEFAULT.</param>
    /// <param name="comment">A column comment.</param>
    /// <returns>A new builder.</returns>
    public TableBuilder Column(string name, DataType type, bool notNull = false, string? collate = null, string? defaultExpression = null, string? comment = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(type);
        var collation = collate ?? (type.IsText ? _state.DefaultCollation : null);
        var column = new Column(name, type) { Nullable = !notNull, Collation = collation, DefaultExpression = defaultExpression, Comment = comment };
        return new(_state with { Columns = _state.Columns.Add(column) });
    }

    /// <summary>Adds nullable columns of one type.</summary>
    /// <param name="type">Their type.</param>
    /// <param name="names">Their names, in order.</param>
    /// <returns>A new builder.</returns>
    public TableBuilder Columns(DataType type, params string[] names) =>
        names.Aggregate(this, (table, name) => table.Column(name, type));

    /// <summary>Adds nullable columns with the type and collation they have in another table.</summary>
    /// <param name="source">The table to copy column types from.</param>
    /// <param name="names">The column names, in the order to add them.</param>
    /// <returns>A new builder.</returns>
    public TableBuilder ColumnsLike(TableBuilder source, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(source);
        var state = _state;
        foreach (var name in names)
        {
            var column = source._state.Columns.FirstOrDefault(c => c.Name == name);
            state = column is null
                ? state with { Problems = state.Problems.Add($"Table {{table}} copies column {name} from table {source.Name}, which does not have it: add the column to {source.Name} or declare it with Column(...).") }
                : state with { Columns = state.Columns.Add(new Column(name, column.Type) { Collation = column.Collation }) };
        }

        return new(state);
    }

    /// <summary>Makes columns NOT NULL.</summary>
    /// <param name="names">The column names.</param>
    /// <returns>A new builder.</returns>
    public TableBuilder NotNull(params string[] names) => new(_state with { NotNull = _state.NotNull.AddRange(names) });

    /// <summary>Sets the collation of the text columns added after this call that name none, e.g. <c>en-ci</c>.</summary>
    /// <param name="collation">The collation specification; <see langword="null"/> for none.</param>
    /// <returns>A new builder.</returns>
    public TableBuilder Collate(string? collation) => new(_state with { DefaultCollation = collation });

    /// <summary>Sets the primary key.</summary>
    /// <param name="names">The key's column names, in order.</param>
    /// <returns>A new builder.</returns>
    public TableBuilder PrimaryKey(params string[] names) => new(_state with { PrimaryKey = [.. names] });

    /// <summary>Makes the table TRANSIENT.</summary>
    /// <param name="transient">Whether it is transient.</param>
    /// <returns>A new builder.</returns>
    public TableBuilder Transient(bool transient = true) => new(_state with { Transient = transient });

    /// <summary>Sets the comment.</summary>
    /// <param name="comment">The comment.</param>
    /// <returns>A new builder.</returns>
    public TableBuilder Comment(string comment) => new(_state with { Comment = comment });

    internal override PipelineObject Resolve(BuildContext context)
    {
        var schema = context.Schema(_state.Layer);
        var qualified = new ObjectName(schema.Database.Name, schema.Name, _state.Name).ToSql();
        context.Problems.AddRange(_state.Problems.Select(p => p.Replace("{table}", qualified, StringComparison.Ordinal)));
        foreach (var name in _state.NotNull.Concat(_state.PrimaryKey).Distinct().Where(n => _state.Columns.All(c => c.Name != n)))
        {
            context.Problems.Add($"Table {qualified} names column {name} (NOT NULL or primary key), which it does not have: add the column or remove the name.");
        }

        var columns = _state.Columns.Select(c => c with
        {
            Nullable = c.Nullable && !_state.NotNull.Contains(c.Name),
        }).ToList();
        var key = _state.PrimaryKey.Select(n => columns.FirstOrDefault(c => c.Name == n)).OfType<Column>().ToList();
        return new Table(schema, _state.Name, columns) { PrimaryKey = key, Transient = _state.Transient, Comment = _state.Comment };
    }

    private sealed record State(
        Layer Layer,
        string Name,
        ImmutableList<Column> Columns,
        ImmutableList<string> PrimaryKey,
        bool Transient,
        string? Comment,
        string? DefaultCollation,
        ImmutableList<string> Problems)
    {
        public ImmutableList<string> NotNull { get; init; } = [];
    }
}
