using System.Globalization;
using Bogus;

namespace CustomerPipeline.SampleData;

/// <summary>
/// Large customer files in the reference shape for the benchmark: value pools made once with Bogus (seeded),
/// then row <c>i</c> is a pure function of <c>i</c> and a version, so any row can be re-made with changes
/// (version 2) without keeping a million records in memory. Every row has a distinct key and all SILVER's
/// required columns.
/// </summary>
public sealed class BulkCustomerFiles
{
    private const int PoolSize = 512;
    private readonly string[] _firstNames;
    private readonly string[] _lastNames;
    private readonly string[] _companies;
    private readonly string[] _streets;
    private readonly string[] _cities;
    private readonly string[] _states = ["NY", "CA", "MA", "PA", "CT", "NV", "NH", "NJ"];
    private readonly string[] _countries = ["USA", "France", "UK", "Germany", "Spain", "Australia", "Canada", "Japan"];
    private readonly string?[] _territories = [null, "NA", "EMEA", null, "APAC", "Japan"];

    /// <summary>Creates the value pools from a seed.</summary>
    public BulkCustomerFiles(int seed = CustomerDataGenerator.DefaultSeed)
    {
        var faker = new Faker("en") { Random = new Randomizer(seed) };
        _firstNames = Pool(() => faker.Name.FirstName());
        _lastNames = Pool(() => faker.Name.LastName());
        _companies = Pool(() => faker.Company.CompanyName());
        _streets = Pool(() => faker.Address.StreetAddress());
        _cities = Pool(() => faker.Address.City());
    }

    /// <summary>Row <paramref name="index"/> (from 0) in its first version, or changed (version 2 and up: new phone and address line 2).</summary>
    public CustomerRecord Row(long index, int version = 1)
    {
        var h = Mix((ulong)index);
        var v = version <= 1 ? h : Mix(h ^ (ulong)version);
        return new CustomerRecord(
            CustomerName: _companies[(int)(h % PoolSize)],
            Phone: string.Create(CultureInfo.InvariantCulture, $"({100 + (v % 900):000}) 555-{(v >> 20) % 10000:0000}"),
            AddressLine1: _streets[(int)((h >> 9) % PoolSize)],
            AddressLine2: version <= 1 ? ((h >> 30) % 3 == 0 ? "Suite " + ((h >> 33) % 900 + 100).ToString(CultureInfo.InvariantCulture) : null)
                : "Floor " + ((v >> 33) % 40 + 1).ToString(CultureInfo.InvariantCulture),
            City: _cities[(int)((h >> 18) % PoolSize)],
            State: _states[(int)((h >> 27) % (ulong)_states.Length)],
            PostalCode: (h >> 36) % 4 == 0 ? null : ((h >> 40) % 90000 + 10000).ToString(CultureInfo.InvariantCulture),
            Country: _countries[(int)((h >> 44) % (ulong)_countries.Length)],
            Territory: _territories[(int)((h >> 48) % (ulong)_territories.Length)],
            ContactFirstName: _firstNames[(int)(index % PoolSize)],
            ContactLastName: _lastNames[(int)((h >> 52) % PoolSize)] + " " + index.ToString("D7", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Writes rows 0..<paramref name="rows"/>-1 in version 1 as <paramref name="files"/> files
    /// (<c>{prefix}-NN.csv</c>) under <paramref name="folder"/>; returns their full paths.
    /// </summary>
    public IReadOnlyList<string> WriteInitial(string folder, long rows, int files, string prefix = "customers")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(files, 1);
        Directory.CreateDirectory(folder);
        var paths = new List<string>(files);
        var perFile = (rows + files - 1) / files;
        for (var f = 0; f < files; f++)
        {
            var start = f * perFile;
            var end = Math.Min(rows, start + perFile);
            var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{prefix}-{f + 1:00}.csv"));
            paths.Add(CustomerCsv.WriteFile(path, Range(start, end).Select(i => Row(i))));
        }

        return paths;
    }

    /// <summary>
    /// Writes one file of <paramref name="changed"/> rows spread evenly over 0..<paramref name="rows"/>-1, each in
    /// <paramref name="version"/> (2 and up: changed phone and address line 2, different for every version, so that
    /// each new version changes every row again); returns its full path.
    /// </summary>
    public string WriteChanged(string path, long rows, int changed, int version = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(changed, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 2);
        var step = Math.Max(1, rows / changed);
        return CustomerCsv.WriteFile(path, Enumerable.Range(0, changed).Select(k => Row(k * step, version)));
    }

    private static IEnumerable<long> Range(long start, long end)
    {
        for (var i = start; i < end; i++)
        {
            yield return i;
        }
    }

    private static string[] Pool(Func<string> make)
    {
        var values = new string[PoolSize];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = make();
        }

        return values;
    }

    // SplitMix64: a fast, well-spread hash of the row index.
    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
