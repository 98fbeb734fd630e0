using System.Globalization;
using SnowMedallion.Sql.Lexing;

namespace SnowMedallion.Testing.Snowflake.Translation;

/// <summary>CREATE / ALTER / DROP TABLE and CREATE / DROP VIEW.</summary>
internal sealed partial class StatementRunner
{
    private sealed class ColumnSpec
    {
        public required string Name { get; init; }

        public required SqlType Type { get; set; }

        public string? Collation { get; set; }

        public bool NotNull { get; set; }

        public (int Start, int End)? Default { get; set; }

        public (long Start, long Step)? Identity { get; set; }

        public string? Comment { get; set; }

        public bool PrimaryKey { get; set; }
    }

    // CREATE [OR REPLACE] [TRANSIENT|TEMPORARY] TABLE [IF NOT EXISTS] t
    //   { (columns) [options] [AS query] | [options] AS query | LIKE other | CLONE other }
    // https://docs.snowflake.com/en/sql-reference/sql/create-table
    private GenericSqlResult RunCreateTable(int kindIndex, bool orReplace)
    {
        _translator.Verb = "CREATE TABLE";
        var kind = RelationKind.Table;
        for (var k = 1; k < kindIndex; k++)
        {
            if (_t[k].Value is "TEMP" or "TEMPORARY" or "VOLATILE")
            {
                kind = RelationKind.TemporaryTable;
            }
            else if (_t[k].Value == "TRANSIENT")
            {
                kind = RelationKind.TransientTable;
            }
            else if (_t[k].Value is "SECURE" or "RECURSIVE" or "MATERIALIZED")
            {
                throw LocalSnowflakeException.Unsupported($"CREATE {_t[k].Value} TABLE");
            }
        }

        var i = kindIndex + 1;
        var ifNotExists = ReadIfNotExists(ref i, orReplace);
        i = _translator.ReadRelationName(i, _t.Count, out var path);
        var existing = GenericSqlExecutor.RelationKindOf(_connection, path);
        if (existing is not null && ifNotExists)
        {
            return Created(GenericStatementKind.CreateTable, $"{path.Name} already exists, statement succeeded.", path, false);
        }

        if (existing is not null && (!orReplace || existing != "TABLE"))
        {
            throw existing != "TABLE"
                ? new LocalSnowflakeException(2203, "42809", $"SQL compilation error:\nObject found is of type '{existing}', not specified type 'TABLE'.")
                : new LocalSnowflakeException(2002, "42710", $"SQL compilation error:\nObject '{path}' already exists.");
        }

        var create = $"CREATE {(orReplace ? "OR REPLACE " : string.Empty)}TABLE {SqlNames.Quote(path)}";
        if (At(i, "LIKE") || At(i, "CLONE"))
        {
            return CreateLikeOrClone(i, path, kind, create, existing is not null);
        }

        var specs = new List<ColumnSpec>();
        if (AtSymbol(i, "("))
        {
            var close = _translator.Match(i);
            foreach (var (a, b) in _translator.SplitCommas(i + 1, close))
            {
                ColumnOrConstraint(a, b, specs);
            }

            i = close + 1;
        }

        var options = new TableOptions();
        var asAt = -1;
        while (i < _t.Count)
        {
            if (At(i, "AS"))
            {
                asAt = i;
                break;
            }

            i = TableOption(i, options);
        }

        ApplyDefaultCollation(specs, options.DefaultDdlCollation, path);

        var query = asAt >= 0 ? _translator.Translate(asAt + 1, _t.Count) : null;
        if (specs.Count == 0 && query is null)
        {
            throw new LocalSnowflakeException(1003, "42000", $"SQL compilation error:\nTable {path.Name} needs at least one column: list the columns or use AS SELECT ....");
        }

        List<ColumnMetadata> columns;
        if (specs.Count > 0)
        {
            var ddl = $"{create} ({string.Join(", ", specs.Select(s => ColumnDdl(s, path)))})";
            GenericSqlExecutor.Atomically(_connection, () =>
            {
                CreateSequences(specs, path, orReplace);
                GenericSqlExecutor.NonQuery(_connection, ddl);
                if (query is not null)
                {
                    GenericSqlExecutor.NonQuery(_connection, $"INSERT INTO {SqlNames.Quote(path)} {query}");
                }
            });
            columns = [.. specs.Select(Metadata)];
        }
        else
        {
            GenericSqlExecutor.NonQuery(_connection, $"{create} AS {query}");
            columns = GenericSqlExecutor.DuckColumns(_connection, path);
        }

        _scope.Tables.Set(new TableMetadata(
            path, kind, columns, _scope.Now, options.Comment, ChangeTracking: options.ChangeTracking, OwnerSession: Owner(kind),
            DataRetentionDays: options.DataRetentionDays, MaxDataExtensionDays: options.MaxDataExtensionDays, DefaultDdlCollation: options.DefaultDdlCollation));
        return Created(GenericStatementKind.CreateTable, $"Table {path.Name} successfully created.", path, existing is not null);
    }

    // Text columns declared without a collation take the table's DEFAULT_DDL_COLLATION, else its schema's, else its
    // database's, when the table is created and when columns are added later
    // (https://docs.snowflake.com/en/sql-reference/parameters#default-ddl-collation).
    private void ApplyDefaultCollation(IEnumerable<ColumnSpec> specs, string? tableDefault, ObjectPath path)
    {
        if ((tableDefault ?? _scope.InheritedDefaultCollation?.Invoke(path.Database, path.Schema)) is { } collation)
        {
            foreach (var spec in specs.Where(s => s.Type.IsText && s.Collation is null))
            {
                spec.Collation = collation;
            }
        }
    }

    // A temporary table belongs to the session that created it and goes when that session ends.
    private string? Owner(RelationKind kind) => kind == RelationKind.TemporaryTable ? _scope.SessionId : null;

    private GenericSqlResult Created(GenericStatementKind kind, string message, ObjectPath path, bool replaced) =>
        new(LocalResult.Status(message), kind, _translator.Reads, path, replaced);

    private bool ReadIfNotExists(ref int i, bool orReplace)
    {
        if (!(At(i, "IF") && At(i + 1, "NOT") && At(i + 2, "EXISTS")))
        {
            return false;
        }

        if (orReplace)
        {
            throw new LocalSnowflakeException(1003, "42000", "SQL compilation error:\nOR REPLACE and IF NOT EXISTS are incompatible: use one of them.");
        }

        i += 3;
        return true;
    }

    private GenericSqlResult CreateLikeOrClone(int i, ObjectPath path, RelationKind kind, string create, bool replaced)
    {
        var clone = At(i, "CLONE");
        var next = _translator.ReadRelationName(i + 1, _t.Count, out var source);
        if (next < _t.Count)
        {
            throw LocalSnowflakeException.Unsupported($"'{_t[next].Text}' after {(clone ? "CLONE" : "LIKE")} {source} (Time Travel and options)");
        }

        if (GenericSqlExecutor.RelationKindOf(_connection, source) != "TABLE")
        {
            throw DoesNotExist("Table", source);
        }

        var metadata = _scope.Tables.Find(source);
        var columns = metadata?.Columns.ToList() ?? GenericSqlExecutor.DuckColumns(_connection, source);
        var specs = columns.Select(FromMetadata).ToList();
        GenericSqlExecutor.Atomically(_connection, () =>
        {
            GenericSqlExecutor.NonQuery(_connection, $"{create} ({string.Join(", ", specs.Select(s => ColumnDdl(s, path)))})");
            if (clone)
            {
                GenericSqlExecutor.NonQuery(_connection, $"INSERT INTO {SqlNames.Quote(path)} SELECT * FROM {SqlNames.Quote(source)}");
            }
        });

        _scope.Tables.Set(new TableMetadata(path, kind, columns, _scope.Now, clone ? metadata?.Comment : null, OwnerSession: Owner(kind)));
        if (clone)
        {
            return new GenericSqlResult(LocalResult.Status($"Table {path.Name} successfully created."), GenericStatementKind.CreateTable, [source], path, replaced);
        }

        return Created(GenericStatementKind.CreateTable, $"Table {path.Name} successfully created.", path, replaced);
    }

    private static ColumnSpec FromMetadata(ColumnMetadata column)
    {
        var tokens = SnowflakeTokenizer.Tokenize(column.SnowflakeType);
        SnowflakeTypes.Parse(tokens, 0, tokens.Count, out var type);
        return new ColumnSpec
        {
            Name = column.Name,
            Type = type,
            Collation = column.Collation,
            NotNull = !column.Nullable,
            Comment = column.Comment,
            PrimaryKey = column.PrimaryKey,
        };
    }

    private static ColumnMetadata Metadata(ColumnSpec spec) =>
        new(spec.Name, spec.Type.Snowflake, !spec.NotNull, null, spec.Collation, spec.Comment, spec.PrimaryKey);

    // The options of CREATE TABLE / CREATE VIEW that the emulator keeps.
    private sealed class TableOptions
    {
        public string? Comment { get; set; }

        public string? DefaultDdlCollation { get; set; }

        public bool ChangeTracking { get; set; }

        public int? DataRetentionDays { get; set; }

        public int? MaxDataExtensionDays { get; set; }
    }

    private int TableOption(int i, TableOptions options)
    {
        var word = _t[i].Kind == SqlTokenKind.Identifier ? _t[i].Value : _t[i].Text;
        switch (word)
        {
            case "CLUSTER" when At(i + 1, "BY") && AtSymbol(i + 2, "("):
                return _translator.Match(i + 2) + 1;
            case "COPY" when At(i + 1, "GRANTS"):
                return i + 2;
            case "COMMENT":
                options.Comment = OptionString(i);
                return i + 3;
            case "DEFAULT_DDL_COLLATION":
                options.DefaultDdlCollation = OptionString(i);
                return i + 3;
            case "CHANGE_TRACKING":
                options.ChangeTracking = OptionValue(i) == "TRUE";
                return i + 3;
            case RetentionDays.Retention:
                options.DataRetentionDays = OptionDays(i);
                return i + 3;
            case RetentionDays.Extension:
                options.MaxDataExtensionDays = OptionDays(i);
                return i + 3;
            case "ENABLE_SCHEMA_EVOLUTION":
                OptionValue(i);
                return i + 3;
            case "STAGE_FILE_FORMAT" or "STAGE_COPY_OPTIONS" when AtSymbol(i + 1, "=") && AtSymbol(i + 2, "("):
                return _translator.Match(i + 2) + 1;
            case "WITH" when At(i + 1, "TAG") && AtSymbol(i + 2, "("):
                return _translator.Match(i + 2) + 1;
            case "TAG" when AtSymbol(i + 1, "("):
                return _translator.Match(i + 1) + 1;
            default:
                throw LocalSnowflakeException.Unsupported($"table option {word}");
        }
    }

    private string OptionString(int i)
    {
        if (!AtSymbol(i + 1, "=") || i + 2 >= _t.Count || _t[i + 2].Kind is not (SqlTokenKind.String or SqlTokenKind.DollarString))
        {
            throw _translator.Syntax(i + 1, $"{_t[i].Value} = '...' was expected");
        }

        return _t[i + 2].Value;
    }

    private int OptionDays(int i) => RetentionDays.Parse(_t[i].Value, OptionValue(i));

    private string OptionValue(int i)
    {
        if (!AtSymbol(i + 1, "=") || i + 2 >= _t.Count)
        {
            throw _translator.Syntax(i + 1, $"{_t[i].Value} = <value> was expected");
        }

        return _t[i + 2].Value.ToUpperInvariant();
    }

    // One element of a CREATE TABLE column list: a column definition or an out-of-line constraint.
    private void ColumnOrConstraint(int a, int b, List<ColumnSpec> specs)
    {
        var i = a;
        if (At(i, "CONSTRAINT"))
        {
            i += 2;
        }

        if (At(i, "PRIMARY") && At(i + 1, "KEY") && AtSymbol(i + 2, "("))
        {
            var close = _translator.Match(i + 2);
            foreach (var (s, e) in _translator.SplitCommas(i + 3, close))
            {
                var name = _t[s].Value;
                var spec = specs.FirstOrDefault(c => c.Name == name)
                    ?? throw new LocalSnowflakeException(904, "42000", $"SQL compilation error: error line 0 at position -1\ninvalid identifier '{name}'");
                spec.PrimaryKey = true;
            }

            return;
        }

        if ((At(i, "UNIQUE") && AtSymbol(i + 1, "(")) || (At(i, "FOREIGN") && At(i + 1, "KEY")))
        {
            // Accepted and not enforced, as in Snowflake.
            return;
        }

        if (i != a)
        {
            throw _translator.Syntax(i, "PRIMARY KEY, UNIQUE or FOREIGN KEY was expected after CONSTRAINT name");
        }

        specs.Add(ColumnDefinition(a, b));
    }

    private ColumnSpec ColumnDefinition(int a, int b)
    {
        if (!_t[a].IsIdentifier)
        {
            throw _translator.Syntax(a, "a column name was expected");
        }

        var i = SnowflakeTypes.Parse(_t, a + 1, b, out var type);
        var spec = new ColumnSpec { Name = _t[a].Value, Type = type };
        while (i < b)
        {
            var word = _t[i].Kind == SqlTokenKind.Identifier ? _t[i].Value : _t[i].Text;
            switch (word)
            {
                case "COLLATE" when i + 1 < b && _t[i + 1].Kind == SqlTokenKind.String:
                    spec.Collation = _t[i + 1].Value;
                    i += 2;
                    break;
                case "NOT" when At(i + 1, "NULL"):
                    spec.NotNull = true;
                    i += 2;
                    break;
                case "NULL":
                    i++;
                    break;
                case "DEFAULT":
                    var start = i + 1;
                    i = start;
                    while (i < b && !IsColumnClause(i))
                    {
                        i = AtSymbol(i, "(") ? _translator.Match(i) + 1 : i + 1;
                    }

                    spec.Default = (start, i);
                    break;
                case "AUTOINCREMENT" or "IDENTITY":
                    i++;
                    long first = 1, step = 1;
                    if (AtSymbol(i, "("))
                    {
                        var close = _translator.Match(i);
                        var numbers = _translator.SplitCommas(i + 1, close).Select(r => long.Parse(_t[r.Start].Text, CultureInfo.InvariantCulture)).ToList();
                        first = numbers.Count > 0 ? numbers[0] : 1;
                        step = numbers.Count > 1 ? numbers[1] : 1;
                        i = close + 1;
                    }

                    while (i < b && (At(i, "START") || At(i, "INCREMENT")))
                    {
                        var value = long.Parse(_t[i + 1].Text, CultureInfo.InvariantCulture);
                        if (At(i, "START"))
                        {
                            first = value;
                        }
                        else
                        {
                            step = value;
                        }

                        i += 2;
                    }

                    if (At(i, "ORDER") || At(i, "NOORDER"))
                    {
                        i++;
                    }

                    spec.Identity = (first, step);
                    break;
                case "CONSTRAINT":
                    i += 2;
                    break;
                case "PRIMARY" when At(i + 1, "KEY"):
                    spec.PrimaryKey = true;
                    i += 2;
                    break;
                case "UNIQUE":
                    i++;
                    break;
                case "REFERENCES" or "FOREIGN":
                    i++;
                    while (i < b && !IsColumnClause(i))
                    {
                        i = AtSymbol(i, "(") ? _translator.Match(i) + 1 : i + 1;
                    }

                    break;
                case "COMMENT" when i + 1 < b && _t[i + 1].Kind == SqlTokenKind.String:
                    spec.Comment = _t[i + 1].Value;
                    i += 2;
                    break;
                case "WITH" when At(i + 1, "TAG") && AtSymbol(i + 2, "("):
                    i = _translator.Match(i + 2) + 1;
                    break;
                case "ENFORCED" or "RELY" or "NORELY" or "VALIDATE" or "NOVALIDATE" or "ENABLE" or "DISABLE":
                    i++;
                    break;
                default:
                    throw LocalSnowflakeException.Unsupported($"column option {word} (column {spec.Name})");
            }
        }

        return spec;
    }

    private bool IsColumnClause(int i) =>
        _t[i].Kind == SqlTokenKind.Identifier && _t[i].Value is "NOT" or "NULL" or "COLLATE" or "PRIMARY" or "UNIQUE" or "REFERENCES"
            or "COMMENT" or "CONSTRAINT" or "WITH" or "AUTOINCREMENT" or "IDENTITY" or "FOREIGN";

    private string ColumnDdl(ColumnSpec spec, ObjectPath table)
    {
        var name = SqlNames.Quote(spec.Name);
        var ddl = new System.Text.StringBuilder(name).Append(' ').Append(spec.Type.DuckDb);
        if (spec.Collation is not null)
        {
            if (!spec.Type.IsText)
            {
                throw new LocalSnowflakeException(2, "0A000", $"SQL compilation error:\nCOLLATE applies to text columns; column {spec.Name} is {spec.Type.Snowflake}.");
            }

            var collation = SqlTranslator.DuckCollation(spec.Collation);
            if (collation is not null)
            {
                ddl.Append(" COLLATE ").Append(collation);
            }
        }

        if (spec.Identity is not null)
        {
            ddl.Append(" DEFAULT nextval(").Append(SqlNames.Literal(SequenceName(table, spec.Name))).Append(')');
        }
        else if (spec.Default is { } range)
        {
            var translator = new SqlTranslator(_t, _scope) { Deferred = true };
            ddl.Append(" DEFAULT (").Append(translator.Translate(range.Start, range.End)).Append(')');
        }

        if (spec.NotNull)
        {
            ddl.Append(" NOT NULL");
        }

        // Snowflake rejects a string longer than the column's declared length (error 100074).
        if (spec.Type.MaxLength is { } max)
        {
            // strlen (bytes, O(1)) <= n implies length (characters) <= n: the common case never counts characters.
            var limit = max.ToString(CultureInfo.InvariantCulture);
            ddl.Append(" CHECK (CASE WHEN ").Append(name).Append(" IS NULL OR strlen(").Append(name).Append(") <= ").Append(limit)
                .Append(" OR length(").Append(name).Append(") <= ").Append(limit)
                .Append(" THEN TRUE ELSE error('String ''' || ").Append(name).Append(" || ''' is too long and would be truncated') END)");
        }

        return ddl.ToString();
    }

    private static string SequenceName(ObjectPath table, string column) =>
        SqlNames.Quote(table.Database) + "." + SqlNames.Quote(table.Schema) + "." + SqlNames.Quote($"{table.Name}${column}$SEQ");

    private void CreateSequences(List<ColumnSpec> specs, ObjectPath table, bool orReplace)
    {
        foreach (var spec in specs.Where(s => s.Identity is not null))
        {
            var (start, step) = spec.Identity!.Value;
            GenericSqlExecutor.NonQuery(
                _connection,
                $"CREATE {(orReplace ? "OR REPLACE " : string.Empty)}SEQUENCE {(orReplace ? string.Empty : "IF NOT EXISTS ")}{SequenceName(table, spec.Name)} START {start} INCREMENT {step}");
        }
    }

    // CREATE [OR REPLACE] [SECURE] VIEW [IF NOT EXISTS] v [(cols)] [options] AS query
    // https://docs.snowflake.com/en/sql-reference/sql/create-view
    private GenericSqlResult RunCreateView(int kindIndex, bool orReplace)
    {
        var secure = false;
        for (var k = 1; k < kindIndex; k++)
        {
            if (_t[k].Value == "SECURE")
            {
                secure = true;
            }
            else if (_t[k].Value is "RECURSIVE" or "MATERIALIZED")
            {
                throw LocalSnowflakeException.Unsupported($"CREATE {_t[k].Value} VIEW");
            }
        }

        _translator.Verb = "CREATE VIEW";
        var i = kindIndex + 1;
        var ifNotExists = ReadIfNotExists(ref i, orReplace);
        i = _translator.ReadRelationName(i, _t.Count, out var path);
        var names = new List<string>();
        var comments = new Dictionary<string, string>(StringComparer.Ordinal);
        if (AtSymbol(i, "("))
        {
            var close = _translator.Match(i);
            foreach (var (a, b) in _translator.SplitCommas(i + 1, close))
            {
                names.Add(_t[a].Value);
                if (b - a == 3 && _t[a + 1].IsKeyword("COMMENT"))
                {
                    comments[_t[a].Value] = _t[a + 2].Value;
                }
            }

            i = close + 1;
        }

        var options = new TableOptions();
        while (i < _t.Count && !At(i, "AS"))
        {
            i = TableOption(i, options);
        }

        Expect(i, "AS");
        var existing = GenericSqlExecutor.RelationKindOf(_connection, path);
        if (existing is not null && ifNotExists)
        {
            return Created(GenericStatementKind.CreateView, $"{path.Name} already exists, statement succeeded.", path, false);
        }

        if (existing is not null && (!orReplace || existing != "VIEW"))
        {
            throw existing != "VIEW"
                ? new LocalSnowflakeException(2203, "42809", $"SQL compilation error:\nObject found is of type '{existing}', not specified type 'VIEW'.")
                : new LocalSnowflakeException(2002, "42710", $"SQL compilation error:\nObject '{path}' already exists.");
        }

        var body = new SqlTranslator(_t, _scope)
        {
            Deferred = true,
            DefaultDatabase = path.Database,
            DefaultSchema = path.Schema,
            Verb = "CREATE VIEW",
        };
        var query = body.Translate(i + 1, _t.Count);
        var columnList = names.Count > 0 ? " (" + string.Join(", ", names.Select(SqlNames.Quote)) + ")" : string.Empty;
        GenericSqlExecutor.NonQuery(_connection, $"CREATE {(orReplace ? "OR REPLACE " : string.Empty)}VIEW {SqlNames.Quote(path)}{columnList} AS {query}");
        var columns = GenericSqlExecutor.DuckColumns(_connection, path)
            .Select(c => comments.TryGetValue(c.Name, out var text) ? c with { Comment = text } : c)
            .ToList();
        _scope.Tables.Set(new TableMetadata(path, RelationKind.View, columns, _scope.Now, options.Comment, Original(_t), secure, options.ChangeTracking));
        return new GenericSqlResult(LocalResult.Status($"View {path.Name} successfully created."), GenericStatementKind.CreateView, body.Reads, path, existing is not null);
    }

    // DROP { TABLE | VIEW } [IF EXISTS] name [CASCADE | RESTRICT]
    private GenericSqlResult RunDrop()
    {
        var isView = At(1, "VIEW");
        var kindWord = isView ? "VIEW" : "TABLE";
        _translator.Verb = "DROP " + kindWord;
        var i = 2;
        var ifExists = false;
        if (At(i, "IF") && At(i + 1, "EXISTS"))
        {
            ifExists = true;
            i += 2;
        }

        i = _translator.ReadRelationName(i, _t.Count, out var path);
        if (At(i, "CASCADE") || At(i, "RESTRICT"))
        {
            i++;
        }

        EndOfStatement(i);
        var kind = isView ? GenericStatementKind.DropView : GenericStatementKind.DropTable;
        var existing = GenericSqlExecutor.RelationKindOf(_connection, path);
        if (existing is null)
        {
            if (ifExists)
            {
                return new GenericSqlResult(LocalResult.Status($"Drop statement executed successfully ({path.Name} already dropped)."), kind, [], path);
            }

            throw DoesNotExist(isView ? "View" : "Table", path);
        }

        if (existing != kindWord)
        {
            throw new LocalSnowflakeException(2203, "42809", $"SQL compilation error:\nObject found is of type '{existing}', not specified type '{kindWord}'.");
        }

        GenericSqlExecutor.NonQuery(_connection, $"DROP {kindWord} {SqlNames.Quote(path)}");
        _scope.Tables.Remove(path);
        return new GenericSqlResult(LocalResult.Status($"{path.Name} successfully dropped."), kind, [], path);
    }
}
