using System.Collections.Immutable;
using SnowMedallion.Model;
using SnowMedallion.Sql;
using static SnowMedallion.Sql.SnowflakeSyntax;

namespace SnowMedallion.Building;

/// <summary>
/// Declares an SCD type 1 upsert from a bronze stream into a silver table: a generated JavaScript procedure, its
/// reject table and (with <see cref="Task"/>) the task that calls it. Target columns get, in order of precedence, the
/// value mapped with <see cref="From"/>, <see cref="Constant"/>, <see cref="Expression"/> or <see cref="ProcedureName"/>,
/// else the source column of the same name. Immutable: every method returns a new builder.
/// </summary>
/// <remarks>
/// The procedure reads the stream only with DML inside one transaction (no DDL between BEGIN and COMMIT), de-duplicates
/// the batch on the key (latest source file and row wins), sends rows that would break a NOT NULL column to the reject
/// table with the reason, and returns a JSON summary:
/// <c>{"rowsRead":n,"inserted":n,"updated":n,"unchanged":n,"rejected":n,"filtered":n,"duplicates":n}</c>.
/// </remarks>
public sealed class UpsertProcedureBuilder : ComponentBuilder
{
    private readonly State _state;

    internal UpsertProcedureBuilder(string name, StreamBuilder source, TableBuilder target)
        : this(new State(name, source, target))
    {
    }

    private UpsertProcedureBuilder(State state) => _state = state;

    /// <summary>The business key: target columns identifying a row (MERGE condition and de-duplication).</summary>
    /// <param name="columns">The key columns.</param>
    /// <returns>A new builder.</returns>
    public UpsertProcedureBuilder Key(params string[] columns) => new(_state with { Key = [.. columns] });

    /// <summary>
    /// A hash column: <c>MD5</c> of <c>COALESCE(TO_VARCHAR(TRIM(col)), '')</c> concatenated over the given target
    /// columns. A matched row with the same hash is unchanged; a new hash updates every column.
    /// </summary>
    /// <param name="column">The target column holding the hash.</param>
    /// <param name="columns">The target columns hashed, in order.</param>
    /// <returns>A new builder.</returns>
    public UpsertProcedureBuilder Hash(string column, params string[] columns) => new(_state with { HashColumn = column, Hashed = [.. columns] });

    /// <summary>On an unchanged row (same hash), update only this column (e.g. <c>UPDATE_DTS</c>), as SCD type 1 does.</summary>
    /// <param name="column">The target column.</param>
    /// <returns>A new builder.</returns>
    public UpsertProcedureBuilder TouchOnUnchanged(string column) => new(_state with { UpdatedAt = column });

    /// <summary>Fills a target column from a source column of another name.</summary>
    /// <param name="column">The target column.</param>
    /// <param name="sourceColumn">The source (stream) column.</param>
    /// <returns>A new builder.</returns>
    public UpsertProcedureBuilder From(string column, string sourceColumn) => Map(column, new Value(sourceColumn, null, false, NeverNull: false));

    /// <summary>Fills a target column with a constant string.</summary>
    /// <param name="column">The target column.</param>
    /// <param name="value">The value.</param>
    /// <returns>A new builder.</returns>
    public UpsertProcedureBuilder Constant(string column, string value) => Map(column, new Value(null, StringLiteral(value), false, NeverNull: true));

    /// <summary>Fills a target column with a SQL expression over the source columns, e.g. <c>CURRENT_SESSION()</c>.</summary>
    /// <param name="column">The target column.</param>
    /// <param name="sql">The expression.</param>
    /// <returns>A new builder.</returns>
    public UpsertProcedureBuilder Expression(string column, string sql) => Map(column, new Value(null, sql, false, NeverNull: false));

    /// <summary>Fills a target column with the procedure's name.</summary>
    /// <param name="column">The target column.</param>
    /// <returns>A new builder.</returns>
    public UpsertProcedureBuilder ProcedureName(string column) => Map(column, new Value(null, null, true, NeverNull: true));

    /// <summary>Keeps only source rows matching a SQL condition over the source columns; the others count as filtered.</summary>
    /// <param name="condition">The condition.</param>
    /// <returns>A new builder.</returns>
    public UpsertProcedureBuilder Where(string condition) => new(_state with { Filter = condition });

    /// <summary>Adds a procedure argument (visible, upper case, to the body).</summary>
    /// <param name="name">The argument's name.</param>
    /// <param name="type">Its type.</param>
    /// <returns>A new builder.</returns>
    public UpsertProcedureBuilder Argument(string name, DataType type) => new(_state with { Arguments = _state.Arguments.Add(new(name, type)) });

    /// <summary>Sets <c>EXECUTE AS</c>.</summary>
    /// <param name="executeAs">Owner or caller.</param>
    /// <returns>A new builder.</returns>
    public UpsertProcedureBuilder ExecuteAs(ProcedureExecuteAs executeAs) => new(_state with { ExecuteAs = executeAs });

    /// <summary>Names the reject table (default: the target's name + <c>_REJECTS</c>, in the target's schema).</summary>
    /// <param name="name">The table's exact name.</param>
    /// <returns>A new builder.</returns>
    public UpsertProcedureBuilder RejectTable(string name) => new(_state with { RejectTable = name });

    /// <summary>
    /// Names the source columns holding a row's file and row number (default: the columns the feeding pipe fills with
    /// METADATA$FILENAME and METADATA$FILE_ROW_NUMBER).
    /// </summary>
    /// <param name="fileColumn">The source-file column.</param>
    /// <param name="rowColumn">The row-number column.</param>
    /// <returns>A new builder.</returns>
    public UpsertProcedureBuilder SourceFileColumns(string fileColumn, string rowColumn) => new(_state with { FileColumn = fileColumn, RowColumn = rowColumn });

    /// <summary>Sets the procedure's comment.</summary>
    /// <param name="comment">The comment.</param>
    /// <returns>A new builder.</returns>
    public UpsertProcedureBuilder Comment(string comment) => new(_state with { Comment = comment });

    /// <summary>Declares the task that calls the procedure, in the stream's schema.</summary>
    /// <param name="name">The task's exact name.</param>
    /// <param name="configure">Warehouse, schedule, condition and other options.</param>
    /// <returns>A new builder.</returns>
    public UpsertProcedureBuilder Task(string name, Func<TaskBuilder, TaskBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return new(_state with { Task = configure(new TaskBuilder(name)) });
    }

    internal override PipelineObject Resolve(BuildContext context)
    {
        var stream = context.Get<Model.Stream>(_state.Source);
        var target = context.Get<Table>(_state.Target);
        var source = stream.Table;
        var problems = new List<string>();
        var owner = $"Upsert procedure {new ObjectName(stream.Schema.Database.Name, stream.Schema.Name, _state.Name).ToSql()}";
        var table = target.QualifiedName.ToSql();

        Column? TargetColumn(string name, string role)
        {
            var column = target.FindColumn(name);
            if (column is null)
            {
                problems.Add($"{owner} {role} column {name}, which target table {table} does not have: add the column to {table} or fix the name.");
            }

            return column;
        }

        if (_state.Key.IsEmpty)
        {
            problems.Add($"{owner} has no business key: call Key(...) with the target columns that identify a row.");
        }

        var key = _state.Key.Select(k => TargetColumn(k, "keys on")).OfType<Column>().ToList();
        var hash = _state.HashColumn is { } h ? TargetColumn(h, "stores its hash in") : null;
        var hashed = _state.Hashed.Select(c => TargetColumn(c, "hashes")).OfType<Column>().ToList();
        if (hash is not null && _state.Hashed.IsEmpty)
        {
            // MD5() takes exactly one argument: https://docs.snowflake.com/en/sql-reference/functions/md5
            problems.Add($"{owner} hashes no columns into {hash.Name}: pass the target columns to hash to Hash(...).");
        }

        if (hash is not null && hashed.Contains(hash))
        {
            problems.Add($"{owner} hashes its own hash column {hash.Name}: remove it from the columns passed to Hash(...).");
        }
        var updatedAt = _state.UpdatedAt is { } u ? TargetColumn(u, "touches") : null;
        foreach (var mapped in _state.Values.Keys)
        {
            _ = TargetColumn(mapped, "fills");
        }

        var values = new List<UpsertValue>();
        foreach (var column in target.Columns.Where(c => c != hash))
        {
            var mapped = _state.Values.TryGetValue(column.Name, out var value);
            var sourceName = mapped ? value!.SourceColumn : column.Name;
            var expression = mapped
                ? value switch
                {
                    { ProcedureName: true } => StringLiteral(_state.Name),
                    { SourceColumn: { } from } => SourceColumn(from),
                    _ => value!.Sql!,
                }
                : source.FindColumn(column.Name) is not null ? Identifier(column.Name) : null;
            if (expression is null && !column.Nullable)
            {
                problems.Add($"{owner} gives NOT NULL column {column.Name} of {table} no value: map it with From, Constant, Expression or ProcedureName, or add a column of that name to {source.QualifiedName.ToSql()}.");
            }

            // A value copied from a NOT NULL source column can't be NULL either.
            var neverNull = (mapped && value!.NeverNull) || (sourceName is not null && source.FindColumn(sourceName) is { Nullable: false });
            values.Add(new UpsertValue(column, expression ?? "NULL", expression is not null && neverNull));
        }

        var fileColumn = _state.FileColumn ?? _state.Source.Pipe?.ColumnFilledWith(FileMetadataColumn.FileName);
        var rowColumn = _state.RowColumn ?? _state.Source.Pipe?.ColumnFilledWith(FileMetadataColumn.FileRowNumber);
        var file = fileColumn is null ? null : source.FindColumn(fileColumn);
        var row = rowColumn is null ? null : source.FindColumn(rowColumn);
        if (file is null || row is null)
        {
            problems.Add($"{owner} cannot tell each row's source file and row number: map METADATA$FILENAME and METADATA$FILE_ROW_NUMBER to columns of {source.QualifiedName.ToSql()} in its pipe, or call SourceFileColumns(...).");
        }

        foreach (var clash in target.Columns.Where(c => UpsertProcedureScript.RejectColumns.Contains(c.Name)))
        {
            problems.Add($"{owner} cannot build its reject table: target table {table} has column {clash.Name}, which the reject table uses for itself; rename the target column.");
        }

        string SourceColumn(string name)
        {
            if (source.FindColumn(name) is null)
            {
                problems.Add($"{owner} reads column {name}, which source table {source.QualifiedName.ToSql()} of stream {stream.QualifiedName.ToSql()} does not have: add the column or fix the name.");
            }

            return Identifier(name);
        }

        Column[] rejectOwn =
        [
            new("REJECT_REASON", DataType.Varchar()) { Nullable = false },
            new("REJECTED_DTS", DataType.TimestampNtz(6)) { Nullable = false },
            new("SOURCE_FILE_NAME", file?.Type ?? DataType.Varchar()),
            new("SOURCE_FILE_ROW_NUMBER", row?.Type ?? DataType.Number()),
        ];
        var rejects = new Table(target.Schema, _state.RejectTable ?? target.Name + "_REJECTS", [.. rejectOwn, .. target.Columns.Select(c => c with { Nullable = true, DefaultExpression = null })])
        {
            Comment = $"Rows {_state.Name} could not load into {target.Name}, with the reason and their source file and row.",
        };

        context.Problems.AddRange(problems);
        var body = problems.Count > 0
            ? string.Empty
            : UpsertProcedureScript.Generate(new UpsertPlan(
                _state.Name, stream, target, rejects, values, key, hash, hashed, updatedAt, _state.Filter, file!.Name, row!.Name, _state.Arguments));
        return new Procedure(stream.Schema, _state.Name, _state.Arguments, DataType.Varchar(), body)
        {
            ExecuteAs = _state.ExecuteAs,
            References = [stream, target, rejects],
            Comment = _state.Comment,
        };
    }

    internal override void Declare(BuildContext context)
    {
        var procedure = context.Get<Procedure>(this);
        context.Declare(procedure);
        if (_state.Task is { } task)
        {
            var stream = context.Get<Model.Stream>(_state.Source);
            context.Declare(task.Resolve(context, stream.Schema, procedure, stream));
        }
    }

    private UpsertProcedureBuilder Map(string column, Value value) => new(_state with { Values = _state.Values.SetItem(column, value) });

    // NeverNull: a constant or the procedure's name can't be NULL, so the procedure needs no NOT NULL check for it.
    private sealed record Value(string? SourceColumn, string? Sql, bool ProcedureName, bool NeverNull);

    private sealed record State(string Name, StreamBuilder Source, TableBuilder Target)
    {
        public ImmutableList<string> Key { get; init; } = [];

        public string? HashColumn { get; init; }

        public ImmutableList<string> Hashed { get; init; } = [];

        public string? UpdatedAt { get; init; }

        public ImmutableDictionary<string, Value> Values { get; init; } = ImmutableDictionary<string, Value>.Empty;

        public string? Filter { get; init; }

        public ImmutableList<ProcedureArgument> Arguments { get; init; } = [];

        public ProcedureExecuteAs? ExecuteAs { get; init; }

        public string? RejectTable { get; init; }

        public string? FileColumn { get; init; }

        public string? RowColumn { get; init; }

        public string? Comment { get; init; }

        public TaskBuilder? Task { get; init; }
    }
}
