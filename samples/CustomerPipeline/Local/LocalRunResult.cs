using CustomerPipeline.SampleData;

namespace CustomerPipeline.Local;

/// <summary>Everything the local run did, in order: deploy, day 1, night 1, day 2, night 2, night 3.</summary>
/// <param name="DataFolder">Where the sample's files were written.</param>
/// <param name="Sample">The files the run uploaded.</param>
/// <param name="DeployedStatements">How many statements the deploy script ran.</param>
/// <param name="NotificationChannel">The pipe's notification channel the bucket notification targets.</param>
/// <param name="Day1">Day 1: upload, pipe load, and the night that follows.</param>
/// <param name="Day2">Day 2: the SCD1 file, its load and its night.</param>
/// <param name="Night3">A night with nothing new: the task is skipped.</param>
/// <param name="Problems">What did not go as the reference pipeline should; empty on success.</param>
public sealed record LocalRunResult(
    string DataFolder,
    CustomerSampleData Sample,
    int DeployedStatements,
    string NotificationChannel,
    DayResult Day1,
    DayResult Day2,
    NightResult Night3,
    IReadOnlyList<string> Problems)
{
    /// <summary>True when every step did what the reference pipeline should.</summary>
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>One day: files uploaded, loaded by the pipe, then merged by the nightly task.</summary>
public sealed record DayResult(string Label, UploadReport Upload, LoadReport Load, NightResult Night);

/// <summary>What the SDK uploader sent.</summary>
public sealed record UploadReport(IReadOnlyList<string> Keys, int Files, long Bytes, int Skipped, IReadOnlyList<string> Failures, TimeSpan Elapsed);

/// <summary>The pipe after a batch of files: its status, its copy history (every file so far) and BRONZE's row count.</summary>
public sealed record LoadReport(PipeStatus Status, IReadOnlyList<CopyHistoryRow> CopyHistory, long BronzeRows);

/// <summary>The fields of SYSTEM$PIPE_STATUS the sample shows, and the whole JSON.</summary>
public sealed record PipeStatus(string? ExecutionState, long? PendingFileCount, string? LastIngestedFilePath, string Json);

/// <summary>One row of INFORMATION_SCHEMA.COPY_HISTORY.</summary>
public sealed record CopyHistoryRow(string FileName, string? Status, long RowCount, long RowParsed, string? FirstErrorMessage, string? PipeName, string? LastLoadTime);

/// <summary>One row of INFORMATION_SCHEMA.TASK_HISTORY.</summary>
public sealed record TaskRunRow(string Name, string State, string? ScheduledTime, string? CompletedTime, string? ReturnValue, string? ErrorCode, string? ErrorMessage);

/// <summary>A row of SILVER.CUSTOMER (or of GOLD.CUSTOMER_VIEW, which shows the same columns).</summary>
public sealed record SilverCustomer(
    string FirstName,
    string LastName,
    string? CompanyName,
    string? Phone,
    string? AddressLine1,
    string? AddressLine2,
    string? City,
    string? State,
    string? Country,
    string? PostalCode,
    string? Province,
    string? ProcessName,
    DateTime InsertDts,
    DateTime UpdateDts,
    string? Md5Hash)
{
    /// <summary>The MERGE key.</summary>
    public CustomerKey Key => new(FirstName, LastName);
}

/// <summary>A row SILVER could not take, from SILVER.CUSTOMER_REJECTS.</summary>
public sealed record RejectRow(string Reason, string? SourceFileName, long? SourceFileRowNumber, string? FirstName, string? LastName, string? CompanyName);

/// <summary>The state after the clock moved past a midnight in New York and the task ran (or was skipped).</summary>
/// <param name="Label">"Night 1", ...</param>
/// <param name="Clock">The emulator's clock after the move.</param>
/// <param name="Run">The task run of that night (the latest one).</param>
/// <param name="History">TASK_HISTORY so far, oldest first.</param>
/// <param name="Summary">The procedure's JSON summary (the run's RETURN_VALUE), parsed; null when the run returned none.</param>
/// <param name="Silver">SILVER.CUSTOMER after the night.</param>
/// <param name="Gold">GOLD.CUSTOMER_VIEW after the night.</param>
/// <param name="Rejects">SILVER.CUSTOMER_REJECTS after the night.</param>
public sealed record NightResult(
    string Label,
    DateTimeOffset Clock,
    TaskRunRow? Run,
    IReadOnlyList<TaskRunRow> History,
    BatchOutcome? Summary,
    IReadOnlyList<SilverCustomer> Silver,
    IReadOnlyList<SilverCustomer> Gold,
    IReadOnlyList<RejectRow> Rejects);
