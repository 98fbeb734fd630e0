using System.Globalization;
using System.Text;
using SnowMedallion.Model;
using static SnowMedallion.Sql.SnowflakeSyntax;

namespace SnowMedallion.Sql;

/// <summary>
/// Renders pipeline objects as Snowflake SQL. Output is deterministic: the same model always gives the same text.
/// Names go through <see cref="SnowflakeSyntax.Identifier"/> and values through <see cref="SnowflakeSyntax.StringLiteral"/>,
/// so no name or value can break out of its place.
/// </summary>
public sealed class SnowflakeSqlRenderer
{
    private const string Indent = "  ";

    /// <summary>Creates a renderer.</summary>
    /// <param name="mode">How CREATE statements treat existing objects.</param>
    public SnowflakeSqlRenderer(CreateMode mode = CreateMode.Create)
    {
        Mode = mode;
    }

    /// <summary>How CREATE statements treat existing objects.</summary>
    public CreateMode Mode { get; }

    /// <summary>
    /// Renders a whole pipeline: one CREATE per object in dependency order, then <c>ALTER TASK ... RESUME</c> for
    /// every started task (children before their predecessors, as Snowflake requires).
    /// </summary>
    /// <param name="pipeline">The pipeline.</param>
    /// <returns>The deploy script.</returns>
    public DeployScript Render(MedallionPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var statements = new List<string>();
        foreach (var item in pipeline.OrderedObjects)
        {
            // https://docs.snowflake.com/en/sql-reference/sql/alter-task (usage notes): the root task of a task graph must be
            // suspended before a child task is added, resumed or suspended. A fresh CREATE leaves every task suspended; over an
            // existing, running graph (IF NOT EXISTS) the root is suspended first, and resumed last below.
            if (Mode == CreateMode.CreateIfNotExists && item is SnowflakeTask { After.Count: 0 } root
                && pipeline.Tasks.Any(t => t.After.Contains(root)))
            {
                statements.Add(RenderSuspend(root));
            }

            statements.Add(Render(item));
        }

        statements.AddRange(pipeline.Tasks.Where(t => t.Started).Reverse().Select(RenderResume));
        return new DeployScript(statements);
    }

    /// <summary>Renders the CREATE statement of any pipeline object.</summary>
    /// <param name="item">The object.</param>
    /// <returns>The statement, without a terminating semicolon.</returns>
    public string Render(PipelineObject item) => item switch
    {
        Database database => RenderDatabase(database),
        Schema schema => RenderSchema(schema),
        StorageIntegration integration => RenderStorageIntegration(integration),
        NotificationIntegration integration => RenderNotificationIntegration(integration),
        FileFormat format => RenderFileFormat(format),
        Stage stage => RenderStage(stage),
        Table table => RenderTable(table),
        Pipe pipe => RenderPipe(pipe),
        Model.Stream stream => RenderStream(stream),
        Procedure procedure => RenderProcedure(procedure),
        SnowflakeTask task => RenderTask(task),
        View view => RenderView(view),
        null => throw new ArgumentNullException(nameof(item)),
        _ => throw new NotSupportedException($"{item} has no SQL rendering: it is not a known pipeline object kind."),
    };

    /// <summary>Renders <c>CREATE DATABASE</c>.</summary>
    /// <param name="database">The database.</param>
    /// <returns>The statement.</returns>
    public string RenderDatabase(Database database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var sql = new SqlBuilder(Head("DATABASE", database.QualifiedName));
        sql.Option("COMMENT", database.Comment);
        return sql.ToString();
    }

    /// <summary>Renders <c>CREATE SCHEMA</c>.</summary>
    /// <param name="schema">The schema.</param>
    /// <returns>The statement.</returns>
    public string RenderSchema(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var sql = new SqlBuilder(Head("SCHEMA", schema.QualifiedName));
        sql.Option("COMMENT", schema.Comment);
        return sql.ToString();
    }

    /// <summary>Renders <c>CREATE STORAGE INTEGRATION</c> for S3.</summary>
    /// <param name="integration">The integration.</param>
    /// <returns>The statement.</returns>
    public string RenderStorageIntegration(StorageIntegration integration)
    {
        ArgumentNullException.ThrowIfNull(integration);
        var sql = new SqlBuilder(Head("STORAGE INTEGRATION", integration.QualifiedName));
        sql.Line("TYPE = EXTERNAL_STAGE");
        sql.Line("STORAGE_PROVIDER = 'S3'");
        sql.Line("ENABLED = " + Boolean(integration.Enabled));
        sql.Option("STORAGE_AWS_ROLE_ARN", integration.RoleArn);
        sql.Line("STORAGE_ALLOWED_LOCATIONS = " + List(integration.AllowedLocations.Select(l => StringLiteral(l.Url))));
        if (integration.BlockedLocations.Count > 0)
        {
            sql.Line("STORAGE_BLOCKED_LOCATIONS = " + List(integration.BlockedLocations.Select(l => StringLiteral(l.Url))));
        }

        sql.Option("COMMENT", integration.Comment);
        return sql.ToString();
    }

    /// <summary>Renders <c>CREATE NOTIFICATION INTEGRATION</c> for an outbound AWS SNS topic.</summary>
    /// <param name="integration">The integration.</param>
    /// <returns>The statement.</returns>
    public string RenderNotificationIntegration(NotificationIntegration integration)
    {
        ArgumentNullException.ThrowIfNull(integration);
        var sql = new SqlBuilder(Head("NOTIFICATION INTEGRATION", integration.QualifiedName));
        sql.Line("ENABLED = " + Boolean(integration.Enabled));
        sql.Line("TYPE = QUEUE");
        sql.Line("NOTIFICATION_PROVIDER = AWS_SNS");
        sql.Line("DIRECTION = OUTBOUND");
        sql.Option("AWS_SNS_TOPIC_ARN", integration.TopicArn);
        sql.Option("AWS_SNS_ROLE_ARN", integration.RoleArn);
        sql.Option("COMMENT", integration.Comment);
        return sql.ToString();
    }

    /// <summary>Renders <c>CREATE FILE FORMAT</c>; options left unset are omitted.</summary>
    /// <param name="format">The file format.</param>
    /// <returns>The statement.</returns>
    public string RenderFileFormat(FileFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var sql = new SqlBuilder(Head("FILE FORMAT", format.QualifiedName));
        sql.Line("TYPE = " + format.Type.ToString().ToUpperInvariant());
        if (format.Compression is { } compression)
        {
            sql.Line("COMPRESSION = " + CompressionKeyword(compression));
        }

        sql.Option("RECORD_DELIMITER", format.RecordDelimiter);
        sql.Option("FIELD_DELIMITER", format.FieldDelimiter);
        sql.Option("SKIP_HEADER", format.SkipHeader);
        sql.Option("FIELD_OPTIONALLY_ENCLOSED_BY", format.FieldOptionallyEnclosedBy);
        if (format.NullIf is { } nullIf)
        {
            sql.Line("NULL_IF = " + List(nullIf.Select(StringLiteral)));
        }

        sql.Option("EMPTY_FIELD_AS_NULL", format.EmptyFieldAsNull);
        sql.Option("TRIM_SPACE", format.TrimSpace);
        sql.Option("ERROR_ON_COLUMN_COUNT_MISMATCH", format.ErrorOnColumnCountMismatch);
        sql.Option("ENCODING", format.Encoding);
        sql.Option("DATE_FORMAT", format.DateFormat);
        sql.Option("TIMESTAMP_FORMAT", format.TimestampFormat);
        sql.Option("STRIP_OUTER_ARRAY", format.StripOuterArray);
        sql.Option("COMMENT", format.Comment);
        return sql.ToString();
    }

    /// <summary>Renders <c>CREATE STAGE</c>, external (URL and storage integration) or internal.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>The statement.</returns>
    public string RenderStage(Stage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        var sql = new SqlBuilder(Head("STAGE", stage.QualifiedName));
        sql.Option("URL", stage.Url?.Url);
        if (stage.StorageIntegration is { } integration)
        {
            sql.Line("STORAGE_INTEGRATION = " + integration.QualifiedName.ToSql());
        }

        if (stage.FileFormat is { } format)
        {
            sql.Line(FileFormatClause(format));
        }

        sql.Option("COMMENT", stage.Comment);
        return sql.ToString();
    }

    /// <summary>Renders <c>CREATE TABLE</c> with its columns, primary key and comment.</summary>
    /// <param name="table">The table.</param>
    /// <returns>The statement.</returns>
    public string RenderTable(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var lines = table.Columns.Select(RenderColumn).ToList();
        if (table.PrimaryKey.Count > 0)
        {
            lines.Add("PRIMARY KEY " + List(table.PrimaryKey.Select(c => Identifier(c.Name))));
        }

        var head = Head(table.Transient ? "TRANSIENT TABLE" : "TABLE", table.QualifiedName) + " (\n"
            + string.Join(",\n", lines.Select(l => Indent + l)) + "\n)";
        var sql = new SqlBuilder(head);
        sql.Option("COMMENT", table.Comment);
        return sql.ToString();
    }

    /// <summary>Renders one column definition, e.g. <c>NAME VARCHAR(50) COLLATE 'en-ci' NOT NULL</c>.</summary>
    /// <param name="column">The column.</param>
    /// <returns>The definition.</returns>
    public static string RenderColumn(Column column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var text = new StringBuilder(Identifier(column.Name)).Append(' ').Append(column.Type.ToSql());
        if (column.Collation is { } collation)
        {
            text.Append(" COLLATE ").Append(StringLiteral(collation));
        }

        if (column.Comment is { } comment)
        {
            text.Append(" COMMENT ").Append(StringLiteral(comment));
        }

        if (column.DefaultExpression is { } expression)
        {
            text.Append(" DEFAULT ").Append(expression);
        }

        if (!column.Nullable)
        {
            text.Append(" NOT NULL");
        }

        return text.ToString();
    }

    /// <summary>Renders <c>CREATE PIPE ... AS COPY INTO ... FROM (SELECT ... FROM @stage/...)</c>.</summary>
    /// <param name="pipe">The pipe.</param>
    /// <returns>The statement.</returns>
    public string RenderPipe(Pipe pipe)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        var sql = new SqlBuilder(Head("PIPE", pipe.QualifiedName));
        if (pipe.AutoIngest)
        {
            sql.Line("AUTO_INGEST = TRUE");
        }

        if (pipe.ErrorIntegration is { } errors)
        {
            sql.Line("ERROR_INTEGRATION = " + errors.QualifiedName.ToSql());
        }

        sql.Option("COMMENT", pipe.Comment);
        sql.Line("AS");
        var copy = new StringBuilder()
            .Append("COPY INTO ").Append(pipe.Table.QualifiedName.ToSql()).Append(" (\n")
            .AppendJoin(",\n", pipe.Mappings.Select(m => Indent + Identifier(m.Column.Name)))
            .Append("\n)\nFROM (\n").Append(Indent).Append("SELECT\n")
            .AppendJoin(",\n", pipe.Mappings.Select(m => Indent + Indent + RenderPipeValue(m.Value)))
            .Append('\n').Append(Indent).Append("FROM @").Append(pipe.Stage.QualifiedName.ToSql()).Append('/').Append(pipe.Path)
            .Append("\n)");
        if (pipe.FileFormat is { } format)
        {
            copy.Append('\n').Append(FileFormatClause(format));
        }

        if (pipe.OnError is { } onError)
        {
            var upper = onError.ToUpperInvariant();
            copy.Append("\nON_ERROR = ").Append(upper.EndsWith('%') ? StringLiteral(upper) : upper);
        }

        return sql + "\n" + copy;
    }

    /// <summary>Renders <c>CREATE STREAM ... ON TABLE</c>.</summary>
    /// <param name="stream">The stream.</param>
    /// <returns>The statement.</returns>
    public string RenderStream(Model.Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var sql = new SqlBuilder(Head("STREAM", stream.QualifiedName));
        sql.Line("ON TABLE " + stream.Table.QualifiedName.ToSql());
        if (stream.AppendOnly)
        {
            sql.Line("APPEND_ONLY = TRUE");
        }

        if (stream.ShowInitialRows)
        {
            sql.Line("SHOW_INITIAL_ROWS = TRUE");
        }

        sql.Option("COMMENT", stream.Comment);
        return sql.ToString();
    }

    /// <summary>Renders <c>CREATE PROCEDURE ... LANGUAGE JAVASCRIPT ... AS</c> with its body safely delimited.</summary>
    /// <param name="procedure">The procedure.</param>
    /// <returns>The statement.</returns>
    public string RenderProcedure(Procedure procedure)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        var arguments = string.Join(", ", procedure.Arguments.Select(a => Identifier(a.Name) + " " + a.Type.ToSql()));

        // https://docs.snowflake.com/en/sql-reference/sql/create-procedure: CREATE PROCEDURE has no IF NOT EXISTS. A procedure
        // holds no data, so IF NOT EXISTS mode replaces it and keeps the grants on it (COPY GRANTS).
        var sql = new SqlBuilder(Mode == CreateMode.CreateIfNotExists
            ? "CREATE OR REPLACE PROCEDURE " + procedure.QualifiedName.ToSql() + "(" + arguments + ") COPY GRANTS"
            : Head("PROCEDURE", procedure.QualifiedName) + "(" + arguments + ")");
        sql.Line("RETURNS " + procedure.ReturnType.ToSql());
        sql.Line("LANGUAGE JAVASCRIPT");
        sql.Option("COMMENT", procedure.Comment);
        if (procedure.ExecuteAs is { } executeAs)
        {
            sql.Line("EXECUTE AS " + (executeAs == ProcedureExecuteAs.Caller ? "CALLER" : "OWNER"));
        }

        sql.Line("AS");
        return sql + "\n" + ProcedureBody(procedure.Body);
    }

    /// <summary>Renders <c>CREATE TASK</c>: warehouse or serverless, schedule, options, AFTER, WHEN and the statement.</summary>
    /// <param name="task">The task.</param>
    /// <returns>The statement.</returns>
    public string RenderTask(SnowflakeTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var sql = new SqlBuilder(Head("TASK", task.QualifiedName));
        if (task.Warehouse is { } warehouse)
        {
            sql.Line("WAREHOUSE = " + Identifier(warehouse));
        }

        sql.Option("USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE", task.ServerlessInitialWarehouseSize);
        if (task.Schedule is { } schedule)
        {
            sql.Option("SCHEDULE", ScheduleText(schedule));
        }

        sql.Option("SUSPEND_TASK_AFTER_NUM_FAILURES", task.SuspendAfterNumFailures);
        if (task.ErrorIntegration is { } errors)
        {
            sql.Line("ERROR_INTEGRATION = " + errors.QualifiedName.ToSql());
        }

        sql.Option("COMMENT", task.Comment);
        if (task.After.Count > 0)
        {
            sql.Line("AFTER " + string.Join(", ", task.After.Select(t => t.QualifiedName.ToSql())));
        }

        if (task.When is { } when)
        {
            sql.Line("WHEN " + (when.Stream is { } stream
                ? "SYSTEM$STREAM_HAS_DATA(" + StringLiteral(stream.QualifiedName.ToSql()) + ")"
                : when.Sql));
        }

        sql.Line("AS");
        return sql + "\n" + RenderTaskAction(task.Action);
    }

    /// <summary>Renders <c>ALTER TASK ... RESUME</c>, which starts a task.</summary>
    /// <param name="task">The task.</param>
    /// <returns>The statement.</returns>
    public string RenderResume(SnowflakeTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return "ALTER TASK " + task.QualifiedName.ToSql() + " RESUME";
    }

    /// <summary>Renders <c>CREATE VIEW</c> (or <c>SECURE VIEW</c>).</summary>
    /// <param name="view">The view.</param>
    /// <returns>The statement.</returns>
    public string RenderView(View view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var sql = new SqlBuilder(Head(view.Secure ? "SECURE VIEW" : "VIEW", view.QualifiedName));
        sql.Option("COMMENT", view.Comment);
        sql.Line("AS");
        return sql + "\n" + view.Query;
    }

    /// <summary>Renders a task's statement, e.g. <c>CALL DB.S.P('x')</c>.</summary>
    /// <param name="action">The action.</param>
    /// <returns>The statement text.</returns>
    public static string RenderTaskAction(TaskAction action) => action switch
    {
        CallProcedure call => "CALL " + call.Procedure.QualifiedName.ToSql()
            + "(" + string.Join(", ", call.Arguments.Select(a => a is null ? "NULL" : StringLiteral(a))) + ")",
        SqlStatementAction statement => statement.Sql,
        null => throw new ArgumentNullException(nameof(action)),
        _ => throw new NotSupportedException($"Task action {action.GetType().Name} has no SQL rendering."),
    };

    /// <summary>Renders the SCHEDULE text, e.g. <c>USING CRON 0 0 * * * America/New_York</c> or <c>5 MINUTE</c>.</summary>
    /// <param name="schedule">The schedule.</param>
    /// <returns>The text (to be placed in a string literal).</returns>
    public static string ScheduleText(TaskSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return schedule.Interval is { } interval
            ? ((long)interval.TotalMinutes).ToString(CultureInfo.InvariantCulture) + " MINUTE"
            : $"USING CRON {schedule.Cron} {schedule.TimeZone}";
    }

    // ALTER TASK IF EXISTS ... SUSPEND: stops a task if it exists.
    private static string RenderSuspend(SnowflakeTask task) => "ALTER TASK IF EXISTS " + task.QualifiedName.ToSql() + " SUSPEND";

    private static string RenderPipeValue(PipeValue value) => value switch
    {
        FileField field => "$" + field.Position.ToString(CultureInfo.InvariantCulture),
        FileMetadata metadata => metadata.Column switch
        {
            FileMetadataColumn.FileName => "METADATA$FILENAME",
            FileMetadataColumn.FileRowNumber => "METADATA$FILE_ROW_NUMBER",
            FileMetadataColumn.FileLastModified => "METADATA$FILE_LAST_MODIFIED",
            FileMetadataColumn.StartScanTime => "METADATA$START_SCAN_TIME",
            _ => throw new NotSupportedException($"Metadata column {metadata.Column} has no SQL rendering."),
        },
        SqlExpression expression => expression.Sql,
        _ => throw new NotSupportedException($"Pipe value {value.GetType().Name} has no SQL rendering."),
    };

    private static string FileFormatClause(FileFormat format) =>
        "FILE_FORMAT = (FORMAT_NAME = " + StringLiteral(format.QualifiedName.ToSql()) + ")";

    private static string CompressionKeyword(FileCompression compression) => compression switch
    {
        FileCompression.RawDeflate => "RAW_DEFLATE",
        _ => compression.ToString().ToUpperInvariant(),
    };

    private static string List(IEnumerable<string> items) => "(" + string.Join(", ", items) + ")";

    private string Head(string keyword, ObjectName name) => Mode switch
    {
        CreateMode.CreateOrReplace => $"CREATE OR REPLACE {keyword} {name.ToSql()}",
        CreateMode.CreateIfNotExists => $"CREATE {keyword} IF NOT EXISTS {name.ToSql()}",
        _ => $"CREATE {keyword} {name.ToSql()}",
    };

    /// <summary>A statement head followed by indented option lines.</summary>
    private sealed class SqlBuilder(string head)
    {
        private readonly StringBuilder _text = new(head);

        public void Line(string text) => _text.Append('\n').Append(Indent).Append(text);

        public void Option(string name, string? value)
        {
            if (value is not null)
            {
                Line(name + " = " + StringLiteral(value));
            }
        }

        public void Option(string name, bool? value)
        {
            if (value is { } flag)
            {
                Line(name + " = " + Boolean(flag));
            }
        }

        public void Option(string name, int? value)
        {
            if (value is { } number)
            {
                Line(name + " = " + Number(number));
            }
        }

        public override string ToString() => _text.ToString();
    }
}
