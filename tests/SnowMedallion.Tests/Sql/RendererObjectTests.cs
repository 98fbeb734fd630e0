using SnowMedallion.Model;
using SnowMedallion.Sql;

namespace SnowMedallion.Tests.Sql;

public sealed class RendererObjectTests
{
    private static readonly Database Db = new("DB");
    private static readonly Schema Bronze = new(Db, "BRONZE");
    private static readonly SnowflakeSqlRenderer Renderer = new();

    [Fact]
    public void Table_renders_columns_collation_not_null_default_key_and_comment()
    {
        var id = new Column("ID", DataType.Number()) { Nullable = false };
        var table = new Table(Bronze, "T", [
            id,
            new Column("NAME", DataType.Varchar(50)) { Collation = "en-ci", Comment = "who" },
            new Column("AT", DataType.TimestampNtz(6)) { DefaultExpression = "CURRENT_TIMESTAMP(6)", Nullable = false },
        ])
        { PrimaryKey = [id], Transient = true, Comment = "it's a table" };

        Renderer.RenderTable(table).Should().Be(
            """
            CREATE TRANSIENT TABLE DB.BRONZE.T (
              ID NUMBER(38,0) NOT NULL,
              NAME VARCHAR(50) COLLATE 'en-ci' COMMENT 'who',
              AT TIMESTAMP_NTZ(6) DEFAULT CURRENT_TIMESTAMP(6) NOT NULL,
              PRIMARY KEY (ID)
            )
              COMMENT = 'it''s a table'
            """);
    }

    [Theory]
    [InlineData(CreateMode.Create, "CREATE STREAM DB.BRONZE.S")]
    [InlineData(CreateMode.CreateOrReplace, "CREATE OR REPLACE STREAM DB.BRONZE.S")]
    [InlineData(CreateMode.CreateIfNotExists, "CREATE STREAM IF NOT EXISTS DB.BRONZE.S")]
    public void Create_mode_sets_the_statement_head(CreateMode mode, string head)
    {
        var table = new Table(Bronze, "T", [new Column("A", DataType.Varchar())]);
        var stream = new SnowMedallion.Model.Stream(Bronze, "S", table) { AppendOnly = true, ShowInitialRows = true };

        new SnowflakeSqlRenderer(mode).RenderStream(stream).Should().Be(
            head + "\n  ON TABLE DB.BRONZE.T\n  APPEND_ONLY = TRUE\n  SHOW_INITIAL_ROWS = TRUE");
    }
}
