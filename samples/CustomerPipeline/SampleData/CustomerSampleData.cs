namespace CustomerPipeline.SampleData;

/// <summary>One source file: its path relative to the upload folder ('/'-separated) and its rows.</summary>
public sealed record SampleFile(string Name, IReadOnlyList<CustomerRecord> Rows)
{
    /// <summary>Writes the file under <paramref name="folder"/> and returns its full path.</summary>
    public string WriteTo(string folder) => CustomerCsv.WriteFile(Path.Combine(folder, Name), Rows);
}

/// <summary>
/// The files the sample ships, made by <see cref="CustomerDataGenerator.CreateSample"/>.
/// Day 1 (two files, 40 rows): 34 customers, three of them with literal NULL values in nullable columns;
/// three rows missing a value SILVER requires (ADDRESSLINE1, STATE, COUNTRY), which the upsert sets aside as
/// rejects; one row without a contact last name, which it filters out; and the same person twice in the
/// batch twice over (across the two files with a new phone, and an exact repeat), which it de-duplicates.
/// Day 2 (one file, 15 rows): 6 changed customers, 6 unchanged, 3 new.
/// </summary>
public sealed record CustomerSampleData(
    IReadOnlyList<SampleFile> Day1,
    IReadOnlyList<SampleFile> Day2,
    IReadOnlyList<CustomerKey> ChangedOnDay2,
    IReadOnlyList<CustomerKey> UnchangedOnDay2,
    IReadOnlyList<CustomerKey> AddedOnDay2)
{
    /// <summary>Writes every file under <paramref name="folder"/> (one sub-folder per day).</summary>
    public void WriteTo(string folder)
    {
        foreach (var file in Day1.Concat(Day2))
        {
            file.WriteTo(folder);
        }
    }

    /// <summary>The first day's folder name (e.g. <c>2026-11-25</c>).</summary>
    public string Day1Folder => Day1[0].Name.Split('/')[0];

    /// <summary>The second day's folder name.</summary>
    public string Day2Folder => Day2[0].Name.Split('/')[0];
}
