using System.Text.RegularExpressions;
using CustomerPipeline.SampleData;
using DuckDB.NET.Data;

namespace SnowMedallion.Testing.Tests.Samples;

/// <summary>The files the sample ships: reference shape, deterministic, and holding the cases the pipeline must handle.</summary>
public sealed partial class CustomerSampleDataTests : IDisposable
{
    private static readonly DateOnly FirstDay = new(2026, 11, 25);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("snowmedallion-sample-data-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Same_seed_writes_the_same_bytes_and_another_seed_does_not()
    {
        string Write(int seed, string name)
        {
            var folder = Path.Combine(_folder.FullName, name);
            new CustomerDataGenerator(seed).CreateSample(FirstDay).WriteTo(folder);
            return string.Join("\n", Directory.GetFiles(folder, "*.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllText));
        }

        var first = Write(CustomerDataGenerator.DefaultSeed, "a");
        Write(CustomerDataGenerator.DefaultSeed, "b").Should().Be(first);
        Write(7, "c").Should().NotBe(first);
    }

    [Fact]
    public void Files_have_the_reference_header_and_parse_as_csv_with_eleven_fields()
    {
        var sample = new CustomerDataGenerator().CreateSample(FirstDay);
        sample.WriteTo(_folder.FullName);
        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        foreach (var file in sample.Day1.Concat(sample.Day2))
        {
            var path = Path.Combine(_folder.FullName, file.Name);
            File.ReadLines(path).First().Should().Be(CustomerCsv.Header);
            using var command = db.CreateCommand();
            command.CommandText = $"SELECT * FROM read_csv('{path}', header = true, delim = ',', quote = '\"', all_varchar = true, null_padding = false)";
            using var reader = command.ExecuteReader();
            reader.FieldCount.Should().Be(11);
            var rows = 0;
            while (reader.Read())
            {
                var expected = file.Rows[rows];
                (reader.IsDBNull(0) ? null : reader.GetString(0)).Should().Be(expected.CustomerName);
                (reader.IsDBNull(2) ? null : reader.GetString(2)).Should().Be(expected.AddressLine1);
                rows++;
            }

            rows.Should().Be(file.Rows.Count, because: $"{file.Name} has one line per record");
        }
    }

    [Fact]
    public void Day_one_has_quoted_commas_many_phone_shapes_null_literals_rejects_a_keyless_row_and_duplicates()
    {
        var sample = new CustomerDataGenerator().CreateSample(FirstDay);
        var rows = sample.Day1.SelectMany(f => f.Rows).ToList();
        var lines = sample.Day1.SelectMany(f => f.Rows).Select(CustomerCsv.Format).ToList();

        lines.Should().Contain(l => l.StartsWith('"'), because: "company names with commas are quoted");
        rows.Should().Contain(r => r.AddressLine1 != null && r.AddressLine1.Contains(", ", StringComparison.Ordinal), because: "French-style addresses put a comma after the number");
        rows.Select(r => PhoneShape(r.Phone!)).Distinct().Should().HaveCountGreaterThanOrEqualTo(5);
        rows.Should().Contain(r => r.AddressLine2 == null).And.Contain(r => r.PostalCode == null).And.Contain(r => r.Territory == null);
        rows.Count(r => r.AddressLine2 == "NULL" || r.Territory == "NULL" || r.PostalCode == "NULL" || r.State == "NULL").Should().BeGreaterThanOrEqualTo(3);

        var outcome = new ExpectedSilver().Apply(sample.Day1);
        outcome.Should().Be(new BatchOutcome(RowsRead: 40, Inserted: 34, Updated: 0, Unchanged: 0, Rejected: 3, Filtered: 1, Duplicates: 2));
    }

    [Fact]
    public void Day_two_changes_some_customers_resends_others_unchanged_and_adds_new_ones()
    {
        var sample = new CustomerDataGenerator().CreateSample(FirstDay);
        var silver = new ExpectedSilver();
        silver.Apply(sample.Day1);
        var before = silver.Rows.ToDictionary(p => p.Key, p => p.Value);

        var outcome = silver.Apply(sample.Day2);

        outcome.Should().Be(new BatchOutcome(RowsRead: 15, Inserted: 3, Updated: 6, Unchanged: 6, Rejected: 0, Filtered: 0, Duplicates: 0));
        sample.ChangedOnDay2.Should().OnlyContain(k => !ExpectedSilver.SameHash(before[k], silver.Rows[k]));
        sample.UnchangedOnDay2.Should().OnlyContain(k => ExpectedSilver.SameHash(before[k], silver.Rows[k]));
        sample.AddedOnDay2.Should().OnlyContain(k => !before.ContainsKey(k));
        sample.Day2Folder.Should().Be("2026-11-26");
    }

    [Fact]
    public void Bulk_rows_are_distinct_complete_and_version_two_changes_the_hash_but_not_the_key()
    {
        var bulk = new BulkCustomerFiles();
        var rows = Enumerable.Range(0, 5_000).Select(i => bulk.Row(i)).ToList();
        rows.Select(r => r.Key).Distinct().Should().HaveCount(rows.Count);
        rows.Should().NotContain(r => ExpectedSilver.MissesRequired(r));

        var changed = bulk.Row(1234, version: 2);
        changed.Key.Should().Be(rows[1234].Key);
        ExpectedSilver.SameHash(changed, rows[1234]).Should().BeFalse();
        bulk.Row(1234).Should().Be(rows[1234]);

        var paths = bulk.WriteInitial(_folder.FullName, rows: 1_001, files: 3);
        paths.Should().HaveCount(3);
        paths.Sum(p => File.ReadLines(p).Count() - 1).Should().Be(1_001);
    }

    private static string PhoneShape(string phone) => DigitRegex().Replace(phone, "9");

    [GeneratedRegex("[0-9]")]
    private static partial Regex DigitRegex();
}
