using SnowMedallion.Model;
using SnowMedallion.Sql;
using static SnowMedallion.Model.DataType;

namespace SnowMedallion.Tests.Building;

// The example of docs/getting-started.md, kept identical, so the documentation stays true.
public sealed class GettingStartedExampleTests
{
    [Fact]
    public void Documented_example_builds_and_renders()
    {
        var landing = S3Location.Parse("s3://my-bucket/orders/");
        var s3 = Medallion.S3StorageIntegration("S3_ORDERS", "arn:aws:iam::123456789012:role/snowflake-read", landing);
        var csv = Bronze.CsvFormat("ORDERS_CSV").SkipHeader(1).FieldOptionallyEnclosedBy("\"");

        var raw = Bronze.Table("ORDERS_RAW")
            .Columns(Varchar(50), "ORDER_ID", "CUSTOMER").Column("AMOUNT", Number(12, 2))
            .Column("FILE_NAME", Varchar(500), notNull: true).Column("FILE_ROW", Number(), notNull: true);

        var changes = Bronze.Stage("ORDERS_STAGE", landing, s3, csv)
            .Pipe("ORDERS_PIPE", raw, pipe => pipe.AutoIngest()
                .Fields("ORDER_ID", "CUSTOMER", "AMOUNT")
                .FileName("FILE_NAME").FileRowNumber("FILE_ROW"))
            .Stream("ORDERS_STREAM", appendOnly: true);

        var orders = Silver.Table("ORDERS")
            .ColumnsLike(raw, "ORDER_ID", "CUSTOMER", "AMOUNT").Column("ROW_HASH", Varchar(32))
            .NotNull("ORDER_ID", "ROW_HASH");

        var upsert = Silver.UpsertProcedure("ORDERS_UPSERT", from: changes, into: orders)
            .Key("ORDER_ID").Hash("ROW_HASH", "CUSTOMER", "AMOUNT")
            .Task("ORDERS_TASK", task => task.Serverless().Every(TimeSpan.FromMinutes(15)).WhenStreamHasData().Started());

        var pipeline = Medallion.Database("SALES")
            .Add(changes, upsert, Gold.View("ORDERS_VIEW", orders))
            .Build();

        var script = new SnowflakeSqlRenderer(CreateMode.CreateIfNotExists).Render(pipeline).ToString();
        script.Should().Contain("CREATE TASK IF NOT EXISTS SALES.BRONZE.ORDERS_TASK\n  USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE = 'XSMALL'\n  SCHEDULE = '15 MINUTE'");
        script.Should().EndWith("ALTER TASK SALES.BRONZE.ORDERS_TASK RESUME;\n");
    }

    [Fact]
    public void Documented_error_message_is_the_one_build_gives()
    {
        var raw = Bronze.Table("ORDERS_RAW").Column("ORDER_ID", Varchar(50)).Column("FILE_ROW", Number(), notNull: true);
        var stage = Bronze.Stage("ORDERS_STAGE", S3Location.Parse("s3://my-bucket/orders/"),
            Medallion.S3StorageIntegration("S3_ORDERS", "arn", S3Location.Parse("s3://my-bucket/orders/")), Bronze.CsvFormat("ORDERS_CSV"));

        var act = () => Medallion.Database("SALES").Add(stage.Pipe("ORDERS_PIPE", raw, p => p.Fields("ORDER_ID")).Stream("S")).Build();

        act.Should().Throw<PipelineValidationException>().Which.Problems.Should().ContainSingle().Which.Should().Be(
            "Pipe SALES.BRONZE.ORDERS_PIPE leaves NOT NULL column FILE_ROW of Table SALES.BRONZE.ORDERS_RAW without a value: map it (a file field, a metadata column or an expression), give it a DEFAULT, or make it nullable.");
    }
}
