using Amazon.S3;
using Amazon.S3.Model;
using SnowMedallion.Ingestion;
using SnowMedallion.Model;
using S3Location = SnowMedallion.Model.S3Location;

namespace SnowMedallion.Tests.Ingestion;

// DESC PIPE's notification_channel: https://docs.snowflake.com/en/sql-reference/sql/desc-pipe
// Until LocalSnowflake answers DESC PIPE, these tests use FakeDescPipeExecutor.
public sealed class BucketNotificationWiringTests(IngestionFixture fixture) : IClassFixture<IngestionFixture>
{
    private const string Pipe = "RAW.BRONZE.CUSTOMER_PIPE";
    private const string Queue = "arn:aws:sqs:us-east-1:123456789012:sf-snowpipe-AIDAEXAMPLE-abcdefghijkl";
    private readonly IAmazonS3 _client = fixture.Client;

    [Fact]
    public async Task Wiring_reads_the_channel_and_adds_one_queue_configuration_on_the_stage_prefix()
    {
        var bucket = await fixture.NewBucketAsync();
        var executor = new FakeDescPipeExecutor(Pipe, Queue);
        var wiring = new BucketNotificationWiring(_client, executor);

        var result = await wiring.WireAsync(Pipe, S3Location.Parse($"s3://{bucket}/customers/"));

        executor.Statements.Should().Equal("DESC PIPE " + Pipe);
        result.Changed.Should().BeTrue();
        result.QueueArn.Should().Be(Queue);
        var config = await _client.GetBucketNotificationAsync(bucket);
        var queue = config.QueueConfigurations.Should().ContainSingle().Subject;
        queue.Queue.Should().Be(Queue);
        queue.Id.Should().Be(result.ConfigurationId);
        queue.Events.Select(e => e.Value).Should().Equal("s3:ObjectCreated:*");
        queue.Filter.S3KeyFilter.FilterRules.Should().ContainSingle().Which.Should().Match<FilterRule>(r => r.Name.Equals("Prefix", StringComparison.OrdinalIgnoreCase) && r.Value == "customers/");
    }

    [Fact]
    public async Task Wiring_again_changes_nothing_and_other_configurations_are_kept()
    {
        var bucket = await fixture.NewBucketAsync();
        await _client.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = bucket,
            TopicConfigurations = [new TopicConfiguration { Id = "audit", Topic = "arn:aws:sns:us-east-1:123456789012:audit", Events = [EventType.ObjectRemovedAll] }],
            QueueConfigurations = [new QueueConfiguration { Id = "other", Queue = "arn:aws:sqs:us-east-1:123456789012:other", Events = [EventType.ObjectCreatedAll], Filter = PrefixFilter("archive/") }],
        });
        var wiring = new BucketNotificationWiring(_client, new FakeDescPipeExecutor(Pipe, Queue));
        var location = S3Location.Parse($"s3://{bucket}/customers/");

        var first = await wiring.WireAsync(Pipe, location);
        var second = await wiring.WireAsync(Pipe, location);

        first.Changed.Should().BeTrue();
        second.Changed.Should().BeFalse();
        var config = await _client.GetBucketNotificationAsync(bucket);
        config.TopicConfigurations.Should().ContainSingle().Which.Id.Should().Be("audit");
        config.QueueConfigurations.Select(q => q.Id).Should().BeEquivalentTo("other", first.ConfigurationId);
    }

    [Fact]
    public async Task A_queue_configuration_already_covering_the_prefix_is_left_alone()
    {
        var bucket = await fixture.NewBucketAsync();
        await _client.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = bucket,
            QueueConfigurations = [new QueueConfiguration { Id = "by-hand", Queue = Queue, Events = [EventType.ObjectCreatedAll] }],
        });
        var wiring = new BucketNotificationWiring(_client, new FakeDescPipeExecutor(Pipe, Queue));

        var result = await wiring.WireAsync(Pipe, S3Location.Parse($"s3://{bucket}/customers/"));

        result.Changed.Should().BeFalse();
        result.ConfigurationId.Should().Be("by-hand");
        (await _client.GetBucketNotificationAsync(bucket)).QueueConfigurations.Should().ContainSingle();
    }

    [Fact]
    public async Task Another_destination_on_overlapping_keys_is_refused_with_the_fix()
    {
        var bucket = await fixture.NewBucketAsync();
        await _client.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = bucket,
            QueueConfigurations = [new QueueConfiguration { Id = "etl", Queue = "arn:aws:sqs:us-east-1:123456789012:etl", Events = [EventType.ObjectCreatedPut] }],
        });
        var wiring = new BucketNotificationWiring(_client, new FakeDescPipeExecutor(Pipe, Queue));

        var wire = async () => await wiring.WireAsync(Pipe, S3Location.Parse($"s3://{bucket}/customers/"));

        (await wire.Should().ThrowAsync<InvalidOperationException>()).Which.Message
            .Should().Contain(bucket).And.Contain("etl").And.Contain("overlapping");
    }

    [Fact]
    public async Task A_pipe_without_a_notification_channel_is_refused_with_the_fix()
    {
        var wiring = new BucketNotificationWiring(_client, new FakeDescPipeExecutor(Pipe, null));

        var wire = async () => await wiring.GetNotificationChannelAsync(Pipe);

        (await wire.Should().ThrowAsync<InvalidOperationException>()).Which.Message
            .Should().Contain(Pipe).And.Contain("AUTO_INGEST = TRUE");
    }

    [Fact]
    public async Task A_pipe_model_is_wired_on_its_stage_url_and_path()
    {
        var bucket = await fixture.NewBucketAsync();
        var schema = new Schema(new Database("RAW"), "BRONZE");
        var stage = new Stage(schema, "LANDING") { Url = S3Location.Parse($"s3://{bucket}/customers/") };
        var table = new Table(schema, "CUSTOMERS", [new Column("NAME", DataType.Varchar())]);
        var pipe = new SnowMedallion.Model.Pipe(schema, "CUSTOMER_PIPE", stage, table, []) { AutoIngest = true, Path = "daily/" };
        var wiring = new BucketNotificationWiring(_client, new FakeDescPipeExecutor(Pipe, Queue));

        var result = await wiring.WirePipeAsync(pipe);

        result.Bucket.Should().Be(bucket);
        result.Prefix.Should().Be("customers/daily/");
    }

    private static Filter PrefixFilter(string prefix) => new() { S3KeyFilter = new S3KeyFilter { FilterRules = [new FilterRule("Prefix", prefix)] } };
}
