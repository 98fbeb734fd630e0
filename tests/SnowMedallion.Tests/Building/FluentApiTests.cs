using SnowMedallion.Building;
using SnowMedallion.Model;
using SnowMedallion.Sql;
using static SnowMedallion.Model.DataType;

namespace SnowMedallion.Tests.Building;

public sealed class FluentApiTests
{
    [Fact]
    public void Builders_are_immutable_each_method_returns_a_new_builder()
    {
        var table = Bronze.Table("T").Column("A", Varchar());
        var wider = table.Column("B", Varchar());

        Build(Bronze.Stream("S", table)).Tables.Single().Columns.Select(c => c.Name).Should().Equal("A");
        Build(Bronze.Stream("S", wider)).Tables.Single().Columns.Select(c => c.Name).Should().Equal("A", "B");
    }

    [Fact]
    public void Build_adds_everything_a_component_refers_to_in_dependency_order()
    {
        var pipeline = CustomerPipeline.CustomerPipelineDefinition.Create();

        pipeline.OrderedObjects.Select(o => $"{o.Kind} {o.QualifiedName.Name}").Should().Equal(
            "Database SNOWLAKE_DB", "Schema BRONZE", "Schema SILVER", "Schema GOLD",
            "StorageIntegration S3_BRONZE", "FileFormat MY_CSV_FORMAT", "Stage SOURCE_DATA_CUSTOMER_STAGE",
            "NotificationIntegration SNOWFLAKE_ERROR_INTEGRATION", "Table WORK_CUSTOMER_COPY", "Pipe WORK_CUSTOMER_SRC_TO_SL_PIPE",
            "Stream WORK_CUSTOMER_SRC_TO_SL_STREAM", "Table CUSTOMER", "Table CUSTOMER_REJECTS", "Procedure WORK_CUSTOMER_SRC_TO_SL_SP",
            "Task WORK_CUSTOMER_SRC_TO_SL_TASK", "View CUSTOMER_VIEW");
        foreach (var (item, index) in pipeline.OrderedObjects.Select((o, i) => (o, i)))
        {
            item.Dependencies.Where(d => !pipeline.OrderedObjects.Take(index).Contains(d)).Should().BeEmpty("{0} comes after what it uses", item);
        }
    }

    [Fact]
    public void Objects_hold_references_to_the_objects_they_use()
    {
        var pipeline = CustomerPipeline.CustomerPipelineDefinition.Create();
        var pipe = pipeline.Pipes.Single();

        pipe.Stage.Should().BeSameAs(pipeline.Stages.Single());
        pipe.Table.Should().BeSameAs(pipeline.Find<Table>("SNOWLAKE_DB.BRONZE.WORK_CUSTOMER_COPY"));
        pipe.ErrorIntegration.Should().BeSameAs(pipeline.NotificationIntegrations.Single());
        pipeline.Streams.Single().Table.Should().BeSameAs(pipe.Table);
        pipeline.Stages.Single().StorageIntegration.Should().BeSameAs(pipeline.StorageIntegrations.Single());
        pipeline.Views.Single().References.Should().ContainSingle().Which.Should().BeSameAs(pipeline.Find<Table>("SNOWLAKE_DB.SILVER.CUSTOMER"));
    }

    [Fact]
    public void Layer_schemas_can_be_renamed()
    {
        var pipeline = Medallion.Database("LAKE").Schema(Layer.Bronze, "RAW").Schema(Layer.Gold, "MART")
            .Add(Gold.View("V", Silver.Table("T").Column("A", Varchar())))
            .Build();

        pipeline.Schemas.Select(s => s.Name).Should().Equal("RAW", "SILVER", "MART");
        pipeline.Views.Single().QualifiedName.ToSql().Should().Be("LAKE.MART.V");
    }

    [Fact]
    public void Pipe_fields_number_file_positions_in_order()
    {
        var table = Bronze.Table("T").Columns(Varchar(), "A", "B", "C");
        var stage = Bronze.InternalStage("ST", Bronze.CsvFormat("F"));

        var pipe = Build(stage.Pipe("P", table, p => p.Fields("A", "B").Fields("C")).Stream("S")).Pipes.Single();

        pipe.Mappings.Select(m => ((FileField)m.Value).Position).Should().Equal(1, 2, 3);
    }

    [Fact]
    public void Upsert_without_hash_updates_every_matched_row()
    {
        var raw = Bronze.Table("RAW").Columns(Varchar(), "K", "V", "F").Column("R", Number());
        var stream = Bronze.InternalStage("ST", Bronze.CsvFormat("F"))
            .Pipe("P", raw, p => p.Fields("K", "V").FileName("F").FileRowNumber("R")).Stream("S");
        var upsert = Silver.UpsertProcedure("UP", stream, Silver.Table("T").Columns(Varchar(), "K", "V")).Key("K");

        var body = Build(upsert).Procedures.Single().Body;

        body.Should().Contain("WHEN MATCHED THEN UPDATE SET V = S.V").And.NotContain("SQL_UNCHANGED").And.NotContain("SQL_REJECT");
        new SnowflakeSqlRenderer().RenderProcedure(Build(upsert).Procedures.Single()).Should().Contain("AS\n$$\n// SCD type 1 upsert");
    }

    private static MedallionPipeline Build(params ComponentBuilder[] components) => Medallion.Database("DB").Add(components).Build();
}
