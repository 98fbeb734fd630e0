using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;

namespace SnowMedallion.Testing.Tests.S3;

// STREAMING-UNSIGNED-PAYLOAD-TRAILER (what the SDKs send over HTTPS):
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html
// The SDK sends it only over HTTPS, so this test signs the headers itself.
public sealed class LocalS3UnsignedTrailerTests(LocalS3Fixture fixture) : IClassFixture<LocalS3Fixture>
{
    private readonly IAmazonS3 _client = fixture.Client;

    [Fact]
    public async Task An_unsigned_chunked_body_with_a_trailing_checksum_is_stored()
    {
        var bucket = await fixture.NewBucketAsync();
        var data = RandomNumberGenerator.GetBytes(70_000);

        var response = await PutAsync(bucket, "k", data, Crc32Base64(data));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        using var get = await _client.GetObjectAsync(bucket, "k");
        using var copy = new MemoryStream();
        await get.ResponseStream.CopyToAsync(copy);
        copy.ToArray().Should().Equal(data);
    }

    [Fact]
    public async Task A_wrong_trailing_checksum_is_BadDigest_and_nothing_is_stored()
    {
        var bucket = await fixture.NewBucketAsync();
        var data = RandomNumberGenerator.GetBytes(70_000);

        var response = await PutAsync(bucket, "k", data, Crc32Base64([1, 2, 3]));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("<Code>BadDigest</Code>");
        (await LocalS3IntegrityTests.ExistsAsync(_client, bucket, "k")).Should().BeFalse();
    }

    private async Task<HttpResponseMessage> PutAsync(string bucket, string key, byte[] data, string checksum)
    {
        const string Payload = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
        var body = new MemoryStream();
        void Ascii(string s) => body.Write(Encoding.ASCII.GetBytes(s));
        var half = data.Length / 2;
        Ascii(half.ToString("x", CultureInfo.InvariantCulture) + "\r\n");
        body.Write(data, 0, half);
        Ascii("\r\n" + (data.Length - half).ToString("x", CultureInfo.InvariantCulture) + "\r\n");
        body.Write(data, half, data.Length - half);
        Ascii("\r\n0\r\nx-amz-checksum-crc32:" + checksum + "\r\n\r\n");

        var uri = new Uri(fixture.S3.ServiceUrl, $"{bucket}/{key}");
        var now = DateTime.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var day = now.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.Authority,
            ["x-amz-content-sha256"] = Payload,
            ["x-amz-date"] = amzDate,
            ["x-amz-decoded-content-length"] = data.Length.ToString(CultureInfo.InvariantCulture),
            ["x-amz-trailer"] = "x-amz-checksum-crc32",
        };
        var signed = string.Join(';', headers.Keys);
        var canonical = string.Join('\n', "PUT", uri.AbsolutePath, string.Empty, string.Concat(headers.Select(h => h.Key + ":" + h.Value + "\n")), signed, Payload);
        var scope = $"{day}/{fixture.S3.Region}/s3/aws4_request";
        var toSign = string.Join('\n', "AWS4-HMAC-SHA256", amzDate, scope, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
        var signingKey = Encoding.UTF8.GetBytes("AWS4" + fixture.S3.SecretKey);
        foreach (var part in new[] { day, fixture.S3.Region, "s3", "aws4_request" })
        {
            signingKey = HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(part));
        }

        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(toSign)));
        using var request = new HttpRequestMessage(HttpMethod.Put, uri) { Content = new ByteArrayContent(body.ToArray()) };
        request.Content.Headers.ContentEncoding.Add("aws-chunked");
        foreach (var (name, value) in headers.Where(h => h.Key != "host"))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential={fixture.S3.AccessKey}/{scope}, SignedHeaders={signed}, Signature={signature}");
        using var http = new HttpClient();
        return await http.SendAsync(request);
    }

    private static string Crc32Base64(byte[] data)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, Crc32.HashToUInt32(data));
        return Convert.ToBase64String(bytes);
    }
}
