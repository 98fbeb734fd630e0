using Bogus;

namespace CustomerPipeline.SampleData;

/// <summary>
/// Makes customer records in the reference shape with Bogus, seeded: the same seed gives the same records,
/// so the sample, its test and the benchmark see the same data on every machine. Records look like the
/// reference export: company names (some with commas), phones in many national shapes, French-style
/// addresses with a comma after the number, and ADDRESSLINE2, POSTALCODE and TERRITORY often empty.
/// </summary>
public sealed class CustomerDataGenerator
{
    /// <summary>The seed the sample uses.</summary>
    public const int DefaultSeed = 20261125;

    private static readonly CountryProfile[] Countries =
    [
        new("USA", "en_US", ["NY", "CA", "MA", "PA", "CT", "NV", "NH", "NJ"], [null, null, "NA"],
            ["##########", "(###) 555-####", "+1 ### 555 ####", "###.555.####"], CommaAfterNumber: false),
        new("France", "fr", ["Ile-de-France", "Nord", "Rhone", "Bretagne", "Gironde"], [null, "EMEA", "EMEA"],
            ["+33 1 ## ## ####", "##.##.##.##.##", "+33 # ## ## ## ##"], CommaAfterNumber: true),
        new("UK", "en_GB", ["Greater London", "Merseyside", "West Yorkshire", "Lancashire"], [null, "EMEA"],
            ["(171) 555-####", "+44 20 7### ####", "(0161) 555 ####"], CommaAfterNumber: false),
        new("Germany", "de", ["Bayern", "Berlin", "Hessen", "Sachsen"], ["EMEA", "EMEA", null],
            ["+49 89 61 08 ####", "0921-######", "+49 30 ### ####"], CommaAfterNumber: false),
        new("Spain", "es", ["Madrid", "Barcelona", "Valencia"], ["EMEA", null],
            ["(91) 555 ## ##", "+34 91 ### ## ##"], CommaAfterNumber: true),
        new("Australia", "en_AU", ["NSW", "Victoria", "Queensland"], ["APAC", null],
            ["03 9520 ####", "+61 2 9495 ####", "(02) 9936 ####"], CommaAfterNumber: false),
        new("Canada", "en_CA", ["BC", "Quebec", "Ontario"], [null, "NA"],
            ["(604) 555-####", "(514) 555-####", "+1 416 555 ####"], CommaAfterNumber: false),
        new("Japan", "en", ["Tokyo", "Osaka", "Kanagawa"], ["Japan", "Japan", null],
            ["+81 3 3584 ####", "+81 6 6342 ####"], CommaAfterNumber: false),
    ];

    private static readonly string[] CompanySuffixes = [", Ltd.", " Co.", " Imports", ", Inc.", " Collectables", " Gifts"];

    private readonly Randomizer _random;
    private readonly Dictionary<string, Faker> _fakers = new(StringComparer.Ordinal);
    private readonly HashSet<CustomerKey> _usedKeys = [];

    /// <summary>Creates a generator; the same seed gives the same sequence of records.</summary>
    public CustomerDataGenerator(int seed = DefaultSeed)
    {
        Seed = seed;
        _random = new Randomizer(seed);
        var index = 0;
        foreach (var locale in Countries.Select(c => c.Locale).Distinct(StringComparer.Ordinal))
        {
            _fakers[locale] = new Faker(locale) { Random = new Randomizer(seed + (++index * 7919)) };
        }
    }

    /// <summary>The seed.</summary>
    public int Seed { get; }

    /// <summary>A new customer whose (first name, last name) no earlier record of this generator has (ignoring case).</summary>
    public CustomerRecord NextCustomer()
    {
        var country = _random.ArrayElement(Countries);
        var faker = _fakers[country.Locale];
        string first, last;
        do
        {
            first = Clip(faker.Name.FirstName(), 50);
            last = Clip(faker.Name.LastName(), 50);
        }
        while (!_usedKeys.Add(new CustomerKey(first, last)));

        return new CustomerRecord(
            CustomerName: Clip(CompanyName(faker), 200),
            Phone: Phone(country),
            AddressLine1: Clip(Street(faker, country), 200),
            AddressLine2: _random.Bool(0.3f) ? Clip(faker.Address.SecondaryAddress(), 200) : null,
            City: Clip(faker.Address.City(), 100),
            State: _random.ArrayElement(country.States),
            PostalCode: _random.Bool(0.75f) ? Clip(faker.Address.ZipCode(), 50) : null,
            Country: country.Name,
            Territory: _random.ArrayElement(country.Territories),
            ContactFirstName: first,
            ContactLastName: last);
    }

    /// <summary>The same customer after a change a CRM would send: a new phone and, sometimes, a move.</summary>
    public CustomerRecord Changed(CustomerRecord customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var country = Countries.FirstOrDefault(c => c.Name == customer.Country) ?? Countries[0];
        var faker = _fakers[country.Locale];
        string phone;
        do
        {
            phone = Phone(country);
        }
        while (phone == customer.Phone);

        return _random.Bool()
            ? customer with { Phone = phone }
            : customer with
            {
                Phone = phone,
                AddressLine1 = Clip(Street(faker, country), 200),
                AddressLine2 = null,
                City = Clip(faker.Address.City(), 100),
                PostalCode = Clip(faker.Address.ZipCode(), 50),
            };
    }

    /// <summary>
    /// The sample's files: day 1 (two files, with the cases the pipeline must handle) and day 2 (changed,
    /// unchanged and new customers). See <see cref="CustomerSampleData"/> for what each holds.
    /// </summary>
    public CustomerSampleData CreateSample(DateOnly firstDay)
    {
        var good = Enumerable.Range(0, 34).Select(_ => NextCustomer()).ToList();

        // A few literal NULL values in nullable columns: the file format's NULL_IF turns them into SQL NULL.
        good[3] = good[3] with { AddressLine2 = "NULL" };
        good[11] = good[11] with { Territory = "NULL", PostalCode = "NULL" };
        good[27] = good[27] with { AddressLine2 = "NULL" };

        // Rows SILVER cannot take (NULL in a NOT NULL column): set aside in SILVER.CUSTOMER_REJECTS.
        var missingAddress = NextCustomer() with { AddressLine1 = null, AddressLine2 = null };
        var missingState = NextCustomer() with { State = "NULL" };
        var missingCountry = NextCustomer() with { Country = null, Territory = null };

        // A row without a contact last name: outside the upsert's WHERE (no key), filtered out.
        var noLastName = NextCustomer() with { ContactLastName = null };

        // The same person twice in one batch: once in each day-1 file (the later file wins) and an exact
        // repeat inside the second file. The hand-written original failed its MERGE on this.
        var movedBetweenFiles = Changed(good[5]);
        var repeated = good[30];

        var fileA = new List<CustomerRecord>();
        fileA.AddRange(good.Take(17));
        fileA.Insert(6, missingAddress);
        fileA.Insert(12, noLastName);

        var fileB = new List<CustomerRecord>();
        fileB.AddRange(good.Skip(17));
        fileB.Insert(2, missingState);
        fileB.Insert(9, movedBetweenFiles);
        fileB.Insert(15, missingCountry);
        fileB.Add(repeated);

        var day1 = firstDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var day2 = firstDay.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        // Day 2: 6 customers changed, 6 re-sent unchanged, 3 new.
        var latest = good.Select(c => c).ToList();
        latest[5] = movedBetweenFiles;
        var changedIndexes = new[] { 0, 5, 9, 14, 21, 33 };
        var unchangedIndexes = new[] { 2, 8, 17, 24, 29, 30 };
        var changed = changedIndexes.Select(i => Changed(latest[i])).ToList();
        var unchanged = unchangedIndexes.Select(i => latest[i]).ToList();
        var added = Enumerable.Range(0, 3).Select(_ => NextCustomer()).ToList();
        var fileC = new List<CustomerRecord>();
        for (var i = 0; i < 6; i++)
        {
            fileC.Add(changed[i]);
            fileC.Add(unchanged[i]);
            if (i % 2 == 1)
            {
                fileC.Add(added[i / 2]);
            }
        }

        return new CustomerSampleData(
            [new SampleFile($"{day1}/customers-01.csv", fileA), new SampleFile($"{day1}/customers-02.csv", fileB)],
            [new SampleFile($"{day2}/customers-01.csv", fileC)],
            changed.Select(c => c.Key).ToList(),
            unchanged.Select(c => c.Key).ToList(),
            added.Select(c => c.Key).ToList());
    }

    private string CompanyName(Faker faker)
    {
        var name = faker.Company.CompanyName();
        return _random.Bool(0.25f) ? name + _random.ArrayElement(CompanySuffixes) : name;
    }

    private string Street(Faker faker, CountryProfile country)
    {
        if (!country.CommaAfterNumber)
        {
            return faker.Address.StreetAddress();
        }

        // "67, rue des Cinquante Otages": the number, a comma, the street.
        return $"{_random.Number(1, 250)}, {faker.Address.StreetName()}";
    }

    private string Phone(CountryProfile country) => _random.Replace(_random.ArrayElement(country.PhonePatterns));

    private static string Clip(string value, int length) => value.Length <= length ? value : value[..length];

    private sealed record CountryProfile(
        string Name, string Locale, string[] States, string?[] Territories, string[] PhonePatterns, bool CommaAfterNumber);
}
