namespace SnowMedallion.Testing.Tests.Snowflake.Translation;

public sealed class SmokeTests
{
    [Fact]
    public void Create_insert_select()
    {
        using var db = new GenericSqlHarness();
        db.Result("create table t (id int not null, name varchar(10) collate 'en-ci', amount number(10,2), ts timestamp_ntz(6))")
            .Rows[0][0].Should().Be("Table T successfully created.");
        var insert = db.Result("insert into t (id, name, amount, ts) values (1, 'Ann', 1.5, current_timestamp(6)), (2, 'bob', null, null)");
        insert.Columns.Single().Name.Should().Be("number of rows inserted");
        insert.Rows[0][0].Should().Be(2L);
        var result = db.Result("select id, name, amount, ts, count(*) over () from t where name = 'ANN'");
        result.Columns.Select(c => c.Name).Should().Equal("ID", "NAME", "AMOUNT", "TS", "COUNT(*) OVER ()");
        result.Columns.Select(c => c.SnowflakeType).Should().Equal("NUMBER(38,0)", "TEXT", "NUMBER(10,2)", "TIMESTAMP_NTZ(9)", "NUMBER(38,0)");
        result.Rows.Should().ContainSingle();
        result.Rows[0][0].Should().Be(1L);
        result.Rows[0][2].Should().Be(1.5m);
    }
}
