using System.Text.RegularExpressions;
using Cronos;
using SnowMedallion.Sql;

namespace SnowMedallion.Model;

/// <summary>The model-level rules <see cref="MedallionPipeline.Create"/> checks; every problem names the object and the fix.</summary>
internal static partial class PipelineValidator
{
    public static IEnumerable<string> Validate(IReadOnlyList<PipelineObject> objects)
    {
        var problems = new List<string>();
        foreach (var item in objects)
        {
            CheckNames(item, problems);
            switch (item)
            {
                case Table table:
                    CheckTable(table, problems);
                    break;
                case Stage stage:
                    CheckStage(stage, problems);
                    break;
                case FileFormat format:
                    CheckFileFormat(format, problems);
                    break;
                case Pipe pipe:
                    CheckPipe(pipe, problems);
                    break;
                case SnowflakeTask task:
                    CheckTask(task, problems);
                    break;
                default:
                    break;
            }
        }

        return problems;
    }

    private static void CheckNames(PipelineObject item, List<string> problems)
    {
        foreach (var part in item.QualifiedName.Parts)
        {
            CheckIdentifier(part, $"{item}", problems);
        }

        var inner = item switch
        {
            Table t => t.Columns.Select(c => ("column", c.Name)),
            Procedure p => p.Arguments.Select(a => ("argument", a.Name)),
            _ => [],
        };
        foreach (var (what, name) in inner)
        {
            CheckIdentifier(name, $"{item} {what} '{Shorten(name)}'", problems);
        }
    }

    private static void CheckIdentifier(string name, string owner, List<string> problems)
    {
        if (name.Length == 0)
        {
            problems.Add($"{owner} has an empty name: give it a name.");
        }
        else if (name.Length > SnowflakeSyntax.MaxIdentifierLength)
        {
            problems.Add($"{owner} has a name of {name.Length} characters, over Snowflake's limit of {SnowflakeSyntax.MaxIdentifierLength}: shorten it.");
        }
    }

    private static void CheckTable(Table table, List<string> problems)
    {
        if (table.Columns.Count == 0)
        {
            problems.Add($"{table} has no columns: add at least one column.");
        }

        foreach (var group in table.Columns.GroupBy(c => c.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"{table} has column {group.Key} {group.Count()} times: keep one or rename the others.");
        }

        foreach (var column in table.Columns)
        {
            CheckType(column.Type, $"{table} column {column.Name}", problems);

            // https://docs.snowflake.com/en/sql-reference/collation: a collation applies to text (string) columns only.
            if (column.Collation is not null && !column.Type.IsText)
            {
                problems.Add($"{table} column {column.Name} is {column.Type.ToSql()} with COLLATE '{column.Collation}': only text columns take a collation; remove it.");
            }
        }

        foreach (var key in table.PrimaryKey.Where(k => !table.Columns.Contains(k)))
        {
            problems.Add($"{table} has primary key column {key.Name}, which is not one of its columns: add the column or remove it from the key.");
        }
    }

    // The options each TYPE documents (https://docs.snowflake.com/en/sql-reference/sql/create-file-format, formatTypeOptions):
    // an option of another type is not part of the statement Snowflake defines.
    private static void CheckFileFormat(FileFormat format, List<string> problems)
    {
        var type = format.Type.ToString().ToUpperInvariant();
        void Only(bool isSet, string option, params FileFormatType[] types)
        {
            if (isSet && !types.Contains(format.Type))
            {
                problems.Add($"{format} is TYPE = {type} but sets {option}, which Snowflake documents only for {string.Join(" and ", types.Select(t => t.ToString().ToUpperInvariant()))}: remove the option or change the type.");
            }
        }

        Only(format.RecordDelimiter is not null, "RECORD_DELIMITER", FileFormatType.Csv);
        Only(format.FieldDelimiter is not null, "FIELD_DELIMITER", FileFormatType.Csv);
        Only(format.SkipHeader is not null, "SKIP_HEADER", FileFormatType.Csv);
        Only(format.FieldOptionallyEnclosedBy is not null, "FIELD_OPTIONALLY_ENCLOSED_BY", FileFormatType.Csv);
        Only(format.EmptyFieldAsNull is not null, "EMPTY_FIELD_AS_NULL", FileFormatType.Csv);
        Only(format.ErrorOnColumnCountMismatch is not null, "ERROR_ON_COLUMN_COUNT_MISMATCH", FileFormatType.Csv);
        Only(format.Encoding is not null, "ENCODING", FileFormatType.Csv);
        Only(format.DateFormat is not null, "DATE_FORMAT", FileFormatType.Csv, FileFormatType.Json);
        Only(format.TimestampFormat is not null, "TIMESTAMP_FORMAT", FileFormatType.Csv, FileFormatType.Json);
        Only(format.StripOuterArray is not null, "STRIP_OUTER_ARRAY", FileFormatType.Json);
        if (format.Type == FileFormatType.Parquet && format.Compression is { } compression and not (FileCompression.Auto or FileCompression.None))
        {
            problems.Add($"{format} is TYPE = PARQUET with COMPRESSION {compression}: Parquet takes AUTO, LZO, SNAPPY or NONE; use Auto or None.");
        }

        if (format.SkipHeader is < 0)
        {
            problems.Add($"{format} skips {format.SkipHeader} header lines: SKIP_HEADER is a number of lines, 0 or more.");
        }
    }

    // https://docs.snowflake.com/en/sql-reference/data-types-numeric (NUMBER: precision 1-38, scale 0 to the precision),
    // https://docs.snowflake.com/en/sql-reference/data-types-datetime (fractional seconds 0-9),
    // https://docs.snowflake.com/en/sql-reference/data-types-text (VARCHAR length at least 1).
    private static void CheckType(DataType type, string owner, List<string> problems)
    {
        switch (type)
        {
            case { Kind: DataTypeKind.Number, Precision: { } p, Scale: var scale } when p is < 1 or > 38 || scale is < 0 || scale > p:
                problems.Add($"{owner} has type {type.ToSql()}: NUMBER takes a precision of 1 to 38 and a scale from 0 to the precision.");
                break;
            case { Kind: DataTypeKind.TimestampNtz or DataTypeKind.TimestampLtz, Precision: < 0 or > 9 }:
                problems.Add($"{owner} has type {type.ToSql()}: a timestamp's fractional-second precision is 0 to 9.");
                break;
            case { Kind: DataTypeKind.Varchar, Length: < 1 }:
                problems.Add($"{owner} has type {type.ToSql()}: a VARCHAR length is at least 1.");
                break;
            default:
                break;
        }
    }

    private static void CheckStage(Stage stage, List<string> problems)
    {
        if (stage.Url is not { } url)
        {
            if (stage.StorageIntegration is not null)
            {
                problems.Add($"{stage} is internal but names storage integration {stage.StorageIntegration.Name}: give it an S3 URL or remove the integration.");
            }

            return;
        }

        if (stage.StorageIntegration is not { } integration)
        {
            problems.Add($"{stage} is external ({url}) but has no storage integration: give it the S3 storage integration that may read {url}.");
        }
        else if (!integration.AllowedLocations.Any(a => a.Bucket == url.Bucket && url.Prefix.StartsWith(a.Prefix, StringComparison.Ordinal)))
        {
            problems.Add($"{stage} reads {url}, which storage integration {integration.Name} does not allow: add the location to the integration's allowed locations.");
        }
    }

    private static void CheckPipe(Pipe pipe, List<string> problems)
    {
        var table = pipe.Table;
        foreach (var mapping in pipe.Mappings.Where(m => !table.Columns.Contains(m.Column)))
        {
            problems.Add($"{pipe} maps column {mapping.Column.Name}, which {table} does not have: add the column to the table or remove the mapping.");
        }

        foreach (var group in pipe.Mappings.GroupBy(m => m.Column.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"{pipe} maps column {group.Key} {group.Count()} times: keep one mapping.");
        }

        var mapped = pipe.Mappings.Select(m => m.Column.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var column in table.Columns.Where(c => !c.Nullable && c.DefaultExpression is null && !mapped.Contains(c.Name)))
        {
            problems.Add($"{pipe} leaves NOT NULL column {column.Name} of {table} without a value: map it (a file field, a metadata column or an expression), give it a DEFAULT, or make it nullable.");
        }

        foreach (var field in pipe.Mappings.Select(m => m.Value).OfType<FileField>().Where(f => f.Position < 1))
        {
            problems.Add($"{pipe} reads file field ${field.Position}: file fields are numbered from 1.");
        }

        if (pipe.EffectiveFileFormat is null)
        {
            problems.Add($"{pipe} names no file format and its {pipe.Stage} has none: give the pipe or the stage a file format.");
        }

        if (!PathPattern().IsMatch(pipe.Path))
        {
            problems.Add($"{pipe} loads from path '{pipe.Path}' under its stage: use letters, digits and _ - . / = only, without a leading '/'.");
        }

        if (pipe.AutoIngest && !pipe.Stage.IsExternal)
        {
            problems.Add($"{pipe} has AUTO_INGEST but {pipe.Stage} is internal: use an external S3 stage or turn auto-ingest off.");
        }

        if (pipe.OnError is { } onError && string.Equals(onError, "ABORT_STATEMENT", StringComparison.OrdinalIgnoreCase))
        {
            // https://docs.snowflake.com/en/sql-reference/sql/create-pipe#usage-notes: a pipe's COPY supports every copy option
            // except FILES, ON_ERROR = ABORT_STATEMENT, SIZE_LIMIT, PURGE, FORCE, RETURN_FAILED_ONLY and VALIDATION_MODE.
            problems.Add($"{pipe} has ON_ERROR 'ABORT_STATEMENT', which Snowpipe does not support: use SKIP_FILE (Snowpipe's default), SKIP_FILE_<n>, SKIP_FILE_<n>% or CONTINUE.");
        }
        else if (pipe.ErrorIntegration is { } errors && string.Equals(pipe.OnError, "CONTINUE", StringComparison.OrdinalIgnoreCase))
        {
            // https://docs.snowflake.com/en/user-guide/data-load-snowpipe-errors: Snowpipe sends no error notifications when
            // ON_ERROR is CONTINUE; they work with SKIP_FILE (the default).
            problems.Add($"{pipe} sends load errors to {errors.Name} but has ON_ERROR 'CONTINUE', with which Snowpipe sends no error notifications: use SKIP_FILE (the default) or remove the error integration.");
        }
        else if (pipe.OnError is { } other && !OnErrorPattern().IsMatch(other))
        {
            problems.Add($"{pipe} has ON_ERROR '{other}': use SKIP_FILE, SKIP_FILE_<n>, SKIP_FILE_<n>% or CONTINUE.");
        }
    }

    private static void CheckTask(SnowflakeTask task, List<string> problems)
    {
        if (task.Schedule is null && task.After.Count == 0)
        {
            problems.Add($"{task} has neither a schedule nor a predecessor, so it would never run: give it a schedule (interval or cron) or a predecessor task (AFTER).");
        }

        if (task.Schedule is not null && task.After.Count > 0)
        {
            problems.Add($"{task} has both a schedule and predecessors: only a root task has a schedule; remove one of them.");
        }

        // https://docs.snowflake.com/en/sql-reference/sql/create-task (AFTER): all tasks in a task graph must exist in the same schema.
        foreach (var predecessor in task.After.Where(p => p.Schema.QualifiedName != task.Schema.QualifiedName))
        {
            problems.Add($"{task} runs after {predecessor}, which is in another schema: Snowflake requires every task of a task graph in one schema; move one of them.");
        }

        if (task.Warehouse is not null && task.ServerlessInitialWarehouseSize is not null)
        {
            problems.Add($"{task} names warehouse {task.Warehouse} and a serverless size: choose a warehouse or serverless.");
        }

        if (task.Schedule is { Interval: { } interval } && (interval < TimeSpan.FromMinutes(1) || interval.Ticks % TimeSpan.TicksPerMinute != 0))
        {
            problems.Add($"{task} runs every {interval}: a schedule interval must be a whole number of minutes, at least one.");
        }

        // https://docs.snowflake.com/en/sql-reference/sql/create-task (SCHEDULE): an interval is 1 to 11520 MINUTES (8 days).
        if (task.Schedule is { Interval: { } longInterval } && longInterval > TimeSpan.FromMinutes(11520))
        {
            problems.Add($"{task} runs every {longInterval}: Snowflake's longest schedule interval is 11520 minutes (8 days); use a cron schedule.");
        }

        // The same page: Snowflake's cron supports a subset of the cron syntax, with the special characters *, L and /n (plus
        // lists and ranges); ?, # and the W (nearest weekday) suffix, which Cronos accepts, are not among them.
        if (task.Schedule is { Cron: { } snowflakeCron } && UnsupportedCronPattern().IsMatch(snowflakeCron))
        {
            problems.Add($"{task} has cron schedule '{snowflakeCron}', which uses ?, # or W: Snowflake's cron supports only numbers, names, *, L, lists, ranges and /n steps; rewrite it with those.");
        }

        if (task.Schedule is { Cron: { } cron, TimeZone: { } timeZone })
        {
            try
            {
                _ = CronExpression.Parse(cron);
            }
            catch (CronFormatException ex)
            {
                problems.Add($"{task} has cron schedule '{cron}', which is not a valid cron expression ({ex.Message}): write five fields, minute hour day-of-month month day-of-week, e.g. '0 0 * * *'.");
            }

            if (!IsKnownTimeZone(timeZone))
            {
                problems.Add($"{task} has cron time zone '{timeZone}', which is not a known IANA time zone: use one like 'America/New_York' or 'UTC'.");
            }
        }

        if (task.SuspendAfterNumFailures is < 0)
        {
            problems.Add($"{task} has SUSPEND_TASK_AFTER_NUM_FAILURES {task.SuspendAfterNumFailures}: use 0 (never) or a positive number.");
        }

        if (task.Action is CallProcedure call && call.Arguments.Count != call.Procedure.Arguments.Count)
        {
            problems.Add($"{task} calls {call.Procedure} with {call.Arguments.Count} argument(s), but it takes {call.Procedure.Arguments.Count}: pass one value per argument.");
        }
    }

    private static bool IsKnownTimeZone(string id)
    {
        try
        {
            // https://docs.snowflake.com/en/sql-reference/sql/create-task: the cron time zone is a tz database (IANA) name;
            // .NET also resolves Windows ids such as 'Eastern Standard Time', which Snowflake rejects.
            return TimeZoneInfo.FindSystemTimeZoneById(id).HasIanaId;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }

    private static string Shorten(string name) => name.Length <= 40 ? name : name[..40] + "...";

    [GeneratedRegex(@"^([A-Za-z0-9_=\-][A-Za-z0-9_=./\-]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PathPattern();

    [GeneratedRegex(@"[?#]|(?<![A-Za-z])(?:[0-9]+|L)W\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnsupportedCronPattern();

    [GeneratedRegex(@"^(CONTINUE|SKIP_FILE|SKIP_FILE_[0-9]+%?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OnErrorPattern();
}
