using System.Text.Json;
using SnowMedallion.Testing.Snowflake.Pipes;

namespace SnowMedallion.Testing.Tests.Snowflake.Pipes;

public sealed class S3EventNotificationTests
{
    [Fact]
    public void Parses_object_created_records_with_url_decoded_keys()
    {
        // https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
        const string json = """
            {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
              "eventTime":"2026-11-26T09:00:00.123Z","eventName":"ObjectCreated:Put",
              "s3":{"s3SchemaVersion":"1.0","configurationId":"cfg",
                    "bucket":{"name":"snowflake-project-etl","arn":"arn:aws:s3:::snowflake-project-etl"},
                    "object":{"key":"raw_data/customer+file%2C+2026.csv","size":1234,"eTag":"abc","sequencer":"0A"}}}]}
            """;

        var records = S3EventNotification.Parse(json);

        records.Should().ContainSingle().Which.Should().BeEquivalentTo(new S3ObjectCreated(
            "ObjectCreated:Put", "snowflake-project-etl", "raw_data/customer file, 2026.csv", 1234, "abc",
            new DateTimeOffset(2026, 11, 26, 9, 0, 0, 123, TimeSpan.Zero)));
    }

    [Fact]
    public void Ignores_test_events_and_other_event_types()
    {
        S3EventNotification.Parse("""{"Service":"Amazon S3","Event":"s3:TestEvent","Bucket":"b"}""").Should().BeEmpty();
        S3EventNotification.Parse("""{"Records":[{"eventName":"ObjectRemoved:Delete","s3":{"bucket":{"name":"b"},"object":{"key":"k"}}}]}""")
            .Should().BeEmpty();
    }

    [Fact]
    public void Rejects_text_that_is_not_json()
    {
        var parse = () => S3EventNotification.Parse("not json");
        parse.Should().Throw<FormatException>();
    }
}

public sealed class NotificationChannelTests
{
    [Fact]
    public void Is_an_sqs_arn_shared_by_the_account_in_a_region()
    {
        var arn = NotificationChannel.Arn("LOCALSNOWFLAKE", "us-east-1");

        arn.Should().MatchRegex("^arn:aws:sqs:us-east-1:[0-9]{12}:sf-snowpipe-AIDA[A-Z2-7]{17}-[a-z2-7]{22}$");
        NotificationChannel.Arn("LOCALSNOWFLAKE", "us-east-1").Should().Be(arn);
        NotificationChannel.Arn("OTHER", "us-east-1").Should().NotBe(arn);
        NotificationChannel.Arn("LOCALSNOWFLAKE", "eu-west-1").Should().StartWith("arn:aws:sqs:eu-west-1:");
    }
}

public sealed class PipeLoadQueueTests
{
    [Fact]
    public void Is_first_in_first_out_without_duplicates()
    {
        var queue = new PipeLoadQueue();
        var t = DateTimeOffset.UnixEpoch;

        queue.Enqueue(new PendingFile("a.csv", 1, t)).Should().BeTrue();
        queue.Enqueue(new PendingFile("b.csv", 1, t.AddSeconds(1))).Should().BeTrue();
        queue.Enqueue(new PendingFile("a.csv", 1, t.AddSeconds(2))).Should().BeFalse();

        queue.Count.Should().Be(2);
        queue.Oldest!.FileName.Should().Be("a.csv");
        queue.TryDequeue(out var first).Should().BeTrue();
        first.FileName.Should().Be("a.csv");
        queue.Enqueue(new PendingFile("a.csv", 1, t.AddSeconds(3))).Should().BeTrue("it is no longer waiting");
    }
}

public sealed class PipeStatusJsonTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 26, 9, 30, 40, 456, TimeSpan.Zero);

    [Fact]
    public void Reports_the_documented_fields_and_oldest_pending_only_when_files_are_pending()
    {
        // https://docs.snowflake.com/en/sql-reference/functions/system_pipe_status
        var idle = PipeStatusJson.Write(new PipeStatusSnapshot
        {
            ExecutionState = "RUNNING",
            PendingFileCount = 0,
            OldestPending = new PendingFile("x.csv", 1, T),
            NotificationChannelName = "arn:aws:sqs:us-east-1:123456789012:sf-snowpipe-X-y",
            LastIngestedTimestamp = T,
            LastIngestedFilePath = "customers.csv",
            LastReceivedMessageTimestamp = T,
            LastForwardedMessageTimestamp = T,
            LastPulledFromChannelTimestamp = T,
            LastForwardedFilePath = "bucket/raw_data/customers.csv",
        });

        idle.Should().Be((
            "{'executionState':'RUNNING','pendingFileCount':0,'lastIngestedTimestamp':'2026-11-26T09:30:40.456Z'," +
            "'lastIngestedFilePath':'customers.csv','notificationChannelName':'arn:aws:sqs:us-east-1:123456789012:sf-snowpipe-X-y'," +
            "'numOutstandingMessagesOnChannel':0,'lastReceivedMessageTimestamp':'2026-11-26T09:30:40.456Z'," +
            "'lastForwardedMessageTimestamp':'2026-11-26T09:30:40.456Z','lastPulledFromChannelTimestamp':'2026-11-26T09:30:40.456Z'," +
            "'lastForwardedFilePath':'bucket/raw_data/customers.csv'}").Replace('\'', '"'));

        var busy = JsonDocument.Parse(PipeStatusJson.Write(new PipeStatusSnapshot
        {
            ExecutionState = "PAUSED",
            PendingFileCount = 2,
            OldestPending = new PendingFile("x.csv", 1, T),
            Error = "boom",
            LastPipeErrorTimestamp = T,
        })).RootElement;

        busy.GetProperty("executionState").GetString().Should().Be("PAUSED");
        busy.GetProperty("pendingFileCount").GetInt32().Should().Be(2);
        busy.GetProperty("oldestPendingFilePath").GetString().Should().Be("x.csv");
        busy.GetProperty("oldestFileTimestamp").GetString().Should().Be("2026-11-26T09:30:40.456Z");
        busy.GetProperty("error").GetString().Should().Be("boom");
        busy.GetProperty("lastPipeErrorTimestamp").GetString().Should().Be("2026-11-26T09:30:40.456Z");
    }
}
