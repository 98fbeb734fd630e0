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
    /// <inheritdoc/>
    public override bool CanHandle(StatementContext statement) =>
        statement.IsCreateOf(["PROCEDURE"], "SECURE", "TEMPORARY", "TEMP") ||
        statement.StartsWith("DROP", "PROCEDURE") ||
        statement.StartsWith("CALL") ||
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

        var outcome = Store(statement.Engine).Create(new ProcedureEntry(path, statement.Engine.Time.GetUtcNow(), definition), mode);
        return outcome == CreateOutcome.AlreadyExisted
            ? LocalResult.Status($"{SnowflakeErrors.Show(path.Name)} already exists, statement succeeded.")
            : LocalResult.Status($"Function {SnowflakeErrors.Show(path.Name)} successfully created.");
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
        SkipArgumentTypes(reader);
        return Drops.Result(Store(statement.Engine).Remove(path), ifExists, ProcedureEntry.Kind, path);
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
        var definition = entry.Definition;
        var displayName = path.Name;
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
            .OrderBy(p => p.Path.Name, StringComparer.Ordinal)
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
        SkipArgumentTypes(reader);
        var d = Store(statement.Engine).Get(path).Definition;
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

    private static void SkipArgumentTypes(DdlReader reader)
    {
        if (reader.TrySymbol("("))
        {
            while (!reader.TrySymbol(")"))
            {
                reader.Next();
            }
        }

        if (!reader.AtEnd)
        {
            throw reader.Error(string.Create(CultureInfo.InvariantCulture, $"unexpected '{reader.Peek()!.Value}'"));
        }
    }
}
