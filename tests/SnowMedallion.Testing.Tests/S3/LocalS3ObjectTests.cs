using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;

namespace SnowMedallion.Testing.Tests.S3;

public sealed class LocalS3ObjectTests(LocalS3Fixture fixture) : IClassFixture<LocalS3Fixture>
{
    private readonly IAmazonS3 _client = fixture.Client;

    [Fact]
    public async Task A_100_MB_TransferUtility_multipart_upload_round_trips_with_a_multipart_etag()
    {
        var bucket = await fixture.NewBucketAsync();
        var bytes = new byte[100 * 1024 * 1024];
        Random.Shared.NextBytes(bytes);
        using var transfer = new TransferUtility(_client, new TransferUtilityConfig { ConcurrentServiceRequests = 4 });

        await transfer.UploadAsync(new TransferUtilityUploadRequest
        {
            BucketName = bucket,
            Key = "big.bin",
            InputStream = new MemoryStream(bytes),
            PartSize = 16 * 1024 * 1024,
        });
        using var get = await _client.GetObjectAsync(bucket, "big.bin");
        using var copy = new MemoryStream(bytes.Length);
        await get.ResponseStream.CopyToAsync(copy);

        copy.Length.Should().Be(bytes.Length);
        SHA256.HashData(copy.GetBuffer().AsSpan(0, (int)copy.Length)).Should().Equal(SHA256.HashData(bytes));
        get.ETag.Should().Be("\"" + MultipartETag(bytes, 16 * 1024 * 1024) + "\"");
        get.ETag.Should().EndWith("-7\"");
    }

    [Fact]
    public async Task Range_requests_return_the_requested_bytes()
    {
        var bucket = await fixture.NewBucketAsync();
        var bytes = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "r", InputStream = new MemoryStream(bytes) });

        (await GetRangeAsync(bucket, new ByteRange(10, 19))).Should().Equal(bytes[10..20]);
        (await GetRangeAsync(bucket, new ByteRange("bytes=-5"))).Should().Equal(bytes[995..]);
        (await GetRangeAsync(bucket, new ByteRange("bytes=990-"))).Should().Equal(bytes[990..]);
        (await GetRangeAsync(bucket, new ByteRange(990, 5000))).Should().Equal(bytes[990..]);
        var beyond = async () => await GetRangeAsync(bucket, new ByteRange(1000, 1010));
        var error = (await beyond.Should().ThrowAsync<AmazonS3Exception>()).Which;
        error.ErrorCode.Should().Be("InvalidRange");
        error.StatusCode.Should().Be(HttpStatusCode.RequestedRangeNotSatisfiable);
    }

    [Fact]
    public async Task Copy_keeps_content_and_etag_and_can_replace_metadata()
    {
        var bucket = await fixture.NewBucketAsync();
        var target = await fixture.NewBucketAsync();
        var put = new PutObjectRequest { BucketName = bucket, Key = "src/a b.csv", ContentBody = "1,2,3\n", ContentType = "text/csv" };
        put.Metadata.Add("kind", "source");
        var source = await _client.PutObjectAsync(put);

        var copied = await _client.CopyObjectAsync(bucket, "src/a b.csv", target, "dst/a b.csv");
        var replaced = new CopyObjectRequest { SourceBucket = bucket, SourceKey = "src/a b.csv", DestinationBucket = bucket, DestinationKey = "src/a b.csv", MetadataDirective = S3MetadataDirective.REPLACE, ContentType = "text/plain" };
        replaced.Metadata.Add("kind", "replaced");
        await _client.CopyObjectAsync(replaced);

        copied.ETag.Should().Be(source.ETag);
        var head = await _client.GetObjectMetadataAsync(target, "dst/a b.csv");
        head.Metadata["kind"].Should().Be("source");
        head.Headers.ContentType.Should().Be("text/csv");
        var self = await _client.GetObjectMetadataAsync(bucket, "src/a b.csv");
        self.Metadata["kind"].Should().Be("replaced");
        self.Headers.ContentType.Should().Be("text/plain");
        using var get = await _client.GetObjectAsync(target, "dst/a b.csv");
        (await new StreamReader(get.ResponseStream).ReadToEndAsync()).Should().Be("1,2,3\n");
    }

    [Fact]
    public async Task DeleteObjects_removes_every_named_key()
    {
        var bucket = await fixture.NewBucketAsync();
        foreach (var key in new[] { "a", "b", "c", "keep" })
        {
            await _client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = key });
        }

        var result = await _client.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = bucket,
            Objects = [new KeyVersion { Key = "a" }, new KeyVersion { Key = "b" }, new KeyVersion { Key = "c" }, new KeyVersion { Key = "missing" }],
        });

        result.DeletedObjects.Select(d => d.Key).Should().BeEquivalentTo("a", "b", "c", "missing");
        var list = await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        list.S3Objects.Select(o => o.Key).Should().Equal("keep");
    }

    [Fact]
    public async Task Listing_pages_correctly_over_2500_keys()
    {
        var bucket = await fixture.NewBucketAsync();
        var keys = Enumerable.Range(0, 2500).Select(i => $"data/{i % 7}/file-{i:D5}.csv").ToList();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (key, ct) =>
            await _client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = "x" }, ct));

        var pages = new List<int>();
        var listed = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = "data/" };
        ListObjectsV2Response response;
        do
        {
            response = await _client.ListObjectsV2Async(request);
            pages.Add(response.S3Objects.Count);
            listed.AddRange(response.S3Objects.Select(o => o.Key));
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);

        pages.Should().Equal(1000, 1000, 500);
        listed.Should().Equal(keys.Order(StringComparer.Ordinal));

        var small = new List<string>();
        var v1 = new ListObjectsRequest { BucketName = bucket, MaxKeys = 700 };
        ListObjectsResponse v1Response;
        do
        {
            v1Response = await _client.ListObjectsAsync(v1);
            small.AddRange(v1Response.S3Objects.Select(o => o.Key));
            v1.Marker = v1Response.S3Objects[^1].Key;
        }
        while (v1Response.IsTruncated == true);

        small.Should().Equal(listed);
    }

    [Fact]
    public async Task Listing_with_a_delimiter_pages_over_common_prefixes()
    {
        var bucket = await fixture.NewBucketAsync();
        var keys = new[] { "a/1", "a/2", "b/1", "c", "d/1", "d/2", "e" };
        foreach (var key in keys)
        {
            await _client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = "x" });
        }

        var entries = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket, Delimiter = "/", MaxKeys = 2 };
        ListObjectsV2Response response;
        do
        {
            response = await _client.ListObjectsV2Async(request);
            entries.AddRange(response.CommonPrefixes.Concat(response.S3Objects.Select(o => o.Key)).Order(StringComparer.Ordinal));
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);

        entries.Should().Equal("a/", "b/", "c", "d/", "e");
        var after = await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, StartAfter = "b/1" });
        after.S3Objects.Select(o => o.Key).Should().Equal("c", "d/1", "d/2", "e");
    }

    [Fact]
    public async Task Multipart_parts_can_be_listed_and_an_upload_aborted()
    {
        var bucket = await fixture.NewBucketAsync();
        var upload = await _client.InitiateMultipartUploadAsync(bucket, "m");
        await _client.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "m", UploadId = upload.UploadId, PartNumber = 1, InputStream = new MemoryStream(new byte[100]) });
        await _client.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "m", UploadId = upload.UploadId, PartNumber = 2, InputStream = new MemoryStream(new byte[50]) });

        var parts = await _client.ListPartsAsync(bucket, "m", upload.UploadId);
        parts.Parts.Select(p => (p.PartNumber, p.Size)).Should().Equal((1, 100L), (2, 50L));

        var complete = async () => await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "m",
            UploadId = upload.UploadId,
            PartETags = parts.Parts.Select(p => new PartETag(p.PartNumber ?? 0, p.ETag)).ToList(),
        });
        (await complete.Should().ThrowAsync<AmazonS3Exception>()).Which.ErrorCode.Should().Be("EntityTooSmall");

        await _client.AbortMultipartUploadAsync(bucket, "m", upload.UploadId);
        var again = async () => await _client.ListPartsAsync(bucket, "m", upload.UploadId);
        (await again.Should().ThrowAsync<AmazonS3Exception>()).Which.ErrorCode.Should().Be("NoSuchUpload");
        (await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects.Should().BeEmpty();
    }

    [Fact]
    public async Task Plain_signed_bodies_and_presigned_unsigned_bodies_are_accepted()
    {
        var bucket = await fixture.NewBucketAsync();
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "plain", ContentBody = "signed payload", UseChunkEncoding = false });
        var url = await _client.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = "presigned",
            Verb = HttpVerb.PUT,
            Protocol = Protocol.HTTP,
            Expires = DateTime.UtcNow.AddMinutes(5),
        });
        using var http = new HttpClient();

        var put = await http.PutAsync(new Uri(url), new StringContent("unsigned payload"));
        var tampered = await http.PutAsync(new Uri(url.Replace("presigned", "other", StringComparison.Ordinal)), new StringContent("x"));

        put.StatusCode.Should().Be(HttpStatusCode.OK);
        tampered.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await tampered.Content.ReadAsStringAsync()).Should().Contain("<Code>SignatureDoesNotMatch</Code>");
        using var plain = await _client.GetObjectAsync(bucket, "plain");
        using var unsigned = await _client.GetObjectAsync(bucket, "presigned");
        (await new StreamReader(plain.ResponseStream).ReadToEndAsync()).Should().Be("signed payload");
        (await new StreamReader(unsigned.ResponseStream).ReadToEndAsync()).Should().Be("unsigned payload");
    }

    [Fact]
    public async Task Keys_with_spaces_and_unicode_round_trip()
    {
        var bucket = await fixture.NewBucketAsync();
        const string Key = "in/räksmörgås & co/+plus=eq (1).csv";

        await _client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = Key, ContentBody = "ok" });

        var list = await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "in/" });
        list.S3Objects.Select(o => o.Key).Should().Equal(Key);
        using var get = await _client.GetObjectAsync(bucket, Key);
        (await new StreamReader(get.ResponseStream, Encoding.UTF8).ReadToEndAsync()).Should().Be("ok");
    }

    private async Task<byte[]> GetRangeAsync(string bucket, ByteRange range)
    {
        using var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "r", ByteRange = range });
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static string MultipartETag(byte[] bytes, int partSize)
    {
        using var all = new MemoryStream();
        var count = 0;
        for (var offset = 0; offset < bytes.Length; offset += partSize)
        {
            all.Write(MD5.HashData(bytes.AsSpan(offset, Math.Min(partSize, bytes.Length - offset))));
            count++;
        }

        return Convert.ToHexStringLower(MD5.HashData(all.ToArray())) + "-" + count;
    }
}
