using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;

namespace SnowMedallion.Testing.Tests.S3;

// POST Object with a SigV4 POST policy: https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html
public sealed class LocalS3PostTests(LocalS3Fixture fixture) : IClassFixture<LocalS3Fixture>
{
    private readonly IAmazonS3 _client = fixture.Client;

    [Fact]
    public async Task A_presigned_post_stores_the_file_and_emits_ObjectCreated_Post()
    {
        var bucket = await fixture.NewBucketAsync();
        var queue = "arn:aws:sqs:us-east-1:123456789012:q-" + Guid.NewGuid().ToString("N")[..8];
        await _client.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = bucket,
            QueueConfigurations = [new QueueConfiguration { Id = "c", Queue = queue, Events = [EventType.ObjectCreatedAll] }],
        });
        var names = new List<string>();
        using var subscription = fixture.S3.SubscribeQueue(queue, (m, _) =>
        {
            using var json = JsonDocument.Parse(m);
            names.Add(json.RootElement.GetProperty("Records")[0].GetProperty("eventName").GetString()!);
            return Task.CompletedTask;
        });
        var post = await _client.CreatePresignedPostAsync(new CreatePresignedPostRequest { BucketName = bucket, Key = "forms/upload.csv", Expires = DateTime.UtcNow.AddMinutes(5) });
        var bytes = RandomNumberGenerator.GetBytes(5000);

        var response = await PostAsync(post, bytes);
        await fixture.S3.WhenNotificationsDeliveredAsync();

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        response.Headers.ETag!.Tag.Should().Be("\"" + Convert.ToHexStringLower(MD5.HashData(bytes)) + "\"");
        using var get = await _client.GetObjectAsync(bucket, "forms/upload.csv");
        using var copy = new MemoryStream();
        await get.ResponseStream.CopyToAsync(copy);
        copy.ToArray().Should().Equal(bytes);
        names.Should().Equal("ObjectCreated:Post");
    }

    [Fact]
    public async Task A_post_with_a_forged_signature_is_refused()
    {
        var bucket = await fixture.NewBucketAsync();
        var post = await _client.CreatePresignedPostAsync(new CreatePresignedPostRequest { BucketName = bucket, Key = "k", Expires = DateTime.UtcNow.AddMinutes(5) });
        var signatureField = post.Fields.Keys.Single(k => k.Equals("x-amz-signature", StringComparison.OrdinalIgnoreCase));
        post.Fields[signatureField] = new string('0', 64);

        var response = await PostAsync(post, [1, 2, 3]);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).Should().Contain("<Code>SignatureDoesNotMatch</Code>");
    }

    private static async Task<HttpResponseMessage> PostAsync(CreatePresignedPostResponse post, byte[] bytes)
    {
        using var http = new HttpClient();
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in post.Fields)
        {
            form.Add(new StringContent(value), name);
        }

        form.Add(new ByteArrayContent(bytes), "file", "upload.csv");
        return await http.PostAsync(new Uri(post.Url), form);
    }
}
