using System.Buffers.Binary;
using System.IO.Hashing;
using System.Net;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace SnowMedallion.Testing.Tests.S3;

public sealed class LocalS3IntegrityTests(LocalS3Fixture fixture) : IClassFixture<LocalS3Fixture>
{
    private readonly IAmazonS3 _client = fixture.Client;

    public static TheoryData<string> Algorithms => new() { "CRC32", "CRC32C", "SHA256", "SHA1", "CRC64NVME" };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task A_trailing_checksum_is_verified_stored_and_returned(string algorithm)
    {
        var bucket = await fixture.NewBucketAsync();
        var bytes = RandomNumberGenerator.GetBytes(200_000);

        var put = await _client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "k",
            InputStream = new MemoryStream(bytes),
            ChecksumAlgorithm = new ChecksumAlgorithm(algorithm),
        });
        using var get = await _client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "k", ChecksumMode = ChecksumMode.ENABLED });
        using var copy = new MemoryStream();
        await get.ResponseStream.CopyToAsync(copy);

        var expected = Expected(algorithm, bytes);
        Returned(put, algorithm).Should().Be(expected);
        Returned(get, algorithm).Should().Be(expected);
        copy.ToArray().Should().Equal(bytes);
    }

    [Fact]
    public async Task A_wrong_checksum_is_rejected_with_BadDigest_and_nothing_is_stored()
    {
        var bucket = await fixture.NewBucketAsync();

        var put = async () => await _client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "k",
            ContentBody = "the real content",
            ChecksumCRC32 = Expected("CRC32", "other content"u8.ToArray()),
        });

        var error = (await put.Should().ThrowAsync<AmazonS3Exception>()).Which;
        error.ErrorCode.Should().Be("BadDigest");
        error.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ExistsAsync(_client, bucket, "k")).Should().BeFalse();
    }

    [Fact]
    public async Task A_wrong_content_md5_is_rejected_with_BadDigest()
    {
        var bucket = await fixture.NewBucketAsync();

        var put = async () => await _client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "k",
            ContentBody = "the real content",
            MD5Digest = Convert.ToBase64String(MD5.HashData("other"u8.ToArray())),
        });

        (await put.Should().ThrowAsync<AmazonS3Exception>()).Which.ErrorCode.Should().Be("BadDigest");
        (await ExistsAsync(_client, bucket, "k")).Should().BeFalse();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_tampered_chunk_is_rejected_and_nothing_is_stored(bool multipart)
    {
        var bucket = await fixture.NewBucketAsync();
        using var tampering = TamperingClient(fixture.S3);
        var bytes = RandomNumberGenerator.GetBytes(300_000);

        Func<Task> upload = multipart
            ? async () =>
            {
                var start = await _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "k", ChecksumAlgorithm = ChecksumAlgorithm.CRC32 });
                await tampering.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "k", UploadId = start.UploadId, PartNumber = 1, InputStream = new MemoryStream(bytes), ChecksumAlgorithm = ChecksumAlgorithm.CRC32 });
            }
        : async () => await tampering.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", InputStream = new MemoryStream(bytes) });

        var error = (await upload.Should().ThrowAsync<AmazonS3Exception>()).Which;
        error.ErrorCode.Should().Be("BadDigest");
        (await ExistsAsync(_client, bucket, "k")).Should().BeFalse();
    }

    [Fact]
    public async Task A_tampered_chunk_without_a_checksum_fails_its_chunk_signature()
    {
        var bucket = await fixture.NewBucketAsync();
        using var tampering = TamperingClient(fixture.S3, requestChecksums: false);

        var put = async () => await tampering.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", InputStream = new MemoryStream(RandomNumberGenerator.GetBytes(100_000)) });

        var error = (await put.Should().ThrowAsync<AmazonS3Exception>()).Which;
        error.ErrorCode.Should().Be("SignatureDoesNotMatch");
        error.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ExistsAsync(_client, bucket, "k")).Should().BeFalse();
    }

    [Fact]
    public async Task A_wrong_secret_gets_403_SignatureDoesNotMatch()
    {
        var bucket = await fixture.NewBucketAsync();
        using var wrong = new AmazonS3Client(new BasicAWSCredentials(fixture.S3.AccessKey, "not-the-secret"), Config(fixture.S3));

        var put = async () => await wrong.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "x" });
        var list = async () => await wrong.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });

        var error = (await put.Should().ThrowAsync<AmazonS3Exception>()).Which;
        error.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        error.ErrorCode.Should().Be("SignatureDoesNotMatch");
        (await list.Should().ThrowAsync<AmazonS3Exception>()).Which.ErrorCode.Should().Be("SignatureDoesNotMatch");
        (await ExistsAsync(_client, bucket, "k")).Should().BeFalse();
    }

    [Fact]
    public async Task An_unknown_access_key_gets_403_InvalidAccessKeyId()
    {
        using var wrong = new AmazonS3Client(new BasicAWSCredentials("AKIAUNKNOWN000000000", fixture.S3.SecretKey), Config(fixture.S3));

        var list = async () => await wrong.ListBucketsAsync();

        var error = (await list.Should().ThrowAsync<AmazonS3Exception>()).Which;
        error.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        error.ErrorCode.Should().Be("InvalidAccessKeyId");
    }

    [Fact]
    public async Task An_unsigned_request_is_denied()
    {
        using var http = new HttpClient();

        var response = await http.GetAsync(fixture.S3.ServiceUrl);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).Should().Contain("<Code>AccessDenied</Code>");
    }

    [Fact]
    public async Task Multipart_part_checksums_give_a_composite_checksum()
    {
        var bucket = await fixture.NewBucketAsync();
        var part1 = RandomNumberGenerator.GetBytes(5 * 1024 * 1024);
        var part2 = RandomNumberGenerator.GetBytes(1000);
        var start = await _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "k", ChecksumAlgorithm = ChecksumAlgorithm.CRC32C });
        var r1 = await _client.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "k", UploadId = start.UploadId, PartNumber = 1, InputStream = new MemoryStream(part1), ChecksumAlgorithm = ChecksumAlgorithm.CRC32C });
        var r2 = await _client.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "k", UploadId = start.UploadId, PartNumber = 2, InputStream = new MemoryStream(part2), ChecksumAlgorithm = ChecksumAlgorithm.CRC32C });

        var done = await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "k",
            UploadId = start.UploadId,
            PartETags = [new PartETag { PartNumber = 1, ETag = r1.ETag, ChecksumCRC32C = r1.ChecksumCRC32C }, new PartETag { PartNumber = 2, ETag = r2.ETag, ChecksumCRC32C = r2.ChecksumCRC32C }],
        });

        r1.ChecksumCRC32C.Should().Be(Expected("CRC32C", part1));
        var composite = Convert.FromBase64String(r1.ChecksumCRC32C).Concat(Convert.FromBase64String(r2.ChecksumCRC32C)).ToArray();
        done.ChecksumCRC32C.Should().Be(Expected("CRC32C", composite) + "-2");
        done.ETag.Should().EndWith("-2\"");
    }

    internal static async Task<bool> ExistsAsync(IAmazonS3 client, string bucket, string key)
    {
        try
        {
            await client.GetObjectMetadataAsync(bucket, key);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static string Expected(string algorithm, byte[] bytes)
    {
        switch (algorithm)
        {
            case "CRC32":
                return Convert.ToBase64String(BigEndian(Crc32.HashToUInt32(bytes)));
            case "CRC32C":
                var c = new Crc32(Crc32ParameterSet.Crc32C);
                c.Append(bytes);
                return Convert.ToBase64String(BigEndian(c.GetCurrentHashAsUInt32()));
            case "CRC64NVME":
                var n = new Crc64(Crc64ParameterSet.Nvme);
                n.Append(bytes);
                var b = new byte[8];
                BinaryPrimitives.WriteUInt64BigEndian(b, n.GetCurrentHashAsUInt64());
                return Convert.ToBase64String(b);
            case "SHA1":
                return Convert.ToBase64String(SHA1.HashData(bytes));
            default:
                return Convert.ToBase64String(SHA256.HashData(bytes));
        }

        static byte[] BigEndian(uint value)
        {
            var b = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(b, value);
            return b;
        }
    }

    private static string? Returned(AmazonWebServiceResponse response, string algorithm) => response switch
    {
        PutObjectResponse p => algorithm switch { "CRC32" => p.ChecksumCRC32, "CRC32C" => p.ChecksumCRC32C, "SHA1" => p.ChecksumSHA1, "CRC64NVME" => p.ChecksumCRC64NVME, _ => p.ChecksumSHA256 },
        GetObjectResponse g => algorithm switch { "CRC32" => g.ChecksumCRC32, "CRC32C" => g.ChecksumCRC32C, "SHA1" => g.ChecksumSHA1, "CRC64NVME" => g.ChecksumCRC64NVME, _ => g.ChecksumSHA256 },
        _ => null,
    };

    private static AmazonS3Config Config(LocalS3 s3) => new()
    {
        ServiceURL = s3.ServiceUrl.ToString().TrimEnd('/'),
        ForcePathStyle = true,
        AuthenticationRegion = s3.Region,
        MaxErrorRetry = 0,
    };

    private static AmazonS3Client TamperingClient(LocalS3 s3, bool requestChecksums = true)
    {
        var config = Config(s3);
        config.HttpClientFactory = new TamperingFactory();
        if (!requestChecksums)
        {
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
        }

        return new AmazonS3Client(new BasicAWSCredentials(s3.AccessKey, s3.SecretKey), config);
    }

    private sealed class TamperingFactory : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new TamperingHandler(new HttpClientHandler()));
    }

    /// <summary>Flips one byte of the first chunk's data of every PUT body, leaving the chunk framing intact.</summary>
    private sealed class TamperingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Put && request.Content is not null)
            {
                var bytes = await request.Content.ReadAsByteArrayAsync(cancellationToken);
                var headerEnd = Array.IndexOf(bytes, (byte)'\n');
                bytes[headerEnd + 100] ^= 0xFF;
                var tampered = new ByteArrayContent(bytes);
                foreach (var header in request.Content.Headers)
                {
                    tampered.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                request.Content = tampered;
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
