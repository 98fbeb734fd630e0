using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;

namespace SnowMedallion.Testing.Tests.S3;

// Message shape: https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
public sealed class LocalS3NotificationTests(LocalS3Fixture fixture) : IClassFixture<LocalS3Fixture>
{
    private const string QueueArn = "arn:aws:sqs:us-east-1:123456789012:sf-snowpipe-TEST";
    private readonly IAmazonS3 _client = fixture.Client;

    [Fact]
    public async Task An_object_created_under_the_filter_is_delivered_as_an_s3_event_message()
    {
        var bucket = await fixture.NewBucketAsync();
        var queue = "arn:aws:sqs:us-east-1:123456789012:q-" + Guid.NewGuid().ToString("N")[..8];
        await WireAsync(bucket, queue, "landing/", ".csv");
        var messages = new ConcurrentQueue<string>();
        using var subscription = fixture.S3.SubscribeQueue(queue, (m, _) => { messages.Enqueue(m); return Task.CompletedTask; });

        await _client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "landing/day one.csv", ContentBody = "1,a\n" });
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "landing/skip.txt", ContentBody = "x" });
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "elsewhere/x.csv", ContentBody = "x" });
        await fixture.S3.WhenNotificationsDeliveredAsync();

        messages.Should().ContainSingle();
        using var json = JsonDocument.Parse(messages.Single());
        var record = json.RootElement.GetProperty("Records")[0];
        record.GetProperty("eventVersion").GetString().Should().Be("2.1");
        record.GetProperty("eventSource").GetString().Should().Be("aws:s3");
        record.GetProperty("awsRegion").GetString().Should().Be("us-east-1");
        record.GetProperty("eventName").GetString().Should().Be("ObjectCreated:Put");
        record.GetProperty("eventTime").GetString().Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$");
        var s3 = record.GetProperty("s3");
        s3.GetProperty("s3SchemaVersion").GetString().Should().Be("1.0");
        s3.GetProperty("configurationId").GetString().Should().Be("pipe-config");
        s3.GetProperty("bucket").GetProperty("name").GetString().Should().Be(bucket);
        s3.GetProperty("bucket").GetProperty("arn").GetString().Should().Be("arn:aws:s3:::" + bucket);
        var obj = s3.GetProperty("object");
        obj.GetProperty("key").GetString().Should().Be("landing/day+one.csv");
        obj.GetProperty("size").GetInt64().Should().Be(4);
        obj.GetProperty("eTag").GetString().Should().Be(Convert.ToHexStringLower(MD5.HashData("1,a\n"u8.ToArray())));
        obj.GetProperty("sequencer").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Copy_and_multipart_completion_are_object_created_events_and_order_is_kept()
    {
        var bucket = await fixture.NewBucketAsync();
        var queue = "arn:aws:sqs:us-east-1:123456789012:q-" + Guid.NewGuid().ToString("N")[..8];
        await WireAsync(bucket, queue, null, null);
        var names = new ConcurrentQueue<string>();
        using var subscription = fixture.S3.SubscribeQueue(queue, async (m, ct) =>
        {
            await Task.Delay(5, ct);
            using var json = JsonDocument.Parse(m);
            var record = json.RootElement.GetProperty("Records")[0];
            names.Enqueue(record.GetProperty("eventName").GetString() + " " + record.GetProperty("s3").GetProperty("object").GetProperty("key").GetString());
        });

        await _client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "a", ContentBody = "x" });
        await _client.CopyObjectAsync(bucket, "a", bucket, "b");
        var upload = await _client.InitiateMultipartUploadAsync(bucket, "c");
        var part = await _client.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "c", UploadId = upload.UploadId, PartNumber = 1, InputStream = new MemoryStream(new byte[10]) });
        await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "c",
            UploadId = upload.UploadId,
            PartETags = [new PartETag(1, part.ETag)],
        });
        await fixture.S3.WhenNotificationsDeliveredAsync();

        names.Should().Equal("ObjectCreated:Put a", "ObjectCreated:Copy b", "ObjectCreated:CompleteMultipartUpload c");
    }

    [Fact]
    public async Task A_bucket_without_a_queue_configuration_for_the_arn_delivers_nothing()
    {
        var bucket = await fixture.NewBucketAsync();
        await WireAsync(bucket, "arn:aws:sqs:us-east-1:123456789012:someone-else", null, null);
        var count = 0;
        using var subscription = fixture.S3.SubscribeQueue(QueueArn, (_, _) => { Interlocked.Increment(ref count); return Task.CompletedTask; });

        await _client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "a", ContentBody = "x" });
        await fixture.S3.WhenNotificationsDeliveredAsync();

        count.Should().Be(0);
    }

    [Fact]
    public async Task The_notification_configuration_round_trips()
    {
        var bucket = await fixture.NewBucketAsync();
        await WireAsync(bucket, QueueArn, "p/", null);

        var read = await _client.GetBucketNotificationAsync(bucket);

        var queue = read.QueueConfigurations.Should().ContainSingle().Subject;
        queue.Queue.Should().Be(QueueArn);
        queue.Id.Should().Be("pipe-config");
        queue.Events.Select(e => e.Value).Should().Equal("s3:ObjectCreated:*");
        queue.Filter.S3KeyFilter.FilterRules.Should().ContainSingle(r => r.Name.Equals("Prefix", StringComparison.OrdinalIgnoreCase) && r.Value == "p/");
    }

    [Fact]
    public async Task A_failing_subscriber_does_not_stop_later_messages()
    {
        var bucket = await fixture.NewBucketAsync();
        var queue = "arn:aws:sqs:us-east-1:123456789012:q-" + Guid.NewGuid().ToString("N")[..8];
        await WireAsync(bucket, queue, null, null);
        var delivered = 0;
        using var subscription = fixture.S3.SubscribeQueue(queue, (_, _) =>
            Interlocked.Increment(ref delivered) == 1 ? throw new InvalidOperationException("boom") : Task.CompletedTask);

        await _client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "a", ContentBody = "x" });
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "b", ContentBody = "x" });
        await fixture.S3.WhenNotificationsDeliveredAsync();

        delivered.Should().Be(2);
    }

    private async Task WireAsync(string bucket, string queueArn, string? prefix, string? suffix)
    {
        var rules = new List<FilterRule>();
        if (prefix is not null)
        {
            rules.Add(new FilterRule("Prefix", prefix));
        }

        if (suffix is not null)
        {
            rules.Add(new FilterRule("Suffix", suffix));
        }

        await _client.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = bucket,
            QueueConfigurations =
            [
                new QueueConfiguration
                {
                    Id = "pipe-config",
                    Queue = queueArn,
                    Events = [EventType.ObjectCreatedAll],
                    Filter = rules.Count == 0 ? null : new Filter { S3KeyFilter = new S3KeyFilter { FilterRules = rules } },
                },
            ],
        });
    }
}
