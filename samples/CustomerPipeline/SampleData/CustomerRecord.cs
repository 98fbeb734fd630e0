namespace CustomerPipeline.SampleData;

/// <summary>
/// One line of a customer source file, in the reference shape (header <see cref="CustomerCsv.Header"/>).
/// A null field is written empty; the text <c>NULL</c> is written as is (the file format's NULL_IF turns
/// both into SQL NULL when the pipe loads the file).
/// </summary>
public sealed record CustomerRecord(
    string? CustomerName,
    string? Phone,
    string? AddressLine1,
    string? AddressLine2,
    string? City,
    string? State,
    string? PostalCode,
    string? Country,
    string? Territory,
    string? ContactFirstName,
    string? ContactLastName)
{
    /// <summary>What a field becomes in BRONZE: empty and NULL_IF values ('NULL', 'null') are SQL NULL.</summary>
    public static string? AsLoaded(string? field) => string.IsNullOrEmpty(field) || field is "NULL" or "null" ? null : field;

    /// <summary>The columns SILVER.CUSTOMER's MD5_HASH covers, as loaded, in the hash's order.</summary>
    public IReadOnlyList<string?> HashedColumns =>
        [AsLoaded(CustomerName), AsLoaded(Phone), AsLoaded(AddressLine1), AsLoaded(AddressLine2), AsLoaded(City),
         AsLoaded(State), AsLoaded(Country), AsLoaded(PostalCode), AsLoaded(Territory)];

    /// <summary>The MERGE key (FIRST_NAME, LAST_NAME), as loaded.</summary>
    public CustomerKey Key => new(AsLoaded(ContactFirstName), AsLoaded(ContactLastName));
}

/// <summary>
/// SILVER.CUSTOMER's MERGE key. The columns are COLLATE 'en-ci', so keys compare without regard to case.
/// </summary>
public readonly record struct CustomerKey(string? FirstName, string? LastName)
{
    /// <summary>Both parts present (the procedure filters out rows without them).</summary>
    public bool IsComplete => FirstName is not null && LastName is not null;

    /// <summary>Case-insensitive equality, as the en-ci collation compares.</summary>
    public bool Equals(CustomerKey other) =>
        string.Equals(FirstName, other.FirstName, StringComparison.OrdinalIgnoreCase)
        && string.Equals(LastName, other.LastName, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(
        FirstName is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(FirstName),
        LastName is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(LastName));

    /// <inheritdoc/>
    public override string ToString() => $"{FirstName} {LastName}";
}
