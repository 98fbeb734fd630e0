using System.Globalization;
using System.Text.Json;
using CustomerPipeline.SampleData;
using SnowMedallion.Ingestion;
using Spectre.Console;

namespace CustomerPipeline.Local;

/// <summary>
/// Prints the run with Spectre.Console: a rule per stage, tables for copy history, task history, GOLD and
/// rejects. Works without a terminal (CI, redirected output): no live widgets, plain text, a wide layout.
/// </summary>
public sealed class ConsoleReport : IPipelineRunObserver
{
    private const int GoldRowsShown = 40;
    private readonly IAnsiConsole _console;
    private readonly bool _interactive;

    /// <summary>Creates a report on a console (by default the process's, sized for redirected output too).</summary>
    public ConsoleReport(IAnsiConsole? console = null)
    {
        _console = console ?? CreateConsole();
        _interactive = _console.Profile.Capabilities.Interactive;
    }

    /// <summary>The console written to.</summary>
    public IAnsiConsole Console => _console;

    /// <summary>A console for the process: ANSI and live progress on a terminal, plain and 160 columns wide otherwise.</summary>
    public static IAnsiConsole CreateConsole()
    {
        var redirected = System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(System.Console.Out),
        });
        if (redirected)
        {
            console.Profile.Width = 160;
        }

        return console;
    }

    /// <inheritdoc/>
    public void Stage(string title) => _console.Write(new Rule($"[bold deepskyblue1]{Markup.Escape(title)}[/]").LeftJustified());

    /// <inheritdoc/>
    public void Info(string message) => _console.MarkupLine("  " + Markup.Escape(message));

    /// <inheritdoc/>
    public void Started(Uri s3ServiceUrl, DateTimeOffset clock) =>
        _console.MarkupLine($"  LocalS3 at [bold]{Markup.Escape(s3ServiceUrl.ToString())}[/]; LocalSnowflake on a fake clock at [bold]{NewYork(clock)}[/] New York ({clock.UtcDateTime:yyyy-MM-dd HH:mm} UTC).");

    /// <inheritdoc/>
    public void SampleWritten(string folder, CustomerSampleData sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        _console.MarkupLine($"  Generated (seeded, deterministic) in [grey]{Markup.Escape(folder)}[/]:");
        foreach (var file in sample.Day1.Concat(sample.Day2))
        {
            _console.MarkupLine($"    {Markup.Escape(file.Name)}  ({file.Rows.Count} rows)");
        }

        _console.MarkupLine("  Day 1 holds 3 rows missing a value SILVER requires, 1 row without a contact last name and the same person twice (twice over);");
        _console.MarkupLine("  day 2 changes 6 customers, re-sends 6 unchanged and adds 3.");
    }

    /// <inheritdoc/>
    public void Deployed(IReadOnlyList<string> statements)
    {
        ArgumentNullException.ThrowIfNull(statements);
        var table = new Table().Border(TableBorder.Rounded).AddColumn("#").AddColumn("statement (rendered by SnowflakeSqlRenderer)");
        for (var i = 0; i < statements.Count; i++)
        {
            table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), Markup.Escape(FirstLine(statements[i])));
        }

        _console.Write(table);
    }

    /// <inheritdoc/>
    public async Task<UploadSummary> UploadAsync(string label, Func<IProgress<UploadProgress>?, Task<UploadSummary>> upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (_interactive)
        {
            UploadSummary? summary = null;
            await _console.Progress().AutoClear(false).StartAsync(async context =>
            {
                var bar = context.AddTask($"{Markup.Escape(label)} upload", maxValue: 1);
                summary = await upload(new Sink(p =>
                {
                    bar.MaxValue = Math.Max(1, p.TotalBytes);
                    bar.Value = p.BytesTransferred;
                }));
                bar.Value = bar.MaxValue;
            });
            return summary!;
        }

        var lastFiles = -1;
        return await upload(new Sink(p =>
        {
            if (p.FilesCompleted != lastFiles)
            {
                lastFiles = p.FilesCompleted;
                _console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  upload: {p.FilesCompleted}/{p.TotalFiles} files, {p.BytesTransferred:N0}/{p.TotalBytes:N0} bytes"));
            }
        }));
    }

    /// <inheritdoc/>
    public void Uploaded(UploadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"  Uploaded [bold]{report.Files}[/] file(s), {report.Bytes:N0} bytes, {report.Skipped} skipped, {report.Failures.Count} failed, in {report.Elapsed.TotalMilliseconds:0} ms (SnowMedallion.Ingestion.S3Uploader)."));
        foreach (var key in report.Keys)
        {
            _console.MarkupLine($"    s3 key [grey]{Markup.Escape(key)}[/]");
        }

        foreach (var failure in report.Failures)
        {
            _console.MarkupLine($"    [red]{Markup.Escape(failure)}[/]");
        }
    }

    /// <inheritdoc/>
    public void Loaded(LoadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _console.MarkupLine($"  SYSTEM$PIPE_STATUS: executionState [bold]{Markup.Escape(report.Status.ExecutionState ?? "?")}[/], pendingFileCount {report.Status.PendingFileCount?.ToString(CultureInfo.InvariantCulture) ?? "?"}, lastIngestedFilePath {Markup.Escape(report.Status.LastIngestedFilePath ?? "-")}");
        var table = new Table().Border(TableBorder.Rounded).Title("COPY_HISTORY (BRONZE.WORK_CUSTOMER_COPY)")
            .AddColumns("FILE_NAME", "STATUS", "ROW_PARSED", "ROW_COUNT", "PIPE_NAME", "LAST_LOAD_TIME", "FIRST_ERROR_MESSAGE");
        foreach (var row in report.CopyHistory)
        {
            table.AddRow(
                Markup.Escape(row.FileName), Markup.Escape(row.Status ?? ""), Num(row.RowParsed), Num(row.RowCount),
                Markup.Escape(row.PipeName ?? ""), Markup.Escape(row.LastLoadTime ?? ""), Markup.Escape(row.FirstErrorMessage ?? ""));
        }

        _console.Write(table);
        _console.MarkupLine($"  BRONZE.WORK_CUSTOMER_COPY holds [bold]{Num(report.BronzeRows)}[/] rows.");
    }

    /// <inheritdoc/>
    public void ClockMoved(DateTimeOffset from, DateTimeOffset to) =>
        _console.MarkupLine($"  Clock: {NewYork(from)} -> [bold]{NewYork(to)}[/] New York.");

    /// <inheritdoc/>
    public void Night(NightResult night)
    {
        ArgumentNullException.ThrowIfNull(night);
        var history = new Table().Border(TableBorder.Rounded).Title("TASK_HISTORY (BRONZE.WORK_CUSTOMER_SRC_TO_SL_TASK)")
            .AddColumns("SCHEDULED_TIME", "STATE", "RETURN_VALUE", "ERROR_MESSAGE");
        foreach (var run in night.History)
        {
            history.AddRow(
                Markup.Escape(run.ScheduledTime ?? ""), StateMarkup(run.State),
                Markup.Escape(run.ReturnValue ?? ""), Markup.Escape(run.ErrorMessage ?? ""));
        }

        _console.Write(history);
        if (night.Run is null)
        {
            _console.MarkupLine("  [red]No task run was recorded.[/]");
            return;
        }

        if (night.Summary is { } s)
        {
            _console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"  The procedure read {s.RowsRead} rows: [green]{s.Inserted} inserted[/], [yellow]{s.Updated} updated[/], {s.Unchanged} unchanged (UPDATE_DTS only), [red]{s.Rejected} rejected[/], {s.Filtered} filtered (no key), {s.Duplicates} duplicate(s) folded."));
        }
        else if (night.Run.State == "SKIPPED")
        {
            _console.MarkupLine("  The stream had no data, so WHEN SYSTEM$STREAM_HAS_DATA(...) was false: the run is SKIPPED and no warehouse time is spent.");
        }

        if (night.Run.State == "SKIPPED")
        {
            _console.MarkupLine($"  SILVER.CUSTOMER still holds {night.Silver.Count} rows.");
            return;
        }

        WriteGold(night);
        WriteRejects(night);
    }

    /// <summary>The final verdict.</summary>
    public void Result(LocalRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _console.Write(new Rule("[bold]Result[/]").LeftJustified());
        if (result.Succeeded)
        {
            _console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"  [green]OK[/]: {result.Day1.Upload.Files + result.Day2.Upload.Files} files loaded, SILVER.CUSTOMER holds {result.Night3.Silver.Count} customers; night 1 {result.Day1.Night.Run?.State}, night 2 {result.Day2.Night.Run?.State}, night 3 {result.Night3.Run?.State}."));
            return;
        }

        foreach (var problem in result.Problems)
        {
            _console.MarkupLine($"  [red]FAILED[/]: {Markup.Escape(problem)}");
        }
    }

    /// <summary>Prints an error that stopped the run.</summary>
    public void Error(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        _console.Write(new Rule("[bold red]The run stopped[/]").LeftJustified());
        _console.MarkupLine($"  [red]{Markup.Escape(exception.GetType().Name)}[/]: {Markup.Escape(exception.Message)}");
        if (exception is SnowMedallion.Execution.SnowflakeStatementException { Sql: { } sql })
        {
            _console.MarkupLine($"  statement: [grey]{Markup.Escape(FirstLine(sql))}[/]");
        }
    }

    private void WriteGold(NightResult night)
    {
        var previous = new Dictionary<CustomerKey, SilverCustomer>();
        var table = new Table().Border(TableBorder.Rounded)
            .Title(string.Create(CultureInfo.InvariantCulture, $"GOLD.CUSTOMER_VIEW ({night.Gold.Count} rows)"))
            .AddColumns("FIRST_NAME", "LAST_NAME", "COMPANYNAME", "PHONE", "ADDRESSLINE1", "CITY", "STATE", "COUNTRY", "INSERT_DTS", "UPDATE_DTS");
        foreach (var row in night.Gold.Take(GoldRowsShown))
        {
            var touched = row.UpdateDts != row.InsertDts;
            table.AddRow(
                Markup.Escape(row.FirstName), Markup.Escape(row.LastName), Markup.Escape(row.CompanyName ?? ""), Markup.Escape(row.Phone ?? ""),
                Markup.Escape(row.AddressLine1 ?? ""), Markup.Escape(row.City ?? ""), Markup.Escape(row.State ?? ""), Markup.Escape(row.Country ?? ""),
                Stamp(row.InsertDts), touched ? $"[yellow]{Stamp(row.UpdateDts)}[/]" : Stamp(row.UpdateDts));
        }

        _console.Write(table);
        if (night.Gold.Count > GoldRowsShown)
        {
            _console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"  ... and {night.Gold.Count - GoldRowsShown} more."));
        }
    }

    private void WriteRejects(NightResult night)
    {
        if (night.Rejects.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"SILVER.CUSTOMER_REJECTS ({night.Rejects.Count} rows, set aside instead of failing the batch)")
            .AddColumns("SOURCE_FILE_NAME", "ROW", "FIRST_NAME", "LAST_NAME", "COMPANYNAME", "REJECT_REASON");
        foreach (var row in night.Rejects)
        {
            table.AddRow(
                Markup.Escape(row.SourceFileName ?? ""), row.SourceFileRowNumber?.ToString(CultureInfo.InvariantCulture) ?? "",
                Markup.Escape(row.FirstName ?? ""), Markup.Escape(row.LastName ?? ""), Markup.Escape(row.CompanyName ?? ""), Markup.Escape(row.Reason));
        }

        _console.Write(table);
    }

    private static string StateMarkup(string state) => state switch
    {
        "SUCCEEDED" => "[green]SUCCEEDED[/]",
        "FAILED" => "[red]FAILED[/]",
        "SKIPPED" => "[grey]SKIPPED[/]",
        _ => Markup.Escape(state),
    };

    private static string NewYork(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, LocalRunOptions.NewYork).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Stamp(DateTime value) => value.ToString("MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Num(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string FirstLine(string sql)
    {
        var line = sql.Split('\n', 2)[0].Trim();
        return sql.Contains('\n', StringComparison.Ordinal) ? line + " ..." : line;
    }

    private sealed class Sink(Action<UploadProgress> report) : IProgress<UploadProgress>
    {
        private readonly Lock _gate = new();

        public void Report(UploadProgress value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }
}
