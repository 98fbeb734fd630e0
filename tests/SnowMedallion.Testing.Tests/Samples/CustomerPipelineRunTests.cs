using CustomerPipeline.Local;
using CustomerPipeline.SampleData;

namespace SnowMedallion.Testing.Tests.Samples;

/// <summary>Runs the sample's flow once (what <c>dotnet run --project samples/CustomerPipeline</c> does) and checks it.</summary>
public sealed class CustomerPipelineRunFixture : IAsyncLifetime
{
    public LocalRunResult Result { get; private set; } = null!;

    public async Task InitializeAsync() => Result = await new CustomerPipelineRun().RunAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>
/// The reference pipeline end to end on LocalS3 + LocalSnowflake with a fake clock: the sample's own flow,
/// checked against a plain C# model of the upsert (<see cref="ExpectedSilver"/>).
/// </summary>
public sealed class CustomerPipelineRunTests(CustomerPipelineRunFixture fixture) : IClassFixture<CustomerPipelineRunFixture>
{
    private LocalRunResult Result => fixture.Result;

    [Fact]
    public void The_run_reports_no_problem()
    {
        Result.Problems.Should().BeEmpty();
        Result.Succeeded.Should().BeTrue();
    }

    [Fact]
    public void The_pipe_loads_every_uploaded_file_once_with_all_its_rows()
    {
        Result.Day1.Upload.Files.Should().Be(2);
        Result.Day1.Upload.Failures.Should().BeEmpty();
        Result.Day1.Upload.Keys.Should().BeEquivalentTo("raw_data/2026-11-25/customers-01.csv", "raw_data/2026-11-25/customers-02.csv");

        var history = Result.Day2.Load.CopyHistory;
        history.Should().HaveCount(3, because: "three files were uploaded and none is loaded twice");
        foreach (var file in Result.Sample.Day1.Concat(Result.Sample.Day2))
        {
            var row = history.Single(r => LocalCustomerPipeline.SameFile(r.FileName, file.Name));
            row.Status.Should().BeEquivalentTo("Loaded");
            row.RowCount.Should().Be(file.Rows.Count);
            row.PipeName.Should().NotBeNullOrEmpty();
        }

        Result.Day1.Load.BronzeRows.Should().Be(40);
        Result.Day2.Load.BronzeRows.Should().Be(55);
        Result.Day1.Load.Status.ExecutionState.Should().Be("RUNNING");
        Result.Day1.Load.Status.PendingFileCount.Should().Be(0);
    }

    [Fact]
    public void Night_one_merges_day_one_into_silver_and_gold_with_rejects_set_aside()
    {
        var expected = new ExpectedSilver();
        var outcome = expected.Apply(Result.Sample.Day1);
        var night = Result.Day1.Night;

        night.Run!.State.Should().Be("SUCCEEDED");
        night.Summary.Should().Be(outcome, because: "the procedure sets its summary as the run's RETURN_VALUE");
        outcome.Inserted.Should().Be(night.Silver.Count, because: "every customer of day 1 was new");
        SilverAssertions.ShouldMatch(night.Silver, expected);
        night.Gold.Should().BeEquivalentTo(night.Silver, because: "GOLD.CUSTOMER_VIEW shows SILVER.CUSTOMER");
        night.Silver.Should().OnlyContain(c => c.InsertDts == c.UpdateDts && c.ProcessName == "WORK_CUSTOMER_SRC_TO_SL_SP");

        night.Rejects.Should().HaveCount(3);
        night.Rejects.Select(r => r.Reason).Should().Contain(r => r.Contains("ADDRESSLINE1", StringComparison.Ordinal))
            .And.Contain(r => r.Contains("STATE", StringComparison.Ordinal))
            .And.Contain(r => r.Contains("COUNTRY", StringComparison.Ordinal));
        night.Rejects.Should().OnlyContain(r => r.SourceFileName != null && r.SourceFileName.Contains("2026-11-25/", StringComparison.Ordinal));
    }

    [Fact]
    public void Night_two_applies_scd1_changed_rows_updated_unchanged_rows_only_touched()
    {
        var expected = new ExpectedSilver();
        expected.Apply(Result.Sample.Day1);
        var outcome = expected.Apply(Result.Sample.Day2);
        var before = Result.Day1.Night.Silver.ToDictionary(c => c.Key);
        var after = Result.Day2.Night.Silver.ToDictionary(c => c.Key);

        Result.Day2.Night.Run!.State.Should().Be("SUCCEEDED");
        Result.Day2.Night.Summary.Should().Be(outcome);
        after.Count.Should().Be(before.Count + outcome.Inserted);
        SilverAssertions.ShouldMatch(Result.Day2.Night.Silver, expected);

        foreach (var key in Result.Sample.ChangedOnDay2)
        {
            after[key].Md5Hash.Should().NotBe(before[key].Md5Hash);
            after[key].UpdateDts.Should().BeAfter(before[key].UpdateDts);
            after[key].InsertDts.Should().BeAfter(before[key].InsertDts, because: "a changed row takes every column of the new version");
        }

        foreach (var key in Result.Sample.UnchangedOnDay2)
        {
            after[key].UpdateDts.Should().BeAfter(before[key].UpdateDts);
            after[key].Should().Be(before[key] with { UpdateDts = after[key].UpdateDts }, because: "an unchanged row only gets a new UPDATE_DTS");
        }

        foreach (var key in before.Keys.Except(Result.Sample.ChangedOnDay2).Except(Result.Sample.UnchangedOnDay2))
        {
            after[key].Should().Be(before[key], because: "customers absent from day 2 are untouched");
        }

        Result.Sample.AddedOnDay2.Should().OnlyContain(k => after.ContainsKey(k) && !before.ContainsKey(k));
    }

    [Fact]
    public void Task_history_shows_succeeded_twice_then_skipped_on_a_night_with_an_empty_stream()
    {
        var history = Result.Night3.History.Where(r => LocalCustomerPipeline.IsFinished(r.State)).ToList();
        history.Select(r => r.State).Should().Equal("SUCCEEDED", "SUCCEEDED", "SKIPPED");
        Result.Night3.Run!.State.Should().Be("SKIPPED");
        Result.Night3.Run.ReturnValue.Should().BeNull();
        Result.Night3.Silver.Should().Equal(Result.Day2.Night.Silver);
    }
}
