namespace SnowMedallion.Testing.Snowflake.Pipes;

/// <summary>One file a pipe tried to load: a row of COPY_HISTORY with PIPE_NAME set.</summary>
/// <param name="FileName">The file's path relative to the stage (COPY_HISTORY FILE_NAME).</param>
/// <param name="StageLocation">The stage's location, e.g. <c>s3://bucket/prefix/</c>.</param>
/// <param name="LastLoadTime">When the load finished.</param>
/// <param name="RowCount">Rows loaded.</param>
/// <param name="RowParsed">Rows parsed.</param>
/// <param name="FileSize">The file's size in bytes.</param>
/// <param name="FirstErrorMessage">The first error, if any.</param>
/// <param name="FirstErrorLineNumber">Line of the first error.</param>
/// <param name="FirstErrorCharacterPos">Character position of the first error.</param>
/// <param name="FirstErrorColumnName">Column of the first error.</param>
/// <param name="ErrorCount">Rows in error.</param>
/// <param name="ErrorLimit">Errors tolerated before the file fails.</param>
/// <param name="Status">COPY_HISTORY STATUS: <c>Loaded</c>, <c>Load failed</c> or <c>Partially loaded</c>.</param>
/// <param name="PipeReceivedTime">When the pipe received the file's notification.</param>
internal sealed record PipeLoadRecord(
    string FileName,
    string StageLocation,
    DateTimeOffset LastLoadTime,
    long RowCount,
    long RowParsed,
    long FileSize,
    string? FirstErrorMessage,
    long? FirstErrorLineNumber,
    long? FirstErrorCharacterPos,
    string? FirstErrorColumnName,
    long ErrorCount,
    long ErrorLimit,
    string Status,
    DateTimeOffset PipeReceivedTime)
{
    /// <summary>COPY_HISTORY status of a loaded file.</summary>
    public const string Loaded = "Loaded";

    /// <summary>COPY_HISTORY status of a failed file.</summary>
    public const string LoadFailed = "Load failed";

    /// <summary>COPY_HISTORY status of a file loaded with some rows skipped (ON_ERROR = CONTINUE).</summary>
    public const string PartiallyLoaded = "Partially loaded";

    /// <summary>True when rows of the file reached the table (the file counts as loaded for the pipe).</summary>
    public bool IsLoaded => Status is Loaded or PartiallyLoaded;
}
