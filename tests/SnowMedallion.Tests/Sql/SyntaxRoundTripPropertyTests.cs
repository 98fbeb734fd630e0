using System.Text;
using SnowMedallion.Model;
using SnowMedallion.Sql;
using SnowMedallion.Sql.Lexing;

namespace SnowMedallion.Tests.Sql;

// Property: whatever a name or value holds, its rendering reads back unchanged through a tokenizer that follows
// Snowflake's lexical rules (https://docs.snowflake.com/en/sql-reference/identifiers-syntax,
// https://docs.snowflake.com/en/sql-reference/data-types-text#string-constants), and nothing breaks out of it:
// the statement around it keeps exactly its tokens. Seeded, so a failure reproduces.
public sealed class SyntaxRoundTripPropertyTests
{
    private const int Cases = 1_000;

    private static readonly string[] Fragments =
    [
        "a", "Z", "_", "0", "7", "$", "$$", "'", "''", "\"", "\"\"", "\\", "\\\\", "\\'", "\\0", "\0", "\0" + "12", ";", "--", "/*", "*/",
        "//", "\n", "\r\n", "\r", "\t", " ", "é", "名", "🙂", "\u2028", "@", ".", ",", "(", ")", "?", "SELECT", "DROP TABLE X;",
        "$1", "x'", "\\x41", "\\u0041", "\\n",
    ];

    private static readonly string[] Words = ["CUSTOMER", "SELECT", "DATABASE", "my_table", "A$B", "_X", "1ST", "Mixed", "TABLE"];

    [Fact]
    public void Every_identifier_reads_back_unchanged()
    {
        var random = new Random(20261126);
        for (var i = 0; i < Cases; i++)
        {
            var name = RandomName(random);

            var tokens = SnowflakeTokenizer.Tokenize($"SELECT X FROM {SnowflakeSyntax.Identifier(name)} WHERE 1 = 1;");

            tokens.Should().HaveCount(9, "name {0} must stay one token", Show(name));
            tokens[3].IsIdentifier.Should().BeTrue();
            tokens[3].Value.Should().Be(name, "the name must read back unchanged ({0})", Show(name));
            tokens[4].Value.Should().Be("WHERE");
        }
    }

    [Fact]
    public void Every_qualified_name_reads_back_part_by_part()
    {
        var random = new Random(7);
        for (var i = 0; i < Cases; i++)
        {
            var name = new ObjectName(RandomName(random), RandomName(random), RandomName(random));

            var tokens = SnowflakeTokenizer.Tokenize("DROP TABLE " + name.ToSql() + ";");

            tokens.Should().HaveCount(8, "{0} must stay five tokens", name.ToSql());
            new[] { tokens[2].Value, tokens[4].Value, tokens[6].Value }.Should().Equal(name.Parts);
        }
    }

    [Fact]
    public void Every_string_literal_reads_back_unchanged()
    {
        var random = new Random(42);
        for (var i = 0; i < Cases; i++)
        {
            var value = RandomText(random);

            var tokens = SnowflakeTokenizer.Tokenize($"SELECT {SnowflakeSyntax.StringLiteral(value)} AS X;");

            tokens.Should().HaveCount(5, "value {0} must stay one token", Show(value));
            tokens[1].Kind.Should().Be(SqlTokenKind.String);
            tokens[1].Value.Should().Be(value, "the value must read back unchanged ({0})", Show(value));
        }
    }

    [Fact]
    public void Every_procedure_body_reads_back_unchanged()
    {
        var random = new Random(1);
        for (var i = 0; i < Cases; i++)
        {
            var body = RandomText(random);

            var tokens = SnowflakeTokenizer.Tokenize(
                $"CREATE PROCEDURE P() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS {SnowflakeSyntax.ProcedureBody(body)};");

            tokens.Should().HaveCount(12, "body {0} must stay one token", Show(body));
            tokens[10].Kind.Should().BeOneOf(SqlTokenKind.DollarString, SqlTokenKind.String);
            tokens[10].Value.Should().Be(body, "the body must read back unchanged ({0})", Show(body));
        }
    }

    [Fact]
    public void Rendered_tables_keep_every_name_and_literal_in_place()
    {
        var random = new Random(99);
        var renderer = new SnowflakeSqlRenderer();
        for (var i = 0; i < Cases; i++)
        {
            var db = new Database(RandomName(random));
            var schema = new Schema(db, RandomName(random));
            var column = new Column(RandomName(random), DataType.Varchar(10)) { Collation = RandomText(random), Comment = RandomText(random) };
            var table = new Table(schema, RandomName(random), [column]) { Comment = RandomText(random) };

            var tokens = SnowflakeTokenizer.Tokenize(renderer.RenderTable(table) + ";");

            var values = tokens.Select(t => t.Value).ToList();
            values.Should().HaveCount(22, "a table with one column renders 22 tokens ({0})", Show(table.Name));
            values.Should().Equal(
                "CREATE", "TABLE", db.Name, ".", schema.Name, ".", table.Name, "(", column.Name, "VARCHAR", "(", "10", ")",
                "COLLATE", column.Collation, "COMMENT", column.Comment, ")", "COMMENT", "=", table.Comment, ";");
        }
    }

    private static string RandomName(Random random) =>
        random.Next(4) == 0 ? Words[random.Next(Words.Length)] : RandomText(random, minFragments: 1);

    private static string RandomText(Random random, int minFragments = 0)
    {
        var text = new StringBuilder();
        var count = random.Next(minFragments, 10);
        for (var i = 0; i < count; i++)
        {
            text.Append(Fragments[random.Next(Fragments.Length)]);
        }

        return text.ToString();
    }

    private static string Show(string value) => value.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);
}
