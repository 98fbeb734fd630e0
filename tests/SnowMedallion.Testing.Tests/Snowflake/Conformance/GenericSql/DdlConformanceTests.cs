using SnowMedallion.Testing.Snowflake;
using SnowMedallion.Testing.Snowflake.Translation;
using SnowMedallion.Testing.Tests.Snowflake.Translation;

namespace SnowMedallion.Testing.Tests.Snowflake.Conformance.GenericSql;

// https://docs.snowflake.com/en/sql-reference/sql/create-table, .../alter-table, .../create-view, .../drop-table
public sealed class DdlConformanceTests : IDisposable
{
    private readonly GenericSqlHarness _db = new();

    public void Dispose() => _db.Dispose();

    private static ObjectPath Path(string name, string schema = "PUBLIC") => new("SNOWLAKE_DB", schema, name);

    [Fact]
    public void Create_table_messages()
    {
        _db.Result("CREATE TABLE t (a INT)").Rows[0][0].Should().Be("Table T successfully created.");
        _db.Result("CREATE TABLE IF NOT EXISTS t (a INT)").Rows[0][0].Should().Be("T already exists, statement succeeded.");
        var error = _db.Error("CREATE TABLE t (a INT)");
        error.SnowflakeErrorCode.Should().Be(2002);
        error.Message.Should().Contain("already exists");
        var replaced = _db.Run("CREATE OR REPLACE TABLE t (b VARCHAR)");
        replaced.Replaced.Should().BeTrue();
        _db.Result("SELECT * FROM t").Columns.Select(c => c.Name).Should().Equal("B");
    }

    [Fact]
    public void Table_metadata_keeps_what_duckdb_does_not()
    {
        _db.Run("""
            CREATE TRANSIENT TABLE bronze.work (
              companyname VARCHAR(200) COLLATE 'en-ci' COMMENT 'who',
              insert_dts TIMESTAMP_NTZ(6) NOT NULL,
              n NUMBER(38,0) NOT NULL,
              v VARIANT,
              CONSTRAINT pk PRIMARY KEY (companyname)
            ) COMMENT = 'landing' CHANGE_TRACKING = TRUE DATA_RETENTION_TIME_IN_DAYS = 1
            """);

        var table = _db.Tables.Find(Path("WORK", "BRONZE"))!;
        table.Kind.Should().Be(RelationKind.TransientTable);
        table.Comment.Should().Be("landing");
        table.ChangeTracking.Should().BeTrue();
        table.Columns.Should().Equal(
            new ColumnMetadata("COMPANYNAME", "VARCHAR(200)", true, null, "en-ci", "who", true),
            new ColumnMetadata("INSERT_DTS", "TIMESTAMP_NTZ(6)", false),
            new ColumnMetadata("N", "NUMBER(38,0)", false),
            new ColumnMetadata("V", "VARIANT"));
    }

    [Fact]
    public void Create_table_as_select_names_columns_like_snowflake()
    {
        _db.Run("CREATE TABLE src (a INT, b VARCHAR); INSERT INTO src VALUES (1, 'x'), (2, 'y')");

        _db.Result("CREATE OR REPLACE TABLE silver.copy AS SELECT a, UPPER(b), b AS c FROM src").Rows[0][0].Should().Be("Table COPY successfully created.");

        _db.Result("SELECT * FROM silver.copy ORDER BY a").Columns.Select(c => c.Name).Should().Equal("A", "UPPER(B)", "C");
        _db.Tables.Find(Path("COPY", "SILVER"))!.Columns.Select(c => c.SnowflakeType).Should().Equal("NUMBER(38,0)", "VARCHAR(16777216)", "VARCHAR(16777216)");
    }

    [Fact]
    public void Create_table_with_columns_as_select_keeps_declared_types()
    {
        _db.Run("CREATE TABLE t (id NUMBER(5,0), label VARCHAR(3) NOT NULL) AS SELECT 1, 'abc'");

        _db.Rows("SELECT id, label FROM t")[0].Should().Equal(1L, "abc");
        _db.Error("CREATE OR REPLACE TABLE t2 (label VARCHAR(2)) AS SELECT 'abc'").SnowflakeErrorCode.Should().Be(100074);
    }

    [Fact]
    public void Like_copies_columns_and_clone_copies_rows()
    {
        _db.Run("CREATE TABLE a (x VARCHAR(2) NOT NULL COLLATE 'en-ci'); INSERT INTO a VALUES ('ab')");
        _db.Run("CREATE TABLE b LIKE a; CREATE TABLE c CLONE a");

        _db.Scalar("SELECT COUNT(*) FROM b").Should().Be(0L);
        _db.Scalar("SELECT COUNT(*) FROM c WHERE x = 'AB'").Should().Be(1L);
        _db.Error("INSERT INTO b VALUES (NULL)").SnowflakeErrorCode.Should().Be(100072);
        _db.Error("INSERT INTO b VALUES ('abc')").SnowflakeErrorCode.Should().Be(100074);
    }

    [Fact]
    public void Alter_table_add_drop_and_rename_columns()
    {
        _db.Run("CREATE TABLE t (a INT); INSERT INTO t VALUES (1)");

        _db.Result("ALTER TABLE t ADD COLUMN b VARCHAR(10) DEFAULT 'z'").Rows[0][0].Should().Be("Statement executed successfully.");
        _db.Run("ALTER TABLE t RENAME COLUMN a TO id");
        _db.Run("ALTER TABLE t ADD c NUMBER, d DATE");
        _db.Run("ALTER TABLE t DROP COLUMN c");

        var result = _db.Result("SELECT * FROM t");
        result.Columns.Select(c => c.Name).Should().Equal("ID", "B", "D");
        result.Rows[0].Should().Equal(1L, "z", null);
        _db.Tables.Find(Path("T"))!.Columns.Select(c => c.Name + " " + c.SnowflakeType).Should().Equal("ID NUMBER(38,0)", "B VARCHAR(10)", "D DATE");
    }

    [Fact]
    public void Alter_table_rename_to_and_column_properties()
    {
        _db.Run("CREATE TABLE t (a INT)");
        _db.Run("ALTER TABLE t RENAME TO t2");
        _db.Run("ALTER TABLE t2 ALTER COLUMN a SET NOT NULL");
        _db.Run("ALTER TABLE t2 SET COMMENT = 'renamed'");

        _db.Tables.Find(Path("T")).Should().BeNull();
        var table = _db.Tables.Find(Path("T2"))!;
        table.Comment.Should().Be("renamed");
        table.Column("A")!.Nullable.Should().BeFalse();
        _db.Error("INSERT INTO t2 VALUES (NULL)").SnowflakeErrorCode.Should().Be(100072);
        _db.Error("ALTER TABLE nothing ADD COLUMN x INT").SnowflakeErrorCode.Should().Be(2003);
        _db.Result("ALTER TABLE IF EXISTS nothing ADD COLUMN x INT").Rows[0][0].Should().Be("Statement executed successfully.");
    }

    [Fact]
    public void Views_are_created_queried_and_dropped()
    {
        _db.Run("CREATE TABLE silver.customer (first_name VARCHAR, city VARCHAR); INSERT INTO silver.customer VALUES ('Ann', 'Lille')");

        _db.Result("CREATE OR REPLACE SECURE VIEW gold.customer_view COMMENT = 'gold' AS SELECT first_name, city FROM silver.customer")
            .Rows[0][0].Should().Be("View CUSTOMER_VIEW successfully created.");

        _db.Rows("SELECT first_name FROM gold.customer_view")[0].Should().Equal("Ann");
        var view = _db.Tables.Find(Path("CUSTOMER_VIEW", "GOLD"))!;
        view.Kind.Should().Be(RelationKind.View);
        view.Secure.Should().BeTrue();
        view.ViewText.Should().StartWith("CREATE OR REPLACE SECURE VIEW gold.customer_view");
        view.Columns.Select(c => c.Name).Should().Equal("FIRST_NAME", "CITY");
        _db.Error("DROP TABLE gold.customer_view").SnowflakeErrorCode.Should().Be(2203);
        _db.Result("DROP VIEW gold.customer_view").Rows[0][0].Should().Be("CUSTOMER_VIEW successfully dropped.");
    }

    [Fact]
    public void A_view_resolves_unqualified_names_in_its_own_schema()
    {
        _db.Run("CREATE TABLE silver.c (x INT); INSERT INTO silver.c VALUES (5)");
        _db.Run("CREATE VIEW silver.v AS SELECT x FROM c");

        _db.Scalar("SELECT x FROM silver.v").Should().Be(5L);
    }

    [Fact]
    public void Drop_messages()
    {
        _db.Run("CREATE TABLE t (a INT)");

        _db.Result("DROP TABLE t").Rows[0][0].Should().Be("T successfully dropped.");
        _db.Result("DROP TABLE IF EXISTS t").Rows[0][0].Should().Be("Drop statement executed successfully (T already dropped).");
        var error = _db.Error("DROP TABLE t");
        error.SnowflakeErrorCode.Should().Be(2003);
        error.Message.Should().Be("SQL compilation error:\nTable 'SNOWLAKE_DB.PUBLIC.T' does not exist or not authorized.");
        _db.Tables.Find(Path("T")).Should().BeNull();
    }

    [Fact]
    public void Autoincrement_columns_number_new_rows()
    {
        _db.Run("CREATE TABLE t (id NUMBER AUTOINCREMENT START 10 INCREMENT 5, v VARCHAR); INSERT INTO t (v) VALUES ('a'), ('b')");

        _db.Rows("SELECT id FROM t ORDER BY id").Select(r => r[0]).Should().Equal(10L, 15L);
    }
}
