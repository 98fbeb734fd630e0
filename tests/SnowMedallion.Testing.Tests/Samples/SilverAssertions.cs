using CustomerPipeline.Local;
using CustomerPipeline.SampleData;

namespace SnowMedallion.Testing.Tests.Samples;

/// <summary>Checks of SILVER.CUSTOMER against the sample's expected state, shared by the tests that run the reference pipeline.</summary>
internal static class SilverAssertions
{
    /// <summary>SILVER holds exactly the expected customers, each with the business columns of its latest version as loaded.</summary>
    public static void ShouldMatch(IReadOnlyList<SilverCustomer> silver, ExpectedSilver expected)
    {
        silver.Select(c => c.Key).Should().BeEquivalentTo(expected.Rows.Keys);
        foreach (var customer in silver)
        {
            var record = expected.Rows[customer.Key];
            new[] { customer.CompanyName, customer.Phone, customer.AddressLine1, customer.AddressLine2, customer.City, customer.State, customer.Country, customer.PostalCode, customer.Province }
                .Should().Equal(
                    [CustomerRecord.AsLoaded(record.CustomerName), CustomerRecord.AsLoaded(record.Phone), CustomerRecord.AsLoaded(record.AddressLine1),
                     CustomerRecord.AsLoaded(record.AddressLine2), CustomerRecord.AsLoaded(record.City), CustomerRecord.AsLoaded(record.State),
                     CustomerRecord.AsLoaded(record.Country), CustomerRecord.AsLoaded(record.PostalCode), CustomerRecord.AsLoaded(record.Territory)],
                    because: $"SILVER holds the latest version of {customer.Key}");
        }
    }
}
