using System.Text.Json;
using Amazon;
using Amazon.S3.Model;
using Microsoft.Extensions.Time.Testing;
using SnowMedallion.Testing.Snowflake.Pipes;

namespace SnowMedallion.Testing.Tests.Snowflake.Pipes;

/// <summary>
/// Auto-ingest: LocalS3 ObjectCreated events on the pipe's notification channel load files in the background.
/// https://docs.snowflake.com/en/user-guide/data-load-snowpipe-auto-s3 , https://docs.snowflake.com/en/sql-reference/sql/show-pipes
/// </summary>
public sealed class AutoIngestTests
{
    private const string Bucket = "snowflake-project-etl";

    private const string Setup = """
        CREATE DATABASE D; CREATE SCHEMA S;
        CREATE TABLE T (ID INT, NAME VARCHAR, FILE_NAME VARCHAR);
        CREATE FILE FORMAT F TYPE = CSV SKIP_HEADER = 1;
        CREATE STORAGE INTEGRATION I TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' ENABLED = TRUE
          STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::111122223333:role/r' STORAGE_ALLOWED_LOCATIONS = ('s3://snowflake-project-etl/raw_data/');
        CREATE STAGE ST URL = 's3://snowflake-project-etl/raw_data/' STORAGE_INTEGRATION = I FILE_FORMAT = (FORMAT_NAME = F);
        CREATE PIPE P AUTO_INGEST = TRUE AS COPY INTO T FROM (SELECT $1, $2, METADATA$FILENAME FROM @ST/);
        """;

    [Fact]
    public async Task Files_announced_on_the_notification_channel_are_loaded_once()
    {
        AWSConfigs.InitializeCollections = true;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 5, 30, 0, TimeSpan.Zero));
        await using var s3 = await LocalS3.StartAsync(new LocalS3Options { TimeProvider = clock });
        await using var h = await LocalSnowflakeHarness.StartAsync(new LocalSnowflakeOptions { TimeProvider = clock, S3 = s3 });
        using var client = s3.CreateClient();
        await client.PutBucketAsync(Bucket);
        h.Rows(Setup);
        var channel = (string)h.Result("DESC PIPE P").Rows.Single()[6]!;
        channel.Should().MatchRegex("^arn:aws:sqs:[a-z0-9-]+:[0-9]{12}:sf-snowpipe-");
        h.Rows("CREATE PIPE P2 AUTO_INGEST = TRUE AS COPY INTO T FROM @ST/other/");
        h.Result("SHOW PIPES LIKE 'P2'").Rows.Single()[6].Should().Be(channel, "all auto-ingest pipes of an account share one queue");
        await client.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = Bucket,
            QueueConfigurations =
            [
                new QueueConfiguration
                {
                    Queue = channel,
                    Events = [Amazon.S3.EventType.ObjectCreatedAll],
                    Filter = new Filter { S3KeyFilter = new S3KeyFilter { FilterRules = [new FilterRule("prefix", "raw_data/")] } },
                },
            ],
        });

        await client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "raw_data/customers 1.csv", ContentBody = "ID,NAME\n1,a\n2,b\n" });
        await client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "elsewhere/x.csv", ContentBody = "ID,NAME\n9,z\n" });
        await h.Snowflake.WaitForIdleAsync();

        h.Rows("SELECT ID, FILE_NAME FROM T ORDER BY ID").Select(r => (Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture), r[1])).Should().Equal((1L, "customers 1.csv"), (2L, "customers 1.csv"));
        using (var session = h.Snowflake.Engine.OpenSession())
        {
            session.Use("D", "S");
            using var status = JsonDocument.Parse(PipeHooks.Status(session, "P"));
            status.RootElement.GetProperty("executionState").GetString().Should().Be("RUNNING");
            status.RootElement.GetProperty("notificationChannelName").GetString().Should().Be(channel);
            status.RootElement.GetProperty("lastIngestedFilePath").GetString().Should().Be("customers 1.csv");
            status.RootElement.GetProperty("lastForwardedFilePath").GetString().Should().Be(Bucket + "/raw_data/customers 1.csv");
        }

        // The same object uploaded again (an event for the same path) is not loaded twice by the pipe.
        await client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "raw_data/customers 1.csv", ContentBody = "ID,NAME\n1,a\n2,b\n" });
        await h.Snowflake.WaitForIdleAsync();
        h.Scalar("SELECT count(*) FROM T").Should().Be(2L);
    }
}
