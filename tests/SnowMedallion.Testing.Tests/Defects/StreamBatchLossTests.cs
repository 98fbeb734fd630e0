using CustomerPipeline.Local;
using CustomerPipeline.SampleData;
using SnowMedallion.Execution;
using SnowMedallion.Testing.Tests.Samples;

namespace SnowMedallion.Testing.Tests.Defects;

/// <summary>
/// The hand-written original's defect, shown on LocalSnowflake as it happens on Snowflake, and SnowMedallion's
/// generated procedure not having it.
/// <para>
/// Snowflake: DDL, CTAS included, commits the open transaction and runs in its own
/// (https://docs.snowflake.com/en/sql-reference/transactions, "DDL"); a DML statement that reads a stream
/// (CTAS counts) advances its offset when it commits, and a ROLLBACK leaves the offset where it was
/// (https://docs.snowflake.com/en/user-guide/streams-intro, "Table versioning").
/// </para>
/// </summary>
public sealed class StreamBatchLossTests : IAsyncLifetime
{
    private const string Procedure = "SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_SRC_TO_SL_SP";

    // The shape of the original: BEGIN; CREATE OR REPLACE TABLE ... AS SELECT FROM the stream; MERGE; COMMIT; on error ROLLBACK and rethrow.
    private const string HandWrittenProcedure = """
        CREATE OR REPLACE PROCEDURE SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_SRC_TO_SL_SP(DATABASE VARCHAR)
          RETURNS VARCHAR
          LANGUAGE JAVASCRIPT
          EXECUTE AS CALLER
        AS
        $$
          snowflake.execute({ sqlText: "BEGIN" });
          try {
            snowflake.execute({ sqlText:
              "CREATE OR REPLACE TABLE " + DATABASE + ".SILVER.WORK_CUSTOMER_XFM AS SELECT " +
              "FIRST_NAME, LAST_NAME, COMPANYNAME, PHONE, ADDRESSLINE1, ADDRESSLINE2, CITY, STATE, COUNTRY, POSTALCODE, PROVINCE, " +
              "'EST' AS TIME_ZONE, 'CUSTOMER' AS SOURCE_SYS_NAME, 'STANDARD' AS INSTNC_ST_NM, CURRENT_SESSION() AS PROCESS_ID, " +
              "'WORK_CUSTOMER_SRC_TO_SL_SP' AS PROCESS_NAME, INSERT_DTS, UPDATE_DTS, " +
              "MD5(COALESCE(TO_VARCHAR(TRIM(COMPANYNAME)), '') || COALESCE(TO_VARCHAR(TRIM(PHONE)), '') || COALESCE(TO_VARCHAR(TRIM(ADDRESSLINE1)), '') || " +
              "COALESCE(TO_VARCHAR(TRIM(ADDRESSLINE2)), '') || COALESCE(TO_VARCHAR(TRIM(CITY)), '') || COALESCE(TO_VARCHAR(TRIM(STATE)), '') || " +
              "COALESCE(TO_VARCHAR(TRIM(COUNTRY)), '') || COALESCE(TO_VARCHAR(TRIM(POSTALCODE)), '') || COALESCE(TO_VARCHAR(TRIM(PROVINCE)), '')) AS MD5_HASH, " +
              "SOURCE_FILE_NAME, SOURCE_FILE_ROW_NUMBER " +
              "FROM " + DATABASE + ".BRONZE.WORK_CUSTOMER_SRC_TO_SL_STREAM WHERE FIRST_NAME IS NOT NULL AND LAST_NAME IS NOT NULL" });
            snowflake.execute({ sqlText:
              "MERGE INTO " + DATABASE + ".SILVER.CUSTOMER T USING " + DATABASE + ".SILVER.WORK_CUSTOMER_XFM S " +
              "ON T.FIRST_NAME = S.FIRST_NAME AND T.LAST_NAME = S.LAST_NAME " +
              "WHEN MATCHED AND T.MD5_HASH = S.MD5_HASH THEN UPDATE SET UPDATE_DTS = S.UPDATE_DTS " +
              "WHEN MATCHED THEN UPDATE SET COMPANYNAME = S.COMPANYNAME, PHONE = S.PHONE, ADDRESSLINE1 = S.ADDRESSLINE1, ADDRESSLINE2 = S.ADDRESSLINE2, " +
              "CITY = S.CITY, STATE = S.STATE, COUNTRY = S.COUNTRY, POSTALCODE = S.POSTALCODE, PROVINCE = S.PROVINCE, UPDATE_DTS = S.UPDATE_DTS, MD5_HASH = S.MD5_HASH " +
              "WHEN NOT MATCHED THEN INSERT (FIRST_NAME, LAST_NAME, COMPANYNAME, PHONE, ADDRESSLINE1, ADDRESSLINE2, CITY, STATE, COUNTRY, POSTALCODE, PROVINCE, " +
              "TIME_ZONE, SOURCE_SYS_NAME, INSTNC_ST_NM, PROCESS_ID, PROCESS_NAME, INSERT_DTS, UPDATE_DTS, MD5_HASH) VALUES (S.FIRST_NAME, S.LAST_NAME, " +
              "S.COMPANYNAME, S.PHONE, S.ADDRESSLINE1, S.ADDRESSLINE2, S.CITY, S.STATE, S.COUNTRY, S.POSTALCODE, S.PROVINCE, S.TIME_ZONE, S.SOURCE_SYS_NAME, " +
              "S.INSTNC_ST_NM, S.PROCESS_ID, S.PROCESS_NAME, S.INSERT_DTS, S.UPDATE_DTS, S.MD5_HASH)" });
            snowflake.execute({ sqlText: "COMMIT" });
          } catch (err) {
            snowflake.execute({ sqlText: "ROLLBACK" });
            throw err;
          }
          return "Done";
        $$
        """;

    private static readonly DateTimeOffset Start = new(2026, 11, 25, 14, 0, 0, TimeSpan.FromHours(-5));
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("snowmedallion-defect-");
    private LocalCustomerPipeline _local = null!;
    private CustomerSampleData _sample = null!;

    public async Task InitializeAsync()
    {
        _local = await LocalCustomerPipeline.StartAsync(Start);
        await _local.DeployAsync();
        await _local.CreateBucketAndWireAsync();
        _sample = new CustomerDataGenerator().CreateSample(new DateOnly(2026, 11, 25));
        _sample.WriteTo(_folder.FullName);
    }

    public async Task DisposeAsync()
    {
        await _local.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task The_hand_written_procedure_loses_its_batch_when_the_merge_fails_after_the_ctas()
    {
        await _local.ExecuteAsync("ALTER TASK SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_SRC_TO_SL_TASK SUSPEND");
        await _local.ExecuteAsync(HandWrittenProcedure);
        await LoadDayOneAsync();
        (await StreamRowsAsync()).Should().Be(40);

        // Day 1 holds rows with NULL ADDRESSLINE1 / STATE / COUNTRY: the original MERGE inserts them into NOT NULL columns and fails.
        var call = () => _local.ExecuteAsync($"CALL {Procedure}('SNOWLAKE_DB')");
        (await call.Should().ThrowAsync<SnowflakeStatementException>()).Which.Message.Should().Contain("NULL");

        // The ROLLBACK undid nothing the CTAS did: it had committed, and consumed the stream.
        (await _local.CountAsync("SELECT COUNT(*) FROM SNOWLAKE_DB.SILVER.CUSTOMER")).Should().Be(0);
        (await _local.CountAsync("SELECT COUNT(*) FROM SNOWLAKE_DB.SILVER.WORK_CUSTOMER_XFM")).Should().Be(39, because: "the work table kept the keyed rows of the batch");
        (await StreamRowsAsync()).Should().Be(0, because: "the stream's offset moved past the batch");
        (await HasDataAsync()).Should().BeFalse();

        // Fixing the cause (here: no more failing rows) does not bring the batch back: the next run merges nothing.
        await _local.ExecuteAsync("DELETE FROM SNOWLAKE_DB.SILVER.WORK_CUSTOMER_XFM");
        await _local.ExecuteAsync($"CALL {Procedure}('SNOWLAKE_DB')");
        (await _local.CountAsync("SELECT COUNT(*) FROM SNOWLAKE_DB.SILVER.CUSTOMER")).Should().Be(0, because: "the 40 rows of day 1 are lost to SILVER");
    }

    [Fact]
    public async Task The_generated_procedure_keeps_its_batch_when_the_merge_fails_and_the_next_run_completes_it()
    {
        await LoadDayOneAsync();

        // Schema drift the pipeline's definition does not know about: someone made ADDRESSLINE2 NOT NULL on the table.
        // The procedure's reject filter covers the NOT NULL columns it was generated for, so its MERGE hits the NULLs and fails.
        await _local.ExecuteAsync("ALTER TABLE SNOWLAKE_DB.SILVER.CUSTOMER ALTER COLUMN ADDRESSLINE2 SET NOT NULL");
        var runs = await RunTaskAsync();
        var failed = runs[^1];
        failed.State.Should().Be("FAILED");
        failed.ErrorMessage.Should().Contain("NULL");

        // Nothing was lost: the stream still holds the whole batch, SILVER and the rejects are as before.
        (await StreamRowsAsync()).Should().Be(40);
        (await HasDataAsync()).Should().BeTrue();
        (await _local.CountAsync("SELECT COUNT(*) FROM SNOWLAKE_DB.SILVER.CUSTOMER")).Should().Be(0);
        (await _local.CountAsync("SELECT COUNT(*) FROM SNOWLAKE_DB.SILVER.CUSTOMER_REJECTS")).Should().Be(0, because: "the reject INSERT was rolled back with the MERGE");

        // Fix the cause; the next night completes the batch.
        await _local.ExecuteAsync("ALTER TABLE SNOWLAKE_DB.SILVER.CUSTOMER ALTER COLUMN ADDRESSLINE2 DROP NOT NULL");
        runs = await RunTaskAsync();
        runs[^1].State.Should().Be("SUCCEEDED");
        var expected = new ExpectedSilver();
        expected.Apply(_sample.Day1);
        (await _local.CustomersAsync()).Select(c => c.Key).Should().BeEquivalentTo(expected.Rows.Keys);
        (await _local.CountAsync("SELECT COUNT(*) FROM SNOWLAKE_DB.SILVER.CUSTOMER_REJECTS")).Should().Be(3);
        (await StreamRowsAsync()).Should().Be(0);
    }

    [Fact]
    public async Task A_direct_call_returns_the_batch_summary_as_json()
    {
        // A CALL returns the procedure's value (a task run's RETURN_VALUE only holds SYSTEM$SET_RETURN_VALUE's).
        await LoadDayOneAsync();

        var result = await _local.ExecuteAsync($"CALL {Procedure}('SNOWLAKE_DB')");

        var summary = LocalCustomerPipeline.ParseSummary(result.Text(0, result.Columns[0]));
        summary.Should().Be(new ExpectedSilver().Apply(_sample.Day1));
        (await StreamRowsAsync()).Should().Be(0, because: "the committed MERGE consumed the batch");
    }

    // A task left suspended (or failing, which rolls its consumption back) past the stream's 14 days: the stream goes stale
    // and the next run fails, notifying. Its rows are not lost: BRONZE still holds every loaded row, and a stream recreated
    // with SHOW_INITIAL_ROWS = TRUE hands all of them to the next run, which the SCD1 upsert (latest version per key)
    // reduces to the same SILVER.
    [Fact]
    public async Task After_the_stream_goes_stale_a_stream_recreated_with_initial_rows_reprocesses_bronze_and_loses_nothing()
    {
        await LoadDayOneAsync();
        (await RunTaskAsync())[^1].State.Should().Be("SUCCEEDED");
        await LoadAsync(_sample.Day2Folder, _sample.Day2);
        await _local.ExecuteAsync($"ALTER TASK {LocalCustomerPipeline.TaskName} SUSPEND");
        _local.Clock.Advance(TimeSpan.FromDays(15));
        await _local.ExecuteAsync($"ALTER TASK {LocalCustomerPipeline.TaskName} RESUME");

        var failed = (await RunTaskAsync())[^1];

        failed.State.Should().Be("FAILED");
        failed.ErrorMessage.Should().Contain(LocalCustomerPipeline.StreamName).And.Contain("stale");
        _local.Snowflake.Notifications.Should().ContainSingle(n => n.Body.Contains("USER_TASK_FAILED", StringComparison.Ordinal));
        (await _local.CountAsync("SELECT COUNT(*) FROM SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_COPY")).Should().Be(55, because: "both days' rows (40 and 15) are still in BRONZE");

        await _local.ExecuteAsync(
            $"CREATE OR REPLACE STREAM {LocalCustomerPipeline.StreamName} ON TABLE SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_COPY APPEND_ONLY = TRUE SHOW_INITIAL_ROWS = TRUE");
        var recovered = (await RunTaskAsync())[^1];

        recovered.State.Should().Be("SUCCEEDED");
        var expected = new ExpectedSilver();
        expected.Apply(_sample.Day1);
        expected.Apply(_sample.Day2);
        SilverAssertions.ShouldMatch(await _local.CustomersAsync(), expected);
        (await StreamRowsAsync()).Should().Be(0);
        (await _local.CountAsync("SELECT COUNT(*) FROM SNOWLAKE_DB.SILVER.CUSTOMER_REJECTS")).Should().Be(6,
            because: "reprocessing BRONZE from its first row sets day 1's three rejects aside a second time (REJECTED_DTS tells the two apart)");
    }

    private Task LoadDayOneAsync() => LoadAsync(_sample.Day1Folder, _sample.Day1);

    private async Task LoadAsync(string folder, IReadOnlyList<SampleFile> files)
    {
        var uploader = new SnowMedallion.Ingestion.S3Uploader(_local.S3Client);
        var summary = await uploader.UploadFolderAsync(_folder.FullName, _local.StageLocation, folder + "/*.csv");
        summary.Failures.Should().BeEmpty();
        var history = await _local.WaitForFilesAsync([.. files.Select(f => f.Name)], TimeSpan.FromSeconds(30));
        history.Where(r => files.Any(f => LocalCustomerPipeline.SameFile(r.FileName, f.Name))).Should().HaveCount(files.Count);
    }

    /// <summary>Moves the clock past the next midnight in New York and returns TASK_HISTORY once the run is finished.</summary>
    private async Task<IReadOnlyList<TaskRunRow>> RunTaskAsync()
    {
        var before = (await _local.TaskHistoryAsync()).Count(r => LocalCustomerPipeline.IsFinished(r.State));
        _local.AdvanceTo(new TimeOnly(0, 0), TimeSpan.FromMinutes(5));
        var history = await _local.WaitForTaskRunAsync(before, TimeSpan.FromSeconds(30));
        var finished = history.Where(r => LocalCustomerPipeline.IsFinished(r.State)).ToList();
        finished.Should().HaveCount(before + 1);
        return finished;
    }

    private Task<long> StreamRowsAsync() => _local.CountAsync("SELECT COUNT(*) FROM " + LocalCustomerPipeline.StreamName);

    private async Task<bool> HasDataAsync()
    {
        var result = await _local.ExecuteAsync($"SELECT SYSTEM$STREAM_HAS_DATA('{LocalCustomerPipeline.StreamName}')");
        return Convert.ToBoolean(result.Rows[0][0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
