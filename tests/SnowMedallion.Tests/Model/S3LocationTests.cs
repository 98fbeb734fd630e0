using SnowMedallion.Model;

namespace SnowMedallion.Tests.Model;

public sealed class S3LocationTests
{
    [Theory]
    [InlineData("s3://snowflake-project-etl/raw_data/", "snowflake-project-etl", "raw_data/")]
    [InlineData("s3://bucket/a/b", "bucket", "a/b/")]
    [InlineData("S3://bucket", "bucket", "")]
    public void Parses_bucket_and_prefix(string url, string bucket, string prefix)
    {
        var location = S3Location.Parse(url);

        location.Bucket.Should().Be(bucket);
        location.Prefix.Should().Be(prefix);
        location.Url.Should().Be($"s3://{bucket}/{prefix}");
    }

    [Theory]
    [InlineData("https://bucket/x")]
    [InlineData("s3:///x")]
    [InlineData("")]
    public void Rejects_what_is_not_an_s3_url_and_says_how_to_write_one(string url)
    {
        var act = () => S3Location.Parse(url);

        act.Should().Throw<FormatException>().WithMessage("*s3://bucket/prefix/*");
    }
}
