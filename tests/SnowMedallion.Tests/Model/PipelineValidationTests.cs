using SnowMedallion.Building;
using SnowMedallion.Model;
using static SnowMedallion.Model.DataType;

namespace SnowMedallion.Tests.Model;

// One test per validation rule: the message names the object and says how to fix it.
public sealed class PipelineValidationTests
{
    private static readonly S3Location Location = S3Location.Parse("s3://bucket/in/");
    private static readonly StorageIntegrationBuilder S3 = Medallion.S3StorageIntegration("S3", "arn:aws:iam::1:role/r", Location);
    private static readonly FileFormatBuilder Csv = Bronze.CsvFormat("CSV").SkipHeader(1);

    private static readonly TableBuilder Raw = Bronze.Table("RAW")
        .Column("NAME", Varchar(50)).Column("CITY", Varchar(50))
        .Column("FILE", Varchar(), notNull: true).Column("ROW", Number(), notNull: true);

    private static readonly TableBuilder Clean = Silver.Table("CLEAN")
        .Column("NAME", Varchar(50), notNull: true).Column("CITY", Varchar(50)).Column("HASH", Varchar(32), notNull: true);

    private static PipeBuilder Pipe(Func<PipeBuilder, PipeBuilder>? configure = null, FileFormatBuilder? stageFormat = null) =>
        Bronze.Stage("ST", Location, S3, stageFormat ?? Csv)
            .Pipe("P", Raw, p => (configure ?? (x => x))(p.Fields("NAME", "CITY").FileName("FILE").FileRowNumber("ROW")));

    private static UpsertProcedureBuilder Upsert(Func<UpsertProcedureBuilder, UpsertProcedureBuilder> configure) =>
        configure(Silver.UpsertProcedure("UP", Pipe().Stream("S"), Clean));

    private static IReadOnlyList<string> Problems(params ComponentBuilder[] components)
    {
        var act = () => Medallion.Database("DB").Add(components).Build();
        return act.Should().Throw<PipelineValidationException>().Which.Problems;
    }

    [Fact]
    public void Valid_pipeline_builds()
    {
        var pipeline = Medallion.Database("DB")
            .Add(Upsert(u => u.Key("NAME").Hash("HASH", "CITY").Task("T", t => t.Every(TimeSpan.FromMinutes(5)))))
            .Build();

        pipeline.Procedures.Should().ContainSingle();
    }

    [Fact]
    public void Pipe_mapping_a_column_its_table_lacks()
    {
        Problems(Pipe(p => p.Expression("NOPE", "1")).Stream("S")).Should().ContainSingle().Which.Should().Be(
            "Pipe DB.BRONZE.P maps column NOPE, which table DB.BRONZE.RAW does not have: add the column to the table or remove the mapping.");
    }

    [Fact]
    public void Pipe_mapping_a_column_of_another_table_in_the_model()
    {
        var db = new Database("DB");
        var bronze = new Schema(db, "BRONZE");
        var format = new FileFormat(bronze, "CSV", FileFormatType.Csv);
        var table = new Table(bronze, "T", [new Column("A", Varchar())]);
        var stage = new Stage(bronze, "ST") { FileFormat = format };
        var pipe = new SnowMedallion.Model.Pipe(bronze, "P", stage, table, [new PipeMapping(new Column("B", Varchar()), new FileField(1))]);

        var act = () => MedallionPipeline.Create([pipe]);

        act.Should().Throw<PipelineValidationException>().Which.Problems.Should().ContainSingle().Which.Should().Be(
            "Pipe DB.BRONZE.P maps column B, which Table DB.BRONZE.T does not have: add the column to the table or remove the mapping.");
    }

    [Fact]
    public void Pipe_leaving_a_not_null_column_without_value()
    {
        var pipe = Bronze.Stage("ST", Location, S3, Csv).Pipe("P", Raw, p => p.Fields("NAME", "CITY").FileName("FILE"));

        Problems(pipe.Stream("S")).Should().ContainSingle().Which.Should().Be(
            "Pipe DB.BRONZE.P leaves NOT NULL column ROW of Table DB.BRONZE.RAW without a value: map it (a file field, a metadata column or an expression), give it a DEFAULT, or make it nullable.");
    }

    [Fact]
    public void Stage_without_file_format_where_the_pipe_names_none()
    {
        var pipe = Bronze.Stage("ST", Location, S3).Pipe("P", Raw, p => p.Fields("NAME", "CITY").FileName("FILE").FileRowNumber("ROW"));

        Problems(pipe.Stream("S")).Should().ContainSingle().Which.Should().Be(
            "Pipe DB.BRONZE.P names no file format and its Stage DB.BRONZE.ST has none: give the pipe or the stage a file format.");
    }

    [Fact]
    public void Task_with_neither_schedule_nor_predecessor()
    {
        Problems(Upsert(u => u.Key("NAME").Hash("HASH", "CITY").Task("T", t => t.WhenStreamHasData())))
            .Should().ContainSingle().Which.Should().Be(
                "Task DB.BRONZE.T has neither a schedule nor a predecessor, so it would never run: give it a schedule (interval or cron) or a predecessor task (AFTER).");
    }

    [Fact]
    public void Task_with_an_invalid_cron_expression()
    {
        Problems(Upsert(u => u.Key("NAME").Hash("HASH", "CITY").Task("T", t => t.Cron("61 0 * * *", "UTC"))))
            .Should().ContainSingle().Which.Should()
            .StartWith("Task DB.BRONZE.T has cron schedule '61 0 * * *', which is not a valid cron expression")
            .And.EndWith("write five fields, minute hour day-of-month month day-of-week, e.g. '0 0 * * *'.");
    }

    [Fact]
    public void Task_with_an_unknown_time_zone()
    {
        Problems(Upsert(u => u.Key("NAME").Hash("HASH", "CITY").Task("T", t => t.Cron("0 0 * * *", "Mars/Olympus_Mons"))))
            .Should().ContainSingle().Which.Should().Be(
                "Task DB.BRONZE.T has cron time zone 'Mars/Olympus_Mons', which is not a known IANA time zone: use one like 'America/New_York' or 'UTC'.");
    }

    [Fact]
    public void Identifier_over_255_characters()
    {
        var name = new string('A', 256);

        Problems(Bronze.Stream("S", Bronze.Table(name).Column("A", Varchar()))).Should().ContainSingle().Which.Should().Be(
            $"Table DB.BRONZE.{name} has a name of 256 characters, over Snowflake's limit of 255: shorten it.");
    }

    [Fact]
    public void Upsert_key_missing_from_the_target()
    {
        Problems(Upsert(u => u.Key("NAME", "ZIP").Hash("HASH", "CITY"))).Should().ContainSingle().Which.Should().Be(
            "Upsert procedure DB.BRONZE.UP keys on column ZIP, which target table DB.SILVER.CLEAN does not have: add the column to DB.SILVER.CLEAN or fix the name.");
    }

    [Fact]
    public void Upsert_hash_column_missing_from_the_target()
    {
        Problems(Upsert(u => u.Key("NAME").Hash("HASH", "CITY", "ZIP"))).Should().ContainSingle().Which.Should().Be(
            "Upsert procedure DB.BRONZE.UP hashes column ZIP, which target table DB.SILVER.CLEAN does not have: add the column to DB.SILVER.CLEAN or fix the name.");
    }

    [Fact]
    public void Upsert_without_a_key()
    {
        Problems(Upsert(u => u.Hash("HASH", "CITY"))).Should().ContainSingle().Which.Should().Be(
            "Upsert procedure DB.BRONZE.UP has no business key: call Key(...) with the target columns that identify a row.");
    }

    [Fact]
    public void Upsert_leaving_a_not_null_target_column_without_value()
    {
        Problems(Upsert(u => u.Key("NAME"))).Should().ContainSingle().Which.Should().Be(
            "Upsert procedure DB.BRONZE.UP gives NOT NULL column HASH of DB.SILVER.CLEAN no value: map it with From, Constant, Expression or ProcedureName, or add a column of that name to DB.BRONZE.RAW.");
    }

    [Fact]
    public void Every_problem_is_reported_at_once_in_one_exception()
    {
        var act = () => Medallion.Database("DB")
            .Add(Upsert(u => u.Key("ZIP").Hash("HASH", "CITY").Task("T", t => t.Cron("bad", "Nowhere/Land"))))
            .Build();

        var error = act.Should().Throw<PipelineValidationException>().Which;
        error.Problems.Should().HaveCount(3);
        error.Message.Should().StartWith("The pipeline has 3 problem(s):\n- ");
        error.Problems.Should().OnlyContain(p => error.Message.Contains(p, StringComparison.Ordinal));
    }
}
