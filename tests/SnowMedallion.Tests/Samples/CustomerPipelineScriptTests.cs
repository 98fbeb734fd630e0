using System.Runtime.CompilerServices;
using CustomerPipeline;
using SnowMedallion.Sql;

namespace SnowMedallion.Tests.Samples;

public sealed class CustomerPipelineScriptTests
{
    internal static string TestsFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(Path.GetDirectoryName(path))!;

    internal static string Golden => File.ReadAllText(Path.Combine(TestsFolder(), "Sql", "Golden", "customer-pipeline.sql"));

    [Fact]
    public void Rendered_reference_pipeline_equals_the_golden_file_checked_against_customer_pipeline_md()
    {
        var script = new SnowflakeSqlRenderer().Render(CustomerPipelineDefinition.Create()).ToString();

        script.Should().Be(Golden);
    }

    [Fact]
    public void Script_command_prints_the_golden_script()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = ScriptCommand.Run([], output, error);

        exitCode.Should().Be(0);
        output.ToString().Should().Be(Golden);
        error.ToString().Should().BeEmpty();
    }

    [Fact]
    public void Script_command_renders_the_chosen_create_mode_and_rejects_unknown_ones()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        ScriptCommand.Run(["--mode", "create-or-replace"], output, error).Should().Be(0);
        output.ToString().Should().StartWith("CREATE OR REPLACE DATABASE SNOWLAKE_DB;\n");

        ScriptCommand.Run(["--mode", "drop"], output, error).Should().Be(1);
        error.ToString().Should().Contain("Unknown mode 'drop'");
    }

    [Fact]
    public void Every_statement_of_the_script_ends_with_a_semicolon_and_a_newline()
    {
        var script = new SnowflakeSqlRenderer().Render(CustomerPipelineDefinition.Create());

        script.ToString().Should().Be(string.Concat(script.Statements.Select(s => s + ";\n")));
        script.Statements.Should().HaveCount(17);
        script.Statements[^1].Should().Be("ALTER TASK SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_SRC_TO_SL_TASK RESUME");
    }

    [Fact]
    public void Overridden_bucket_and_role_arns_reach_the_integration_and_the_stage()
    {
        var pipeline = CustomerPipelineDefinition.Create(bucket: "other-bucket", prefix: "in/", storageRoleArn: "arn:aws:iam::1:role/r");

        pipeline.Stages.Single().Url!.Url.Should().Be("s3://other-bucket/in/");
        pipeline.StorageIntegrations.Single().RoleArn.Should().Be("arn:aws:iam::1:role/r");
        pipeline.StorageIntegrations.Single().AllowedLocations.Single().Url.Should().Be("s3://other-bucket/in/");
    }

    [Fact]
    public void Reference_definition_reads_in_at_most_80_lines()
    {
        var file = Path.Combine(TestsFolder(), "..", "..", "samples", "CustomerPipeline", "CustomerPipelineDefinition.cs");

        File.ReadAllLines(file).Length.Should().BeLessThanOrEqualTo(80);
    }
}
