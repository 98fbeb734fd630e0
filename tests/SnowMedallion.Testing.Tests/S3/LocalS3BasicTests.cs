using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;

namespace SnowMedallion.Testing.Tests.S3;

public sealed class LocalS3BasicTests(LocalS3Fixture fixture) : IClassFixture<LocalS3Fixture>
{
    private readonly IAmazonS3 _client = fixture.Client;

    [Fact]
    public async Task A_single_put_round_trips_byte_for_byte_with_an_md5_etag()
    {
        var bucket = await fixture.NewBucketAsync();
        var bytes = RandomNumberGenerator.GetBytes(300_000);

        var put = await _client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "dir/data.bin", InputStream = new MemoryStream(bytes) });
        using var get = await _client.GetObjectAsync(bucket, "dir/data.bin");
        using var copy = new MemoryStream();
        await get.ResponseStream.CopyToAsync(copy);

        copy.ToArray().Should().Equal(bytes);
        var md5 = Convert.ToHexStringLower(MD5.HashData(bytes));
        put.ETag.Should().Be($"\"{md5}\"");
        get.ETag.Should().Be($"\"{md5}\"");
        get.ContentLength.Should().Be(bytes.Length);
    }

    [Fact]
    public async Task Head_reports_size_etag_type_and_metadata()
    {
        var bucket = await fixture.NewBucketAsync();
        var request = new PutObjectRequest { BucketName = bucket, Key = "a.csv", ContentBody = "id,name\n1,x\n", ContentType = "text/csv" };
        request.Metadata.Add("origin", "test");
        await _client.PutObjectAsync(request);

        var head = await _client.GetObjectMetadataAsync(bucket, "a.csv");

        head.ContentLength.Should().Be(12);
        head.Headers.ContentType.Should().Be("text/csv");
        head.Metadata["origin"].Should().Be("test");
        head.ETag.Should().Be("\"" + Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes("id,name\n1,x\n"))) + "\"");
    }

    [Fact]
    public async Task Missing_objects_and_buckets_get_s3_error_codes()
    {
        var bucket = await fixture.NewBucketAsync();

        var noKey = async () => await _client.GetObjectAsync(bucket, "nope");
        var noBucket = async () => await _client.PutObjectAsync(new PutObjectRequest { BucketName = "no-such-bucket-x", Key = "k", ContentBody = "x" });

        (await noKey.Should().ThrowAsync<AmazonS3Exception>()).Which.ErrorCode.Should().Be("NoSuchKey");
        var bucketError = (await noBucket.Should().ThrowAsync<AmazonS3Exception>()).Which;
        bucketError.ErrorCode.Should().Be("NoSuchBucket");
        bucketError.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Buckets_can_be_created_listed_headed_and_deleted()
    {
        var bucket = await fixture.NewBucketAsync();

        var list = await _client.ListBucketsAsync();
        list.Buckets.Select(b => b.BucketName).Should().Contain(bucket);
        (await Amazon.S3.Util.AmazonS3Util.DoesS3BucketExistV2Async(_client, bucket)).Should().BeTrue();

        await _client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "x" });
        var notEmpty = async () => await _client.DeleteBucketAsync(bucket);
        (await notEmpty.Should().ThrowAsync<AmazonS3Exception>()).Which.ErrorCode.Should().Be("BucketNotEmpty");

        await _client.DeleteObjectAsync(bucket, "k");
        await _client.DeleteBucketAsync(bucket);
        (await Amazon.S3.Util.AmazonS3Util.DoesS3BucketExistV2Async(_client, bucket)).Should().BeFalse();
    }

    [Fact]
    public async Task ListObjectsV2_lists_keys_with_prefix_and_delimiter()
    {
        var bucket = await fixture.NewBucketAsync();
        foreach (var key in new[] { "in/2024/a.csv", "in/2024/b.csv", "in/2025/c.csv", "in/top.csv", "other.txt" })
        {
            await _client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = key });
        }

        var flat = await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "in/" });
        var grouped = await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "in/", Delimiter = "/" });

        flat.S3Objects.Select(o => o.Key).Should().Equal("in/2024/a.csv", "in/2024/b.csv", "in/2025/c.csv", "in/top.csv");
        flat.S3Objects[0].Size.Should().Be("in/2024/a.csv".Length);
        grouped.S3Objects.Select(o => o.Key).Should().Equal("in/top.csv");
        grouped.CommonPrefixes.Should().Equal("in/2024/", "in/2025/");
        grouped.KeyCount.Should().Be(3);
    }

    [Fact]
    public async Task The_internal_store_sees_what_the_sdk_wrote()
    {
        var bucket = await fixture.NewBucketAsync();
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "stage/f1.csv", ContentBody = "1,a\n" });
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "other/f2.csv", ContentBody = "2,b\n" });

        var objects = fixture.S3.Objects.ListObjects(bucket, "stage/");
        using var reader = new StreamReader(fixture.S3.Objects.OpenRead(bucket, "stage/f1.csv"));

        objects.Should().ContainSingle();
        objects[0].Key.Should().Be("stage/f1.csv");
        objects[0].Size.Should().Be(4);
        objects[0].ETag.Should().Be(Convert.ToHexStringLower(MD5.HashData("1,a\n"u8.ToArray())));
        (await reader.ReadToEndAsync()).Should().Be("1,a\n");
    }
}
