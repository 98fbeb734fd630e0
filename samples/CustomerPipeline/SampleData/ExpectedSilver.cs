namespace CustomerPipeline.SampleData;

/// <summary>
/// What the upsert does to one batch, as counted by SnowMedallion's generated procedure (its JSON summary:
/// <c>{"rowsRead":…,"inserted":…,"updated":…,"unchanged":…,"rejected":…,"filtered":…,"duplicates":…}</c>).
/// </summary>
public sealed record BatchOutcome(int RowsRead, int Inserted, int Updated, int Unchanged, int Rejected, int Filtered, int Duplicates);

/// <summary>
/// A plain C# model of the reference upsert (SCD type 1 on FIRST_NAME, LAST_NAME): rows without a key are
/// filtered, rows missing a NOT NULL column rejected, the batch de-duplicated (latest file and row wins),
/// then matched rows with the same hash are unchanged, with another hash updated, unmatched inserted.
/// Tests compare LocalSnowflake's SILVER with it.
/// </summary>
public sealed class ExpectedSilver
{
    private readonly Dictionary<CustomerKey, CustomerRecord> _rows = [];

    /// <summary>The customers SILVER.CUSTOMER holds, by key.</summary>
    public IReadOnlyDictionary<CustomerKey, CustomerRecord> Rows => _rows;

    /// <summary>Applies one batch (the files loaded since the last run) and returns what the procedure reports.</summary>
    public BatchOutcome Apply(IEnumerable<SampleFile> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var rows = batch
            .SelectMany(f => f.Rows.Select((r, i) => (File: f.Name, Row: i + 1, Record: r)))
            .ToList();
        var keyed = rows.Where(r => r.Record.Key.IsComplete).ToList();
        var valid = keyed.Where(r => !MissesRequired(r.Record)).ToList();
        var winners = valid
            .GroupBy(r => r.Record.Key)
            .Select(g => g.OrderByDescending(r => r.File, StringComparer.Ordinal).ThenByDescending(r => r.Row).First().Record)
            .ToList();

        int inserted = 0, updated = 0, unchanged = 0;
        foreach (var winner in winners)
        {
            if (!_rows.TryGetValue(winner.Key, out var current))
            {
                inserted++;
            }
            else if (SameHash(current, winner))
            {
                unchanged++;
            }
            else
            {
                updated++;
            }

            _rows[winner.Key] = winner;
        }

        return new BatchOutcome(
            RowsRead: rows.Count,
            Inserted: inserted,
            Updated: updated,
            Unchanged: unchanged,
            Rejected: keyed.Count - valid.Count,
            Filtered: rows.Count - keyed.Count,
            Duplicates: valid.Count - winners.Count);
    }

    /// <summary>True when a row lacks a value SILVER.CUSTOMER declares NOT NULL (ADDRESSLINE1, STATE, COUNTRY).</summary>
    public static bool MissesRequired(CustomerRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return CustomerRecord.AsLoaded(record.AddressLine1) is null
            || CustomerRecord.AsLoaded(record.State) is null
            || CustomerRecord.AsLoaded(record.Country) is null;
    }

    /// <summary>Whether two versions of a customer have the same MD5_HASH (trimmed business columns).</summary>
    public static bool SameHash(CustomerRecord left, CustomerRecord right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return string.Concat(left.HashedColumns.Select(v => v?.Trim() ?? string.Empty))
            == string.Concat(right.HashedColumns.Select(v => v?.Trim() ?? string.Empty));
    }
}
