using SnowMedallion.Sql.Lexing;

namespace SnowMedallion.Testing.Snowflake.Translation;

/// <summary>ALTER TABLE.</summary>
internal sealed partial class StatementRunner
{
    // ALTER TABLE [IF EXISTS] t { RENAME TO n | ADD [COLUMN] ... | DROP [COLUMN] ... | RENAME COLUMN a TO b
    //   | { ALTER | MODIFY } [COLUMN] c ... | SET / UNSET properties | CLUSTER BY (...) | ... }
    // https://docs.snowflake.com/en/sql-reference/sql/alter-table
    private GenericSqlResult RunAlterTable()
    {
        _translator.Verb = "ALTER TABLE";
        var i = 2;
        var ifExists = false;
        if (At(i, "IF") && At(i + 1, "EXISTS"))
        {
            ifExists = true;
            i += 2;
        }

        i = _translator.ReadRelationName(i, _t.Count, out var path);
        var done = LocalResult.Status("Statement executed successfully.");
        var existing = GenericSqlExecutor.RelationKindOf(_connection, path);
        if (existing != "TABLE")
        {
            if (ifExists && existing is null)
            {
                return new GenericSqlResult(done, GenericStatementKind.AlterTable, [], path);
            }

            throw existing is null
                ? DoesNotExist("Table", path)
                : new LocalSnowflakeException(2203, "42809", $"SQL compilation error:\nObject found is of type '{existing}', not specified type 'TABLE'.");
        }

        var metadata = _scope.Tables.Find(path) ??
            new TableMetadata(path, RelationKind.Table, GenericSqlExecutor.DuckColumns(_connection, path), _scope.Now);
        var table = SqlNames.Quote(path);
        var action = i < _t.Count ? _t[i].Value : string.Empty;
        switch (action)
        {
            case "RENAME" when At(i + 1, "TO"):
                var end = _translator.ReadRelationName(i + 2, _t.Count, out var renamed);
                EndOfStatement(end);
                var parts = end - (i + 2);
                if (parts == 1)
                {
                    renamed = path with { Name = renamed.Name };
                }

                if (renamed.Database != path.Database || renamed.Schema != path.Schema)
                {
                    throw LocalSnowflakeException.Unsupported($"ALTER TABLE ... RENAME TO another schema ({renamed})");
                }

                GenericSqlExecutor.NonQuery(_connection, $"ALTER TABLE {table} RENAME TO {SqlNames.Quote(renamed.Name)}");
                _scope.Tables.Remove(path);
                _scope.Tables.Set(metadata with { Path = renamed });
                return new GenericSqlResult(done, GenericStatementKind.AlterTable, [], renamed);
            case "RENAME" when At(i + 1, "COLUMN"):
                if (!At(i + 3, "TO") || i + 5 != _t.Count)
                {
                    throw _translator.Syntax(i + 3, "RENAME COLUMN old TO new");
                }

                var from = _t[i + 2].Value;
                var to = _t[i + 4].Value;
                GenericSqlExecutor.NonQuery(_connection, $"ALTER TABLE {table} RENAME COLUMN {SqlNames.Quote(from)} TO {SqlNames.Quote(to)}");
                metadata = metadata with { Columns = [.. metadata.Columns.Select(c => c.Name == from ? c with { Name = to } : c)] };
                break;
            case "ADD":
                metadata = AlterAdd(i + 1, path, metadata);
                break;
            case "DROP":
                metadata = AlterDrop(i + 1, table, metadata);
                break;
            case "ALTER" or "MODIFY":
                metadata = AlterColumns(i + 1, table, metadata);
                break;
            case "SET" or "UNSET":
                metadata = AlterProperties(i, metadata);
                break;
            case "CLUSTER" when At(i + 1, "BY"):
            case "SUSPEND" or "RESUME" when At(i + 1, "RECLUSTER"):
                break;
            default:
                throw LocalSnowflakeException.Unsupported($"ALTER TABLE ... {action}");
        }

        _scope.Tables.Set(metadata);
        return new GenericSqlResult(done, GenericStatementKind.AlterTable, [], path);
    }

    private TableMetadata AlterAdd(int i, ObjectPath path, TableMetadata metadata)
    {
        if (At(i, "CONSTRAINT") || At(i, "PRIMARY") || At(i, "UNIQUE") || At(i, "FOREIGN"))
        {
            var specs = metadata.Columns.Select(FromMetadata).ToList();
            ColumnOrConstraint(i, _t.Count, specs);
            return metadata with { Columns = [.. metadata.Columns.Select(c => c with { PrimaryKey = specs.First(s => s.Name == c.Name).PrimaryKey })] };
        }

        if (At(i, "COLUMN"))
        {
            i++;
        }

        var ifNotExists = false;
        if (At(i, "IF") && At(i + 1, "NOT") && At(i + 2, "EXISTS"))
        {
            ifNotExists = true;
            i += 3;
        }

        var columns = metadata.Columns.ToList();
        foreach (var (a, b) in _translator.SplitCommas(i, _t.Count))
        {
            var spec = ColumnDefinition(a, b);
            ApplyDefaultCollation([spec], metadata.DefaultDdlCollation, path);
            if (columns.Any(c => c.Name == spec.Name))
            {
                if (ifNotExists)
                {
                    continue;
                }

                throw new LocalSnowflakeException(2025, "42601", $"SQL compilation error:\ncolumn '{spec.Name}' already exists");
            }

            if (spec.Identity is not null)
            {
                throw LocalSnowflakeException.Unsupported("ALTER TABLE ... ADD COLUMN with AUTOINCREMENT/IDENTITY");
            }

            // DuckDB adds plain columns: NOT NULL follows as its own step; the declared length is not checked on added columns.
            var notNull = spec.NotNull;
            spec.NotNull = false;
            var maxLength = spec.Type.MaxLength;
            spec.Type = spec.Type with { MaxLength = null };
            GenericSqlExecutor.NonQuery(_connection, $"ALTER TABLE {SqlNames.Quote(path)} ADD COLUMN {ColumnDdl(spec, path)}");
            if (notNull)
            {
                GenericSqlExecutor.NonQuery(_connection, $"ALTER TABLE {SqlNames.Quote(path)} ALTER COLUMN {SqlNames.Quote(spec.Name)} SET NOT NULL");
            }

            spec.NotNull = notNull;
            spec.Type = spec.Type with { MaxLength = maxLength };
            columns.Add(Metadata(spec));
        }

        return metadata with { Columns = columns };
    }

    private TableMetadata AlterDrop(int i, string table, TableMetadata metadata)
    {
        if (At(i, "PRIMARY") && At(i + 1, "KEY"))
        {
            return metadata with { Columns = [.. metadata.Columns.Select(c => c with { PrimaryKey = false })] };
        }

        if (At(i, "CONSTRAINT") || At(i, "UNIQUE") || At(i, "FOREIGN"))
        {
            return metadata;
        }

        if (At(i, "CLUSTERING") && At(i + 1, "KEY"))
        {
            return metadata;
        }

        if (At(i, "COLUMN"))
        {
            i++;
        }

        var ifExists = false;
        if (At(i, "IF") && At(i + 1, "EXISTS"))
        {
            ifExists = true;
            i += 2;
        }

        var columns = metadata.Columns.ToList();
        foreach (var (a, b) in _translator.SplitCommas(i, _t.Count))
        {
            if (b - a != 1 || !_t[a].IsIdentifier)
            {
                throw _translator.Syntax(a, "a column name was expected");
            }

            var name = _t[a].Value;
            if (columns.All(c => c.Name != name))
            {
                if (ifExists)
                {
                    continue;
                }

                throw new LocalSnowflakeException(904, "42000", $"SQL compilation error: error line 0 at position -1\ninvalid identifier '{name}'");
            }

            GenericSqlExecutor.NonQuery(_connection, $"ALTER TABLE {table} DROP COLUMN {SqlNames.Quote(name)}");
            columns.RemoveAll(c => c.Name == name);
        }

        return metadata with { Columns = columns };
    }

    private TableMetadata AlterColumns(int i, string table, TableMetadata metadata)
    {
        var body = (Start: i, End: _t.Count);
        if (AtSymbol(i, "("))
        {
            body = (i + 1, _translator.Match(i));
        }

        var columns = metadata.Columns.ToList();
        foreach (var (start, stop) in _translator.SplitCommas(body.Start, body.End))
        {
            var k = start;
            if (At(k, "COLUMN"))
            {
                k++;
            }

            var name = _t[k].Value;
            var index = columns.FindIndex(c => c.Name == name);
            if (index < 0)
            {
                throw new LocalSnowflakeException(904, "42000", $"SQL compilation error: error line 0 at position -1\ninvalid identifier '{name}'");
            }

            var column = columns[index];
            var quoted = SqlNames.Quote(name);
            k++;
            if ((At(k, "SET") && At(k + 1, "DATA") && At(k + 2, "TYPE")) || At(k, "TYPE"))
            {
                var typeStart = At(k, "TYPE") ? k + 1 : k + 3;
                var after = SnowflakeTypes.Parse(_t, typeStart, stop, out var type);
                if (after != stop)
                {
                    throw _translator.Syntax(after, "the new type should end the clause");
                }

                GenericSqlExecutor.NonQuery(_connection, $"ALTER TABLE {table} ALTER COLUMN {quoted} SET DATA TYPE {type.DuckDb}");
                column = column with { SnowflakeType = type.Snowflake };
            }
            else if (At(k, "SET") && At(k + 1, "NOT") && At(k + 2, "NULL"))
            {
                GenericSqlExecutor.NonQuery(_connection, $"ALTER TABLE {table} ALTER COLUMN {quoted} SET NOT NULL");
                column = column with { Nullable = false };
            }
            else if (At(k, "DROP") && At(k + 1, "NOT") && At(k + 2, "NULL"))
            {
                GenericSqlExecutor.NonQuery(_connection, $"ALTER TABLE {table} ALTER COLUMN {quoted} DROP NOT NULL");
                column = column with { Nullable = true };
            }
            else if (At(k, "DROP") && At(k + 1, "DEFAULT"))
            {
                GenericSqlExecutor.NonQuery(_connection, $"ALTER TABLE {table} ALTER COLUMN {quoted} DROP DEFAULT");
                column = column with { Default = null };
            }
            else if (At(k, "COMMENT") && k + 1 < stop && _t[k + 1].Kind == SqlTokenKind.String)
            {
                column = column with { Comment = _t[k + 1].Value };
            }
            else if (At(k, "UNSET") && At(k + 1, "COMMENT"))
            {
                column = column with { Comment = null };
            }
            else
            {
                throw LocalSnowflakeException.Unsupported($"ALTER TABLE ... ALTER COLUMN {name} {(k < stop ? _t[k].Text : string.Empty)}");
            }

            columns[index] = column;
        }

        return metadata with { Columns = columns };
    }

    private TableMetadata AlterProperties(int i, TableMetadata metadata)
    {
        var set = At(i, "SET");
        i++;
        while (i < _t.Count)
        {
            var word = _t[i].Value;
            if (!set)
            {
                // UNSET returns a property to its default.
                metadata = word switch
                {
                    "COMMENT" => metadata with { Comment = null },
                    "CHANGE_TRACKING" => metadata with { ChangeTracking = false },
                    RetentionDays.Retention => metadata with { DataRetentionDays = null },
                    RetentionDays.Extension => metadata with { MaxDataExtensionDays = null },
                    "DEFAULT_DDL_COLLATION" => metadata with { DefaultDdlCollation = null },
                    "ENABLE_SCHEMA_EVOLUTION" => metadata,
                    _ => throw LocalSnowflakeException.Unsupported($"ALTER TABLE ... UNSET {word}"),
                };

                i++;
                if (AtSymbol(i, ","))
                {
                    i++;
                }

                continue;
            }

            switch (word)
            {
                case "COMMENT":
                    metadata = metadata with { Comment = OptionString(i) };
                    break;
                case "CHANGE_TRACKING":
                    metadata = metadata with { ChangeTracking = OptionValue(i) == "TRUE" };
                    break;
                case RetentionDays.Retention:
                    metadata = metadata with { DataRetentionDays = OptionDays(i) };
                    break;
                case RetentionDays.Extension:
                    metadata = metadata with { MaxDataExtensionDays = OptionDays(i) };
                    break;
                case "DEFAULT_DDL_COLLATION":
                    metadata = metadata with { DefaultDdlCollation = OptionString(i) };
                    break;
                case "ENABLE_SCHEMA_EVOLUTION":
                    OptionValue(i);
                    break;
                default:
                    throw LocalSnowflakeException.Unsupported($"ALTER TABLE ... SET {word}");
            }

            i += 3;
            if (AtSymbol(i, ","))
            {
                i++;
            }
        }

        return metadata;
    }
}
