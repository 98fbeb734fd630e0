using System.Globalization;
using SnowMedallion.Testing.Snowflake.Engine;
using SnowMedallion.Testing.Snowflake.Engine.Catalog;
using SnowMedallion.Testing.Snowflake.Engine.Handlers;

namespace SnowMedallion.Testing.Snowflake.Procedures;

/// <summary>
/// CREATE [OR REPLACE] PROCEDURE, DROP PROCEDURE, CALL, SHOW PROCEDURES and DESC PROCEDURE
/// (https://docs.snowflake.com/en/sql-reference/sql/create-procedure, .../call, .../show-procedures).
/// </summary>
internal sealed class ProcedureHandler : StatementHandler
{
    // Serializes changes to a name's overloads (read, then write back).
    private static readonly Lock CreateGate = new();

    /// <inheritdoc/>
    public override bool CanHandle(StatementContext statement) =>
        statement.IsCreateOf(["PROCEDURE"], "SECURE", "TEMPORARY", "TEMP") ||
        statement.StartsWith("DROP", "PROCEDURE") ||
        statement.StartsWith("CALL") || IsAnonymousProcedure(statement) ||
        ShowCommand.Matches(statement, "PROCEDURES") || ShowCommand.Matches(statement, "USER", "PROCEDURES") ||
        statement.StartsWith("DESC", "PROCEDURE") || statement.StartsWith("DESCRIBE", "PROCEDURE");

    /// <inheritdoc/>
    public override LocalResult Execute(StatementContext statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (statement.StartsWith("CALL"))
        {
            return Call(statement);
        }

        if (IsAnonymousProcedure(statement))
        {
            // https://docs.snowflake.com/en/sql-reference/sql/call-with
            throw LocalSnowflakeException.Unsupported("CALL (with anonymous procedure), WITH name AS PROCEDURE ... CALL name(...): create the procedure with CREATE PROCEDURE and CALL it");
        }

        if (statement.StartsWith("SHOW"))
        {
            return Show(statement);
        }

        if (statement.StartsWith("DROP"))
        {
            return Drop(statement);
        }

        if (statement.StartsWith("DESC") || statement.StartsWith("DESCRIBE"))
        {
            return Describe(statement);
        }

        return Create(statement);
    }

    private static bool IsAnonymousProcedure(StatementContext statement) =>
        statement.Tokens.Count > 3 && statement.Tokens[0].Is("WITH") && statement.Tokens[2].Is("AS") && statement.Tokens[3].Is("PROCEDURE");

    /// <summary>The procedure store of an engine.</summary>
    /// <param name="engine">The engine.</param>
    /// <returns>The store.</returns>
    public static SchemaObjectStore<ProcedureEntry> Store(SnowflakeEngine engine) =>
        engine.Catalog.Objects<ProcedureEntry>(ProcedureEntry.Kind);

    private static LocalResult Create(StatementContext statement)
    {
        var definition = ProcedureDdlParser.Parse(statement.Text);
        var path = statement.ResolveInExistingSchema(definition.NameParts, "CREATE PROCEDURE");
        var mode = definition.OrReplace ? CreateMode.OrReplace : definition.IfNotExists ? CreateMode.IfNotExists : CreateMode.Create;
        if (definition.Language == "SQL")
        {
            // Reject what the emulator will not run now, not at the first CALL.
            SnowflakeScriptingRunner.Parse(definition.Body);
        }
        else
        {
            PrepareQuietly(definition.Body);
        }

        var outcome = AddOverload(Store(statement.Engine), path, new ProcedureOverload(statement.Engine.Time.GetUtcNow(), definition), mode);
        return outcome == CreateOutcome.AlreadyExisted
            ? LocalResult.Status($"{SnowflakeErrors.Show(path.Name)} already exists, statement succeeded.")
            : LocalResult.Status($"Function {SnowflakeErrors.Show(path.Name)} successfully created.");
    }

    // A name is overloaded by signature: CREATE of a new signature adds it; OR REPLACE / IF NOT EXISTS / plain CREATE act on
    // the procedure of the same signature only.
    private static CreateOutcome AddOverload(SchemaObjectStore<ProcedureEntry> store, ObjectPath path, ProcedureOverload overload, CreateMode mode)
    {
        lock (CreateGate)
        {
            var existing = store.Find(path);
            if (existing is null)
            {
                return store.Create(new ProcedureEntry(path, [overload]), mode);
            }

            var index = existing.IndexOf([.. overload.Definition.Parameters.Select(p => p.DataType)]);
            if (index >= 0 && mode == CreateMode.IfNotExists)
            {
                return CreateOutcome.AlreadyExisted;
            }

            if (index >= 0 && mode == CreateMode.Create)
            {
                throw SnowflakeErrors.AlreadyExists(path.ToString());
            }

            var overloads = existing.Overloads.ToList();
            if (index >= 0)
            {
                overloads[index] = overload;
            }
            else
            {
                overloads.Add(overload);
            }

            store.Create(existing with { Overloads = overloads }, CreateMode.OrReplace);
            return index >= 0 ? CreateOutcome.Replaced : CreateOutcome.Created;
        }
    }

    // Snowflake reports a JavaScript syntax error at CALL, not at CREATE: parse now only to have it ready.
    private static void PrepareQuietly(string body)
    {
        try
        {
            _ = JavaScriptProcedureHost.Prepare(body);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The first CALL parses again and reports the error.
        }
    }

    private static LocalResult Drop(StatementContext statement)
    {
        var reader = new DdlReader(statement.Text);
        reader.Expect("DROP", "PROCEDURE");
        var ifExists = reader.TryKeyword("IF", "EXISTS");
        var path = statement.Resolve(reader.ObjectName(), "DROP PROCEDURE");
        var types = ArgumentTypes(reader);
        var store = Store(statement.Engine);
        lock (CreateGate)
        {
            var entry = store.Find(path);
            var index = entry is null ? -1 : types is null ? (entry.Overloads.Count == 1 ? 0 : throw NeedsTypes(entry, "DROP")) : entry.IndexOf(types);
            if (entry is not null && index >= 0 && entry.Overloads.Count > 1)
            {
                store.Create(entry with { Overloads = [.. entry.Overloads.Where((_, i) => i != index)] }, CreateMode.OrReplace);
                return Drops.Result(removed: true, ifExists, ProcedureEntry.Kind, path);
            }

            return Drops.Result(index >= 0 && store.Remove(path), ifExists, ProcedureEntry.Kind, path);
        }
    }

    private static LocalSnowflakeException NeedsTypes(ProcedureEntry entry, string command) =>
        new(2140, "42601", $"SQL compilation error:\nProcedure {entry.Path} is overloaded ({string.Join(", ", entry.Overloads.Select(o => o.Definition.SignatureDisplay))}): "
            + $"{command} PROCEDURE needs the argument types, e.g. {command} PROCEDURE {SnowflakeErrors.Show(entry.Path.Name)}(VARCHAR).");

    /// <summary>
    /// The signature a CALL means: the one its arguments fit (count, names, defaults); among several, the one whose
    /// argument types match the evaluated arguments' types best
    /// (https://docs.snowflake.com/en/developer-guide/udf-stored-procedure-naming-conventions#calling-overloaded-procedures-and-functions).
    /// </summary>
    private static ProcedureDefinition Choose(ProcedureEntry entry, CallStatement call, StatementContext statement, string displayName)
    {
        if (entry.Overloads.Count == 1)
        {
            return entry.Overloads[0].Definition;
        }

        var fitting = entry.Overloads.Select(o => o.Definition).Where(call.Fits).ToList();
        if (fitting.Count == 0)
        {
            throw new LocalSnowflakeException(1044, "42P13", string.Create(CultureInfo.InvariantCulture,
                $"SQL compilation error:\nInvalid argument types for function '{displayName}': the CALL passes {call.Arguments.Count} argument(s); the signatures are {string.Join(", ", entry.Overloads.Select(o => o.Definition.SignatureDisplay))}."));
        }

        if (fitting.Count == 1 || call.Arguments.Count == 0)
        {
            return fitting[0];
        }

        var types = statement.Engine.Dispatcher.ExecuteOne(statement.Session, "SELECT " + string.Join(", ", call.Arguments.Select(a => a.Sql)))
            .Columns.Select(c => SqlTypes.Categorize(c.SnowflakeType)).ToList();
        return fitting.OrderByDescending(d => Score(d, call, types)).First();
    }

    private static int Score(ProcedureDefinition definition, CallStatement call, IReadOnlyList<SqlTypeCategory> types)
    {
        var score = 0;
        for (var i = 0; i < types.Count && i < call.Arguments.Count; i++)
        {
            var index = call.ParameterIndex(definition, i);
            var declared = index >= 0 && index < definition.Parameters.Count ? SqlTypes.Categorize(definition.Parameters[index].DataType) : SqlTypeCategory.Other;
            static bool Numeric(SqlTypeCategory c) => c is SqlTypeCategory.Number or SqlTypeCategory.Float;
            score += declared == types[i] ? 2 : Numeric(declared) && Numeric(types[i]) ? 1 : 0;
        }

        return score;
    }

    private static LocalResult Call(StatementContext statement)
    {
        var call = CallStatement.Parse(statement.Text);
        if (call.NameParts is [var only] && only.StartsWith("SYSTEM$", StringComparison.OrdinalIgnoreCase))
        {
            // CALL of a system function (e.g. CALL SYSTEM$SET_RETURN_VALUE('...') in a task) runs it as a query.
            return statement.Engine.Dispatcher.ExecuteOne(statement.Session, "SELECT" + statement.Text[statement.SqlTokens[0].End..]);
        }

        var path = statement.Resolve(call.NameParts, "CALL");
        var entry = Store(statement.Engine).Find(path) ?? throw new LocalSnowflakeException(2141, "42601",
            $"SQL compilation error:\nUnknown user-defined function {path}: create it with CREATE PROCEDURE, or check the name and the current database and schema.");
        var displayName = path.Name;
        var definition = Choose(entry, call, statement, displayName);
        var argumentSql = call.ArgumentSqlFor(definition, displayName);
        var session = statement.Session;
        IReadOnlyList<object?> arguments = [];
        if (argumentSql.Count > 0)
        {
            var select = "SELECT " + string.Join(", ", argumentSql);
            var values = statement.Engine.Dispatcher.ExecuteOne(session, select);
            arguments = values.Rows.Count == 1 ? values.Rows[0] : throw new LocalSnowflakeException(2031, "22000", $"Invalid arguments in CALL {displayName}.");
        }

        var sql = new ScopedTransactionSql(new SessionProcedureSql(session), session, displayName);
        LocalResult result;
        try
        {
            result = definition.Language == "SQL"
                ? SnowflakeScriptingRunner.Call(definition, arguments, sql)
                : new JavaScriptProcedureHost(ProcedureLimits.Default).Call(definition, displayName, arguments, sql);
        }
        catch (LocalSnowflakeException)
        {
            sql.Finish(succeeded: false);
            throw;
        }

        sql.Finish(succeeded: true);
        return result;
    }

    private static LocalResult Show(StatementContext statement)
    {
        var show = ShowCommand.Parse(statement, ShowCommand.Matches(statement, "USER", "PROCEDURES") ? 2 : 1);
        var rows = Store(statement.Engine).List(show.Database, show.Schema)
            .Where(p => show.Includes(p.Path.Name, p.Path.Database, p.Path.Schema))
            .SelectMany(p => p.Overloads.Select(o => (p.Path, o.CreatedOn, o.Definition)))
            .OrderBy(p => p.Path.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Definition.ArgumentsDisplay, StringComparer.Ordinal)
            .Select(p =>
            {
                var d = p.Definition;
                var required = d.Parameters.Count(a => a.DefaultSql is null);
                return new object?[]
                {
                    p.CreatedOn, p.Path.Name, p.Path.Schema, "N", "N", "N", (long)required, (long)d.Parameters.Count,
                    d.ArgumentsDisplay, d.Comment ?? "user-defined procedure", p.Path.Database, "N", "N", "N", string.Empty, string.Empty,
                };
            });
        return ShowResults.Build(
            [
                "created_on:TIMESTAMP_LTZ", "name", "schema_name", "is_builtin", "is_aggregate", "is_ansi", "min_num_arguments:NUMBER",
                "max_num_arguments:NUMBER", "arguments", "description", "catalog_name", "is_table_function", "valid_for_clustering", "is_secure",
                "external_access_integrations", "secrets",
            ],
            show.Take(rows));
    }

    private static LocalResult Describe(StatementContext statement)
    {
        var reader = new DdlReader(statement.Text);
        _ = reader.TryKeyword("DESCRIBE") || reader.TryKeyword("DESC");
        reader.Expect("PROCEDURE");
        var path = statement.Resolve(reader.ObjectName(), "DESCRIBE PROCEDURE");
        var types = ArgumentTypes(reader);
        var entry = Store(statement.Engine).Get(path);
        var index = types is null ? (entry.Overloads.Count == 1 ? 0 : throw NeedsTypes(entry, "DESCRIBE")) : entry.IndexOf(types);
        var d = index >= 0 ? entry.Overloads[index].Definition : throw SnowflakeErrors.DoesNotExist(ProcedureEntry.Kind, $"{path}({string.Join(", ", types!)})");
        string[][] rows =
        [
            ["signature", d.SignatureDisplay],
            ["returns", d.ReturnType + (d.ReturnsNotNull ? " NOT NULL" : string.Empty)],
            ["language", d.Language],
            ["null handling", d.NullInputBehavior],
            ["volatility", "VOLATILE"],
            ["execute as", d.ExecuteAs],
            ["body", d.Body],
        ];
        return ShowResults.Build(["property", "value"], rows.Select(r => new object?[] { r[0], r[1] }));
    }

    // The argument types of DROP / DESCRIBE PROCEDURE name(type, ...); null when no list was written.
    private static List<string>? ArgumentTypes(DdlReader reader)
    {
        List<string>? types = null;
        if (reader.TrySymbol("("))
        {
            types = [];
            if (!reader.TrySymbol(")"))
            {
                do
                {
                    types.Add(reader.DataType());
                }
                while (reader.TrySymbol(","));
                reader.ExpectSymbol(")");
            }
        }

        if (!reader.AtEnd)
        {
            throw reader.Error(string.Create(CultureInfo.InvariantCulture, $"unexpected '{reader.Peek()!.Value}'"));
        }

        return types;
    }
}
