using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.S3.Model;
using SnowMedallion.Ingestion;
using S3Location = SnowMedallion.Model.S3Location;

namespace SnowMedallion.Tests.Ingestion;

// Event message: https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
public sealed class UploadAcceptanceTests(IngestionFixture fixture) : IClassFixture<IngestionFixture>, IDisposable
{
    private const string Pipe = "RAW.BRONZE.CUSTOMER_PIPE";
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("acceptance-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task Uploading_reference_csvs_to_a_wired_bucket_emits_one_event_per_file_and_a_rerun_emits_nothing()
    {
        var bucket = await fixture.NewBucketAsync();
        var queue = "arn:aws:sqs:us-east-1:123456789012:sf-snowpipe-" + Guid.NewGuid().ToString("N")[..12];
        var stage = S3Location.Parse($"s3://{bucket}/customers/");
        var files = WriteReferenceShapedCsvs(4);
        await new BucketNotificationWiring(fixture.Client, new FakeDescPipeExecutor(Pipe, queue)).WireAsync(Pipe, stage);
        var events = new ConcurrentQueue<JsonElement>();
        var arrived = new SemaphoreSlim(0);
        using var subscription = fixture.S3.SubscribeQueue(queue, (message, _) =>
        {
            using var json = JsonDocument.Parse(message);
            events.Enqueue(json.RootElement.GetProperty("Records")[0].Clone());
            arrived.Release();
            return Task.CompletedTask;
        });
        var uploader = new S3Uploader(fixture.Client);

        var first = await uploader.UploadFolderAsync(_work.FullName, stage, "*.csv");
        await WaitForEventsAsync(arrived, 4);

        first.Files.Should().Be(4);
        events.Should().HaveCount(4);
        foreach (var uploaded in first.Objects)
        {
            var file = files[Path.GetFileName(uploaded.Source)];
            var record = events.Single(e => e.GetProperty("s3").GetProperty("object").GetProperty("key").GetString() == uploaded.Key);
            record.GetProperty("eventName").GetString().Should().Be("ObjectCreated:Put");
            record.GetProperty("s3").GetProperty("bucket").GetProperty("name").GetString().Should().Be(bucket);
            var obj = record.GetProperty("s3").GetProperty("object");
            obj.GetProperty("size").GetInt64().Should().Be(file.Length);
            obj.GetProperty("eTag").GetString().Should().Be(Convert.ToHexStringLower(MD5.HashData(file))).And.Be(uploaded.ETag);
        }

        var second = await uploader.UploadFolderAsync(_work.FullName, stage, "*.csv");
        // Deliveries are ordered per queue: once a later object's event arrives, any event of the re-run would have too.
        await fixture.Client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "customers/zz-sentinel.csv", ContentBody = "x" });
        await WaitForEventsAsync(arrived, 1);

        second.Files.Should().Be(0);
        second.Bytes.Should().Be(0);
        second.Skipped.Should().Be(4);
        events.Should().HaveCount(5);
        events.Last().GetProperty("s3").GetProperty("object").GetProperty("key").GetString().Should().Be("customers/zz-sentinel.csv");
    }

    private static async Task WaitForEventsAsync(SemaphoreSlim arrived, int count)
    {
        for (var i = 0; i < count; i++)
        {
            (await arrived.WaitAsync(TimeSpan.FromSeconds(30))).Should().BeTrue("event {0} of {1} should be delivered", i + 1, count);
        }
    }

    /// <summary>Splits the 80-row reference file into <paramref name="count"/> CSVs with its header, as a landing folder would hold.</summary>
    private Dictionary<string, byte[]> WriteReferenceShapedCsvs(int count)
    {
        var lines = File.ReadAllLines(ReferenceFile());
        var header = lines[0];
        var rows = lines.Skip(1).ToArray();
        var files = new Dictionary<string, byte[]>();
        var size = (rows.Length + count - 1) / count;
        for (var i = 0; i < count; i++)
        {
            var name = $"customer_data_{i + 1:D2}.csv";
            var content = string.Join('\n', new[] { header }.Concat(rows.Skip(i * size).Take(size))) + "\n";
            var bytes = System.Text.Encoding.UTF8.GetBytes(content);
            File.WriteAllBytes(Path.Combine(_work.FullName, name), bytes);
            files[name] = bytes;
        }

        return files;
    }

    private static string ReferenceFile()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SnowMedallion.sln")))
        {
            directory = directory.Parent;
        }

        var candidates = new[]
        {
            Path.Combine(directory?.FullName ?? ".", "..", "shared", "data", "customer_data.csv"),
            Path.Combine(directory?.FullName ?? ".", "..", "..", "shared", "data", "customer_data.csv"),
        };
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("The reference file customer_data.csv is expected at ../shared/data/ next to the repository.");
    }
}
