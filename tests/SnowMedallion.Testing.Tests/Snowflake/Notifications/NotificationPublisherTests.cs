using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SnowMedallion.Testing.Snowflake.Notifications;

namespace SnowMedallion.Testing.Tests.Snowflake.Notifications;

public sealed class NotificationPublisherTests
{
    private const string TopicArn = "arn:aws:sns:us-east-1:123456789012:S3_SF_Error_Notification";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2021, 11, 11, 19, 46, 39, 648, TimeSpan.Zero));
    private readonly List<PublishedNotification> _published = [];

    private NotificationPublisher Publisher(bool enabled = true) => new(
        _time,
        "AWS_UTEN_DPO_ACC",
        name => name == "SNOWFLAKE_ERROR_INTEGRATION" ? new NotificationTarget(name, enabled, TopicArn) : null,
        _published.Add);

    // Field list and order: https://docs.snowflake.com/en/user-guide/tasks-errors-payload
    [Fact]
    public void User_task_failed_has_every_documented_field()
    {
        var scheduled = new DateTimeOffset(2021, 11, 11, 19, 46, 23, 826, TimeSpan.Zero);
        var payload = new UserTaskFailedPayload(
            "DB.SC.TK1", "01a03962-2b57-889e-0000-000000000001", "DB.SC.TK1", "01a03962-2b57-889e-0000-000000000001",
            [new TaskFailureMessage(scheduled, scheduled, scheduled.AddSeconds(1), null, "01a03962-0300-0002-0000-0000000034d8", 630,
                "Statement reached its statement or warehouse timeout of 10 second(s) and was canceled.")]);

        var message = Publisher().Publish("SNOWFLAKE_ERROR_INTEGRATION", payload);

        message.Should().NotBeNull();
        _published.Should().ContainSingle().Which.Should().Be(message);
        message!.TopicArn.Should().Be(TopicArn);
        message.IntegrationName.Should().Be("SNOWFLAKE_ERROR_INTEGRATION");
        message.PublishedAt.Should().Be(_time.GetUtcNow());
        using var json = JsonDocument.Parse(message.Body);
        var root = json.RootElement;
        root.EnumerateObject().Select(p => p.Name).Should().Equal(
            "version", "messageId", "messageType", "timestamp", "accountName", "taskName", "taskId", "rootTaskName", "rootTaskId", "messages");
        root.GetProperty("version").GetString().Should().Be("1.0");
        Guid.TryParse(root.GetProperty("messageId").GetString(), out _).Should().BeTrue();
        root.GetProperty("messageType").GetString().Should().Be("USER_TASK_FAILED");
        root.GetProperty("timestamp").GetString().Should().Be("2021-11-11T19:46:39.648Z");
        root.GetProperty("accountName").GetString().Should().Be("AWS_UTEN_DPO_ACC");
        var entry = root.GetProperty("messages")[0];
        entry.EnumerateObject().Select(p => p.Name).Should().Equal(
            "runId", "scheduledTime", "queryStartTime", "completedTime", "queryId", "errorCode", "errorMessage");
        entry.GetProperty("runId").GetString().Should().Be("2021-11-11T19:46:23.826Z");
        entry.GetProperty("queryStartTime").GetString().Should().Be("2021-11-11T19:46:24.826Z");
        entry.GetProperty("completedTime").GetString().Should().Be("null");
        entry.GetProperty("errorCode").GetString().Should().Be("000630");
    }

    // Field list: https://docs.snowflake.com/en/user-guide/data-load-snowpipe-errors-sns
    [Fact]
    public void Ingest_failed_file_has_every_documented_field()
    {
        var payload = new IngestFailedFilePayload("MYDB.MYSCHEMA.MYPIPE", "MYDB.MYSCHEMA.MYTABLE", "s3://mybucket/mypath",
            [new IngestFailedFileMessage("/file1.csv_0_0_0.csv.gz", "Numeric value 'abc' is not recognized")]);

        var message = Publisher().Publish("SNOWFLAKE_ERROR_INTEGRATION", payload)!;

        using var json = JsonDocument.Parse(message.Body);
        var root = json.RootElement;
        root.EnumerateObject().Select(p => p.Name).Should().Equal(
            "version", "messageId", "messageType", "timestamp", "accountName", "pipeName", "tableName", "stageLocation", "messages");
        root.GetProperty("messageType").GetString().Should().Be("INGEST_FAILED_FILE");
        root.GetProperty("stageLocation").GetString().Should().Be("s3://mybucket/mypath");
        var entry = root.GetProperty("messages")[0];
        entry.GetProperty("fileName").GetString().Should().Be("/file1.csv_0_0_0.csv.gz");
        entry.GetProperty("firstError").GetString().Should().Be("Numeric value 'abc' is not recognized");
        message.Body.Should().Contain("'abc'", "quotes in messages stay readable, as Snowflake writes them");
    }

    [Fact]
    public void Every_message_gets_its_own_message_id()
    {
        var payload = new IngestFailedFilePayload("P", "T", "s3://b/p", [new IngestFailedFileMessage("/f", "e")]);
        var publisher = Publisher();

        var first = publisher.Publish("SNOWFLAKE_ERROR_INTEGRATION", payload)!;
        var second = publisher.Publish("SNOWFLAKE_ERROR_INTEGRATION", payload)!;

        Id(first).Should().NotBe(Id(second));
    }

    [Fact]
    public void Disabled_or_missing_integration_publishes_nothing()
    {
        var payload = new IngestFailedFilePayload("P", "T", "s3://b/p", [new IngestFailedFileMessage("/f", "e")]);

        Publisher(enabled: false).Publish("SNOWFLAKE_ERROR_INTEGRATION", payload).Should().BeNull();
        Publisher().Publish("NO_SUCH_INTEGRATION", payload).Should().BeNull();
        _published.Should().BeEmpty();
    }

    private static string Id(PublishedNotification message)
    {
        using var json = JsonDocument.Parse(message.Body);
        return json.RootElement.GetProperty("messageId").GetString()!;
    }
}
