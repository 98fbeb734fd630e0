using Amazon;
using Amazon.S3.Model;
using CustomerPipeline;
using Microsoft.Extensions.Time.Testing;
using SnowMedallion.Sql;

namespace SnowMedallion.Testing.Tests.Snowflake.Copy;

/// <summary>
/// The reference pipeline's deploy script, as the renderer writes it, on LocalSnowflake: the engine's
/// objects (database, schemas, integrations, file format, stage, tables) run unedited, and the pipe's own
/// COPY statement loads a reference-shaped file into the bronze table.
/// </summary>
public sealed class ReferenceDeployScriptTests
{
    private static readonly string[] EngineKinds = ["DATABASE", "SCHEMA", "STORAGE", "NOTIFICATION", "FILE", "STAGE", "TABLE"];

    private const string Csv = """
        CUSTOMERNAME,PHONE,ADDRESSLINE1,ADDRESSLINE2,CITY,STATE,POSTALCODE,COUNTRY,TERRITORY,CONTACTFIRSTNAME,CONTACTLASTNAME
        "Harbor Toys, Ltd.",+33 1 46 62 7555,"12, rue du Port",,Nantes,NULL,44000,France,EMEA,Anne,Moreau
        Blue Kite Co,(171) 555-2282,1 Long Road,Suite 4,Leeds,,,UK,,Tom,Hale

        """;

    [Theory]
    [InlineData(CreateMode.Create)]
    [InlineData(CreateMode.CreateOrReplace)]
    [InlineData(CreateMode.CreateIfNotExists)]
    public async Task Rendered_script_creates_the_engine_objects_and_its_pipe_copy_loads_bronze(CreateMode mode)
    {
        AWSConfigs.InitializeCollections = true;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 5, 30, 0, TimeSpan.Zero));
        await using var s3 = await LocalS3.StartAsync(new LocalS3Options { TimeProvider = clock });
        using (var client = s3.CreateClient())
        {
            await client.PutBucketAsync("snowflake-project-etl");
            await client.PutObjectAsync(new PutObjectRequest { BucketName = "snowflake-project-etl", Key = "raw_data/2026/customers.csv", ContentBody = Csv });
        }

        await using var h = await LocalSnowflakeHarness.StartAsync(new LocalSnowflakeOptions { TimeProvider = clock, S3 = s3 });
        var script = new SnowflakeSqlRenderer(mode).Render(CustomerPipelineDefinition.Create());
        var mine = script.Statements.Where(IsEngineStatement).ToList();
        mine.Should().HaveCountGreaterThanOrEqualTo(9, "database, 3 schemas, 2 integrations, file format, stage and tables");
        foreach (var statement in mine)
        {
            h.Rows(statement);
        }

        if (mode == CreateMode.CreateIfNotExists)
        {
            foreach (var statement in mine)
            {
                h.Rows(statement);
            }
        }

        h.Result("SHOW SCHEMAS IN DATABASE SNOWLAKE_DB").Rows.Select(r => r[1]).Should().Contain(["BRONZE", "SILVER", "GOLD"]);
        h.Result("SHOW TABLES IN SCHEMA SNOWLAKE_DB.BRONZE").Rows.Select(r => r[1]).Should().Contain("WORK_CUSTOMER_COPY");
        h.Result("DESC INTEGRATION S3_BRONZE").Rows.Select(r => r[0]).Should().Contain(["STORAGE_AWS_IAM_USER_ARN", "STORAGE_AWS_EXTERNAL_ID"]);

        // The pipe's COPY (after AS) as a bulk COPY.
        var pipe = script.Statements.Single(s => s.StartsWith("CREATE", StringComparison.Ordinal) && s.Contains(" PIPE ", StringComparison.Ordinal));
        var copy = pipe[pipe.IndexOf("COPY INTO", StringComparison.Ordinal)..];
        h.Rows("ALTER SESSION SET TIMEZONE = 'UTC'");
        h.Rows(copy).Should().ContainSingle().Which.Take(4).Should().Equal("s3://snowflake-project-etl/raw_data/2026/customers.csv", "LOADED", 2L, 2L);
        var rows = h.Rows("SELECT COMPANYNAME, ADDRESSLINE1, ADDRESSLINE2, STATE, POSTALCODE, PROVINCE, INSERT_DTS, SOURCE_FILE_NAME, SOURCE_FILE_ROW_NUMBER FROM SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_COPY ORDER BY SOURCE_FILE_ROW_NUMBER");
        rows.Should().HaveCount(2);
        rows[0].Take(6).Should().Equal("Harbor Toys, Ltd.", "12, rue du Port", null, null, "44000", "EMEA");
        rows[1].Take(6).Should().Equal("Blue Kite Co", "1 Long Road", "Suite 4", null, null, null);
        rows.Should().AllSatisfy(r =>
        {
            r[6].Should().Be(new DateTime(2026, 11, 26, 5, 30, 0));
            r[7].Should().Be("2026/customers.csv");
        });
        rows.Select(r => Convert.ToInt64(r[8], System.Globalization.CultureInfo.InvariantCulture)).Should().Equal(1L, 2L);
        h.Scalar("SELECT COUNT(*) FROM SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_COPY WHERE COMPANYNAME = 'harbor toys, ltd.'").Should().Be(1L, "COLLATE 'en-ci' compares case-insensitively");
    }

    private static bool IsEngineStatement(string statement)
    {
        var words = statement.Split([' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2 || words[0] != "CREATE")
        {
            return false;
        }

        var kind = words[1] == "OR" ? words[3] : words[1];
        return EngineKinds.Contains(kind);
    }
}
