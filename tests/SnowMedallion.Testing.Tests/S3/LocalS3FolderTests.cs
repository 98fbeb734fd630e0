using System.Security.Cryptography;
using Amazon.S3.Model;
using Amazon.S3.Transfer;

namespace SnowMedallion.Testing.Tests.S3;

public sealed class LocalS3FolderTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("locals3-folder-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task A_folder_backed_store_keeps_objects_as_files_and_reloads_them()
    {
        var small = RandomNumberGenerator.GetBytes(1000);
        var large = RandomNumberGenerator.GetBytes(11 * 1024 * 1024);
        await using (var s3 = await LocalS3.StartAsync(new LocalS3Options { Folder = _folder.FullName }))
        {
            using var client = s3.CreateClient();
            await client.PutBucketAsync("landing");
            await client.PutObjectAsync(new PutObjectRequest { BucketName = "landing", Key = "in/small.csv", InputStream = new MemoryStream(small) });
            using var transfer = new TransferUtility(client);
            await transfer.UploadAsync(new TransferUtilityUploadRequest { BucketName = "landing", Key = "in/large.bin", InputStream = new MemoryStream(large), PartSize = 5 * 1024 * 1024 });
            await client.CopyObjectAsync("landing", "in/small.csv", "landing", "copy/small.csv");
            await client.PutObjectAsync(new PutObjectRequest { BucketName = "landing", Key = "in/gone.csv", ContentBody = "x" });
            await client.DeleteObjectAsync("landing", "in/gone.csv");

            var info = s3.Objects.GetObjectInfo("landing", "in/small.csv")!;
            info.FilePath.Should().Be(Path.Combine(_folder.FullName, "landing", "in", "small.csv"));
            (await File.ReadAllBytesAsync(info.FilePath!)).Should().Equal(small);
            (await File.ReadAllBytesAsync(s3.Objects.GetObjectInfo("landing", "in/large.bin")!.FilePath!)).Should().Equal(large);
            File.Exists(Path.Combine(_folder.FullName, "landing", "in", "gone.csv")).Should().BeFalse();
        }

        await using var reopened = await LocalS3.StartAsync(new LocalS3Options { Folder = _folder.FullName });
        using var again = reopened.CreateClient();
        var listed = await again.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "landing" });
        listed.S3Objects.Select(o => o.Key).Should().Equal("copy/small.csv", "in/large.bin", "in/small.csv");
        using var get = await again.GetObjectAsync("landing", "in/large.bin");
        using var copy = new MemoryStream();
        await get.ResponseStream.CopyToAsync(copy);
        copy.ToArray().Should().Equal(large);
        reopened.Objects.ListObjects("landing", "in/").Select(o => o.ETag).Should().Contain(Convert.ToHexStringLower(MD5.HashData(small)));
    }

    [Fact]
    public async Task Listing_an_unknown_bucket_through_the_store_names_the_bucket()
    {
        await using var s3 = await LocalS3.StartAsync();

        var list = () => s3.Objects.ListObjects("nope-bucket", string.Empty);

        list.Should().Throw<InvalidOperationException>().WithMessage("*nope-bucket*");
    }
}
