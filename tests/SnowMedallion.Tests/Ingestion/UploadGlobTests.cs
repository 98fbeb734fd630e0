using SnowMedallion.Ingestion;

namespace SnowMedallion.Tests.Ingestion;

public sealed class UploadGlobTests
{
    [Theory]
    [InlineData("*.csv", "a.csv", true)]
    [InlineData("*.csv", "sub/a.csv", false)]
    [InlineData("**/*.csv", "a.csv", true)]
    [InlineData("**/*.csv", "x/y/a.csv", true)]
    [InlineData("**/*.csv", "a.csv.gz", false)]
    [InlineData("in/**", "in/x/y.txt", true)]
    [InlineData("in/**", "out/x.txt", false)]
    [InlineData("data-?.csv", "data-1.csv", true)]
    [InlineData("data-?.csv", "data-10.csv", false)]
    [InlineData("*.{csv,json}", "a.json", true)]
    [InlineData("*.{csv,json}", "a.txt", false)]
    [InlineData("a+b(1).csv", "a+b(1).csv", true)]
    public void Globs_match_relative_paths(string pattern, string path, bool matches) =>
        new UploadGlob(pattern).IsMatch(path).Should().Be(matches);

    [Fact]
    public void An_unclosed_group_is_refused_with_the_fix()
    {
        var create = () => new UploadGlob("*.{csv");

        create.Should().Throw<ArgumentException>().WithMessage("*close every alternative group*");
    }
}
