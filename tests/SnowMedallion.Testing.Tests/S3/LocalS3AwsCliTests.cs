using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;

namespace SnowMedallion.Testing.Tests.S3;

public sealed class LocalS3AwsCliTests(LocalS3Fixture fixture) : IClassFixture<LocalS3Fixture>, IDisposable
{
    private readonly IAmazonS3 _client = fixture.Client;
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("locals3-cli-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task Cli_cp_uploads_and_downloads_byte_for_byte_including_multipart()
    {
        var bucket = await fixture.NewBucketAsync();
        var small = Write(Path.Combine("up", "small.csv"), RandomNumberGenerator.GetBytes(10_000));
        var large = Write(Path.Combine("up", "large.bin"), RandomNumberGenerator.GetBytes(10 * 1024 * 1024)); // above the CLI's 8 MB multipart threshold
        var down = Path.Combine(_work.FullName, "down");

        await AwsCli.RunAsync(fixture.S3, "s3", "cp", "--recursive", Path.GetDirectoryName(small)!, $"s3://{bucket}/in/");
        await AwsCli.RunAsync(fixture.S3, "s3", "cp", "--recursive", $"s3://{bucket}/in/", down);

        (await File.ReadAllBytesAsync(Path.Combine(down, "large.bin"))).Should().Equal(await File.ReadAllBytesAsync(large));
        (await File.ReadAllBytesAsync(Path.Combine(down, "small.csv"))).Should().Equal(await File.ReadAllBytesAsync(small));
        var head = await _client.GetObjectMetadataAsync(bucket, "in/large.bin");
        head.ETag.Should().EndWith("-2\"");
        head.ContentLength.Should().Be(10 * 1024 * 1024);
    }

    [Fact]
    public async Task Cli_ls_lists_what_the_sdk_wrote()
    {
        var bucket = await fixture.NewBucketAsync();
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "in/a.csv", ContentBody = "12345" });
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "in/sub/b.csv", ContentBody = "1" });

        var top = await AwsCli.RunAsync(fixture.S3, "s3", "ls", $"s3://{bucket}/in/");

        top.Should().Contain("PRE sub/").And.MatchRegex(@"\s5 a\.csv");
        top.Should().NotContain("b.csv");
    }

    [Fact]
    public async Task Cli_sync_round_trips_a_folder_and_then_has_nothing_to_do()
    {
        var bucket = await fixture.NewBucketAsync();
        var source = Path.Combine(_work.FullName, "src");
        for (var i = 0; i < 5; i++)
        {
            Write(Path.Combine("src", i % 2 == 0 ? "even" : "odd", $"f{i}.csv"), RandomNumberGenerator.GetBytes(1000 + i));
        }

        Write(Path.Combine("src", "with space.csv"), "a,b\n"u8.ToArray());

        var first = await AwsCli.RunAsync(fixture.S3, "s3", "sync", source, $"s3://{bucket}/landing/");
        var second = await AwsCli.RunAsync(fixture.S3, "s3", "sync", source, $"s3://{bucket}/landing/");
        var target = Path.Combine(_work.FullName, "dst");
        await AwsCli.RunAsync(fixture.S3, "s3", "sync", $"s3://{bucket}/landing/", target);

        first.Should().Contain("upload:");
        second.Should().NotContain("upload:");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            (await File.ReadAllBytesAsync(copy)).Should().Equal(await File.ReadAllBytesAsync(file));
        }

        var listed = await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "landing/" });
        listed.S3Objects.Select(o => o.Key).Should().Contain("landing/with space.csv").And.HaveCount(6);
    }

    private string Write(string relative, byte[] bytes)
    {
        var path = Path.Combine(_work.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
