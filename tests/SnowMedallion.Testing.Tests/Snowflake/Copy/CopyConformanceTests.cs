using Microsoft.Extensions.Time.Testing;

namespace SnowMedallion.Testing.Tests.Snowflake.Copy;

public sealed class CopyConformanceTests
{
    private const string Columns = "file, status, rows_parsed, rows_loaded, error_limit, errors_seen, first_error, first_error_line, first_error_character, first_error_column_name";

    private static readonly string[] ResultColumns = Columns.Split(", ");

    // https://docs.snowflake.com/en/sql-reference/sql/copy-into-table#output : one row per file with these columns.
    [Fact]
    public async Task Copy_loads_a_file_and_reports_snowflake_columns()
    {
        await using var c = await CopyHarness.StartAsync();
        c.H.Rows("CREATE TABLE T (ID INTEGER, NAME VARCHAR)");
        c.Stage("a.csv", "1,one\n2,two\n");
        var result = c.H.Result("COPY INTO T FROM @ST");
        result.Columns.Should().Equal(ResultColumns);
        result.Rows.Should().ContainSingle().Which.Should().Equal("st/a.csv", "LOADED", 2L, 2L, 1L, 0L, null, null, null, null);
        c.H.Rows("SELECT ID, NAME FROM T ORDER BY ID").Should().BeEquivalentTo(new[] { new object?[] { 1, "one" }, new object?[] { 2, "two" } });
    }

    // https://docs.snowflake.com/en/user-guide/data-load-considerations-load#load-metadata : a file already loaded (same name, same checksum) is skipped; FORCE reloads.
    [Fact]
    public async Task Copy_skips_loaded_files_unless_forced_and_reports_zero_files()
    {
        await using var c = await CopyHarness.StartAsync();
        c.H.Rows("CREATE TABLE T (ID INTEGER)");
        c.Stage("a.csv", "1\n2\n");
        c.H.Rows("COPY INTO T FROM @ST");
        var again = c.H.Result("COPY INTO T FROM @ST");
        again.Columns.Should().Equal("status");
        again.Rows.Should().ContainSingle().Which.Should().Equal("Copy executed with 0 files processed.");
        c.H.Scalar("SELECT COUNT(*) FROM T").Should().Be(2L);

        c.Stage("a.csv", "1\n2\n3\n");
        c.H.Rows("COPY INTO T FROM @ST").Should().ContainSingle().Which[1].Should().Be("LOADED", "the checksum changed");
        c.H.Scalar("SELECT COUNT(*) FROM T").Should().Be(5L);

        c.H.Rows("COPY INTO T FROM @ST FORCE = TRUE").Should().ContainSingle().Which[3].Should().Be(3L);
        c.H.Scalar("SELECT COUNT(*) FROM T").Should().Be(8L);
    }

    // https://docs.snowflake.com/en/user-guide/querying-metadata : METADATA$FILENAME is relative to the stage, FILE_ROW_NUMBER counts data rows from 1.
    [Fact]
    public async Task Metadata_columns_for_two_files()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
        await using var c = await CopyHarness.StartAsync(new LocalSnowflakeOptions { TimeProvider = clock });
        c.H.Rows("ALTER SESSION SET TIMEZONE = 'UTC'; CREATE TABLE T (V VARCHAR, F VARCHAR, R BIGINT, SCAN TIMESTAMP_NTZ, MODIFIED TIMESTAMP_NTZ, LOADED TIMESTAMP_NTZ)");
        c.Stage("one.csv", "h\nx\ny\n", "in");
        c.Stage("two.csv", "h\nz\n", "in");
        var result = c.H.Rows("""
            COPY INTO T FROM (
              SELECT t.$1, METADATA$FILENAME, METADATA$FILE_ROW_NUMBER, METADATA$START_SCAN_TIME, METADATA$FILE_LAST_MODIFIED, CURRENT_TIMESTAMP(6)
              FROM @ST/in/ t)
            FILE_FORMAT = (TYPE = CSV SKIP_HEADER = 1)
            """);
        result.Select(r => (r[0], r[1], r[3])).Should().Equal(("st/in/one.csv", "LOADED", 2L), ("st/in/two.csv", "LOADED", 1L));
        var rows = c.H.Rows("SELECT V, F, R, SCAN, LOADED FROM T ORDER BY F, R");
        rows.Select(r => (r[0], r[1], r[2])).Should().Equal(("x", "in/one.csv", 1L), ("y", "in/one.csv", 2L), ("z", "in/two.csv", 1L));
        rows.Should().AllSatisfy(r => r[3].Should().Be(new DateTime(2026, 11, 26, 8, 0, 0)));
        rows.Should().AllSatisfy(r => r[4].Should().Be(new DateTime(2026, 11, 26, 8, 0, 0)));
        c.H.Rows("SELECT COUNT(*) FROM T WHERE MODIFIED IS NULL")[0][0].Should().Be(0L);
    }

    private const string OneBadRow = "ID,NAME\n1,a\nbad,b\n3,c\n";

    // https://docs.snowflake.com/en/sql-reference/sql/copy-into-table (ON_ERROR = ABORT_STATEMENT, the default): the statement fails, nothing is loaded.
    [Fact]
    public async Task On_error_abort_statement_fails_and_loads_nothing()
    {
        await using var c = await CopyHarness.StartAsync();
        c.H.Rows("CREATE TABLE T (ID INTEGER, NAME VARCHAR)");
        c.Stage("good.csv", "ID,NAME\n7,g\n");
        c.Stage("mixed.csv", OneBadRow);
        var error = c.H.Error("COPY INTO T FROM @ST FILE_FORMAT = (TYPE = CSV SKIP_HEADER = 1)");
        error.SnowflakeErrorCode.Should().Be(100038);
        error.SqlState.Should().Be("22018");
        error.Message.Should().StartWith("Numeric value 'bad' is not recognized\n  File 'mixed.csv', line 3, character 1\n  Row 2, column \"T\"[\"ID\":1]");
        c.H.Scalar("SELECT COUNT(*) FROM T").Should().Be(0L);
        c.H.Rows("COPY INTO T FROM @ST FILES = ('good.csv') FILE_FORMAT = (TYPE = CSV SKIP_HEADER = 1)")[0][1].Should().Be("LOADED", "a failed load is not recorded as loaded");
    }

    // https://docs.snowflake.com/en/sql-reference/sql/copy-into-table (ON_ERROR = CONTINUE): bad rows are skipped, the file is PARTIALLY_LOADED.
    [Fact]
    public async Task On_error_continue_loads_good_rows()
    {
        await using var c = await CopyHarness.StartAsync();
        c.H.Rows("CREATE TABLE T (ID INTEGER, NAME VARCHAR)");
        c.Stage("mixed.csv", OneBadRow);
        var row = c.H.Rows("COPY INTO T FROM @ST FILE_FORMAT = (TYPE = CSV SKIP_HEADER = 1) ON_ERROR = CONTINUE").Should().ContainSingle().Subject;
        row.Should().Equal("st/mixed.csv", "PARTIALLY_LOADED", 3L, 2L, 3L, 1L, "Numeric value 'bad' is not recognized", 3L, 1L, "\"T\"[\"ID\":1]");
        c.H.Rows("SELECT ID FROM T ORDER BY ID").Select(r => r[0]).Should().Equal(1, 3);
        c.H.Rows("COPY INTO T FROM @ST FILE_FORMAT = (TYPE = CSV SKIP_HEADER = 1) ON_ERROR = CONTINUE")[0][0]
            .Should().Be("Copy executed with 0 files processed.", "a partially loaded file counts as loaded");
    }

    // https://docs.snowflake.com/en/sql-reference/sql/copy-into-table (ON_ERROR = SKIP_FILE): a file with an error is skipped entirely.
    [Fact]
    public async Task On_error_skip_file_skips_the_file_and_retries_it_later()
    {
        await using var c = await CopyHarness.StartAsync();
        c.H.Rows("CREATE TABLE T (ID INTEGER, NAME VARCHAR)");
        c.Stage("good.csv", "ID,NAME\n7,g\n");
        c.Stage("mixed.csv", OneBadRow);
        var rows = c.H.Rows("COPY INTO T FROM @ST FILE_FORMAT = (TYPE = CSV SKIP_HEADER = 1) ON_ERROR = SKIP_FILE");
        rows.Select(r => (r[0], r[1], r[3], r[4], r[5])).Should().Equal(("st/good.csv", "LOADED", 1L, 1L, 0L), ("st/mixed.csv", "LOAD_FAILED", 0L, 1L, 1L));
        c.H.Rows("SELECT ID FROM T").Select(r => r[0]).Should().Equal(7);
        c.H.Rows("COPY INTO T FROM @ST FILE_FORMAT = (TYPE = CSV SKIP_HEADER = 1) ON_ERROR = SKIP_FILE").Should().ContainSingle()
            .Which[0].Should().Be("st/mixed.csv", "a failed file is not recorded in load metadata");
    }

    // https://docs.snowflake.com/en/sql-reference/sql/copy-into-table (SKIP_FILE_n, 'SKIP_FILE_n%'): the file is skipped only at n errors / above n percent.
    [Fact]
    public async Task On_error_skip_file_n_and_percent()
    {
        await using var c = await CopyHarness.StartAsync();
        c.H.Rows("CREATE TABLE T (ID INTEGER, NAME VARCHAR)");
        c.Stage("mixed.csv", OneBadRow);
        c.H.Rows("COPY INTO T FROM @ST FILE_FORMAT = (TYPE = CSV SKIP_HEADER = 1) ON_ERROR = SKIP_FILE_2")[0]
            .Take(6).Should().Equal("st/mixed.csv", "PARTIALLY_LOADED", 3L, 2L, 2L, 1L);
        c.H.Rows("TRUNCATE TABLE T");
        c.H.Rows("COPY INTO T FROM @ST FILE_FORMAT = (TYPE = CSV SKIP_HEADER = 1) ON_ERROR = 'SKIP_FILE_10%' FORCE = TRUE")[0][1].Should().Be("LOAD_FAILED");
        c.H.Rows("COPY INTO T FROM @ST FILE_FORMAT = (TYPE = CSV SKIP_HEADER = 1) ON_ERROR = 'SKIP_FILE_50%' FORCE = TRUE")[0][1].Should().Be("PARTIALLY_LOADED");
    }

    // https://docs.snowflake.com/en/sql-reference/sql/create-file-format (ERROR_ON_COLUMN_COUNT_MISMATCH = TRUE by default).
    [Fact]
    public async Task Column_count_mismatch_is_a_row_error()
    {
        await using var c = await CopyHarness.StartAsync();
        c.H.Rows("CREATE TABLE T (ID INTEGER, NAME VARCHAR)");
        c.Stage("short.csv", "1,a\n2\n3,c\n");
        var row = c.H.Rows("COPY INTO T FROM @ST ON_ERROR = CONTINUE")[0];
        row[1].Should().Be("PARTIALLY_LOADED");
        row[6].Should().Be("Number of columns in file (1) does not match that of the corresponding table (2), use file format option error_on_column_count_mismatch=false to ignore this error");
        row[7].Should().Be(2L);
    }

    // https://docs.snowflake.com/en/sql-reference/sql/copy-into-table : a NULL into a NOT NULL column is a row error under ON_ERROR.
    [Fact]
    public async Task Not_null_violation_is_a_row_error()
    {
        await using var c = await CopyHarness.StartAsync();
        c.H.Rows("CREATE TABLE T (ID INTEGER NOT NULL, NAME VARCHAR)");
        c.Stage("nulls.csv", "1,a\n,b\n");
        var error = c.H.Error("COPY INTO T FROM @ST");
        (error.SnowflakeErrorCode, error.Message.Split('\n')[0]).Should().Be((100072, "NULL result in a non-nullable column"));
        c.H.Rows("COPY INTO T FROM @ST ON_ERROR = CONTINUE")[0].Take(6).Should().Equal("st/nulls.csv", "PARTIALLY_LOADED", 2L, 1L, 2L, 1L);
    }

    // https://docs.snowflake.com/en/sql-reference/sql/copy-into-table (PATTERN, FILES, PURGE)
    [Fact]
    public async Task Pattern_files_and_purge_select_and_remove_files()
    {
        await using var c = await CopyHarness.StartAsync();
        c.H.Rows("CREATE TABLE T (ID INTEGER)");
        c.Stage("a1.csv", "1\n");
        c.Stage("a2.csv", "2\n");
        c.Stage("b1.csv", "3\n");
        c.H.Rows("COPY INTO T FROM @ST PATTERN = '.*a[0-9][.]csv' PURGE = TRUE").Select(r => r[0]).Should().Equal("st/a1.csv", "st/a2.csv");
        c.H.Rows("LIST @ST").Select(r => r[0]).Should().Equal("st/b1.csv");
        c.H.Rows("COPY INTO T FROM @ST FILES = ('b1.csv')").Select(r => r[0]).Should().Equal("st/b1.csv");
        c.H.Rows("SELECT ID FROM T ORDER BY ID").Select(r => r[0]).Should().Equal(1, 2, 3);
    }

    // https://docs.snowflake.com/en/sql-reference/sql/create-file-format (NULL_IF, EMPTY_FIELD_AS_NULL, FIELD_OPTIONALLY_ENCLOSED_BY) with a named format on the stage.
    [Fact]
    public async Task Named_format_handles_quotes_empty_fields_and_null_strings()
    {
        await using var c = await CopyHarness.StartAsync();
        c.H.Rows("""
            CREATE FILE FORMAT F TYPE = CSV FIELD_DELIMITER = ',' FIELD_OPTIONALLY_ENCLOSED_BY = '"' SKIP_HEADER = 1 NULL_IF = ('NULL', 'null') EMPTY_FIELD_AS_NULL = TRUE;
            CREATE OR REPLACE STAGE ST2 FILE_FORMAT = (FORMAT_NAME = 'F');
            CREATE TABLE T (A VARCHAR, B VARCHAR, C VARCHAR)
            """);
        c.Stage("q.csv", "A,B,C\n\"x, y\",,NULL\nnull,\"z\",w\n", stage: "ST2");
        c.H.Rows("COPY INTO T FROM @ST2")[0][1].Should().Be("LOADED");
        c.H.Rows("SELECT A, B, C FROM T ORDER BY B NULLS FIRST").Should().BeEquivalentTo(new[]
        {
            new object?[] { "x, y", null, null },
            new object?[] { null, "z", "w" },
        }, o => o.WithStrictOrdering());
    }
}
