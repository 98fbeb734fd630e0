using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SnowMedallion.Ingestion;
using SnowMedallion.Model;
using S3Location = SnowMedallion.Model.S3Location;
using Stream = System.IO.Stream;

namespace SnowMedallion.Tests.Ingestion;

public sealed class S3UploaderTests(IngestionFixture fixture) : IClassFixture<IngestionFixture>, IDisposable
{
    private static readonly S3UploadOptions Fast = new() { RetryDelay = TimeSpan.Zero };
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("uploader-");
    private readonly IAmazonS3 _client = fixture.Client;

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task A_folder_upload_keeps_relative_paths_of_the_files_the_glob_selects()
    {
        var bucket = await fixture.NewBucketAsync();
        Write("a.csv", "1,a\n");
        Write("sub/b.csv", "2,b\n");
        Write("notes.txt", "skip me");
        var uploader = new S3Uploader(_client, Fast);

        var summary = await uploader.UploadFolderAsync(_work.FullName, S3Location.Parse($"s3://{bucket}/landing/"), "**/*.csv");

        summary.Succeeded.Should().BeTrue();
        summary.Objects.Select(o => o.Key).Should().Equal("landing/a.csv", "landing/sub/b.csv");
        summary.Files.Should().Be(2);
        summary.Bytes.Should().Be(8);
        (await ReadAsync(bucket, "landing/sub/b.csv")).Should().Be("2,b\n");
        (await KeysAsync(bucket)).Should().Equal("landing/a.csv", "landing/sub/b.csv");
    }

    [Fact]
    public async Task Every_object_carries_a_checksum_the_service_verified()
    {
        var bucket = await fixture.NewBucketAsync();
        var path = Write("data.csv", "id,name\n1,x\n");
        var uploader = new S3Uploader(_client, new S3UploadOptions { ChecksumAlgorithm = UploadChecksumAlgorithm.Crc32C });

        await uploader.UploadFileAsync(path, S3Location.Parse($"s3://{bucket}/in/"));
        var head = await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "in/data.csv", ChecksumMode = ChecksumMode.ENABLED });

        var crc = new Crc32(Crc32ParameterSet.Crc32C);
        crc.Append(Encoding.UTF8.GetBytes("id,name\n1,x\n"));
        var expected = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(expected, crc.GetCurrentHashAsUInt32());
        head.ChecksumCRC32C.Should().Be(Convert.ToBase64String(expected));
    }

    [Fact]
    public async Task File_name_layout_with_date_partitions_uses_the_time_provider()
    {
        var bucket = await fixture.NewBucketAsync();
        Write("deep/nested/c.csv", "3,c\n");
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 5, 17, 23, 30, 0, TimeSpan.Zero));
        var uploader = new S3Uploader(_client, new S3UploadOptions { KeyLayout = UploadKeyLayout.FileName, DatePartitionFormat = "yyyy/MM/dd" }, time);

        var summary = await uploader.UploadFolderAsync(_work.FullName, S3Location.Parse($"s3://{bucket}/raw/"));

        summary.Objects.Should().ContainSingle().Which.Key.Should().Be("raw/2024/05/17/c.csv");
    }

    [Fact]
    public async Task Large_files_go_up_in_parts_and_a_second_run_skips_them()
    {
        var bucket = await fixture.NewBucketAsync();
        var bytes = RandomNumberGenerator.GetBytes(12 * 1024 * 1024);
        var path = Path.Combine(_work.FullName, "big.bin");
        await File.WriteAllBytesAsync(path, bytes);
        var options = new S3UploadOptions { MultipartThreshold = 5 * 1024 * 1024, PartSize = 5 * 1024 * 1024, RetryDelay = TimeSpan.Zero };
        var uploader = new S3Uploader(_client, options);
        var reports = new ConcurrentQueue<UploadProgress>();
        var progress = new SynchronousProgress(reports.Enqueue);

        var first = await uploader.UploadFileAsync(path, S3Location.Parse($"s3://{bucket}/"), progress);
        var second = await uploader.UploadFileAsync(path, S3Location.Parse($"s3://{bucket}/"));

        first.Objects.Should().ContainSingle().Which.ETag.Should().EndWith("-3");
        first.Files.Should().Be(1);
        second.Skipped.Should().Be(1);
        second.Files.Should().Be(0);
        second.Bytes.Should().Be(0);
        reports.Last().Should().Be(new UploadProgress(bytes.Length, bytes.Length, 1, 1));
        reports.Select(r => r.BytesTransferred).Should().BeInAscendingOrder();
        using var get = await _client.GetObjectAsync(bucket, "big.bin");
        using var copy = new MemoryStream();
        await get.ResponseStream.CopyToAsync(copy);
        copy.ToArray().Should().Equal(bytes);
    }

    [Fact]
    public async Task A_changed_file_is_uploaded_again_and_an_unchanged_one_is_skipped()
    {
        var bucket = await fixture.NewBucketAsync();
        Write("same.csv", "1\n");
        var changing = Write("changing.csv", "old\n");
        var uploader = new S3Uploader(_client, Fast);
        var destination = S3Location.Parse($"s3://{bucket}/p/");
        await uploader.UploadFolderAsync(_work.FullName, destination);

        await File.WriteAllTextAsync(changing, "new\n");
        var again = await uploader.UploadFolderAsync(_work.FullName, destination);

        again.Objects.Where(o => o.Skipped).Select(o => o.Key).Should().Equal("p/same.csv");
        again.Objects.Where(o => !o.Skipped).Select(o => o.Key).Should().Equal("p/changing.csv");
        (await ReadAsync(bucket, "p/changing.csv")).Should().Be("new\n");
    }

    [Fact]
    public async Task A_new_object_is_read_once_and_only_an_existing_object_of_the_same_size_costs_a_hashing_pass()
    {
        var bucket = await fixture.NewBucketAsync();
        var uploader = new S3Uploader(_client, Fast);
        var destination = S3Location.Parse($"s3://{bucket}/r/");
        var bytes = RandomNumberGenerator.GetBytes(300_000);

        var first = new CountingStream(bytes);
        (await uploader.UploadStreamAsync(first, "a.bin", destination)).Files.Should().Be(1);
        first.BytesRead.Should().Be(bytes.Length, "the object is not there yet: the content is read once, while it is sent");

        var same = new CountingStream(bytes);
        (await uploader.UploadStreamAsync(same, "a.bin", destination)).Skipped.Should().Be(1);
        same.BytesRead.Should().Be(bytes.Length, "same key and size: the content is read once to compare its ETag, and not sent");

        var changed = bytes.ToArray();
        changed[^1] ^= 1;
        var third = new CountingStream(changed);
        var replaced = await uploader.UploadStreamAsync(third, "a.bin", destination);
        replaced.Skipped.Should().Be(0);
        replaced.Files.Should().Be(1);
        third.BytesRead.Should().Be(2L * bytes.Length, "same size, other content: read to compare, then read to send");
        using var get = await _client.GetObjectAsync(bucket, "r/a.bin");
        using var stored = new MemoryStream();
        await get.ResponseStream.CopyToAsync(stored);
        stored.ToArray().Should().Equal(changed);
    }

    [Fact]
    public async Task Streams_upload_whether_seekable_or_not()
    {
        var bucket = await fixture.NewBucketAsync();
        var uploader = new S3Uploader(_client, Fast);
        var destination = S3Location.Parse($"s3://{bucket}/s/");

        await uploader.UploadStreamAsync(new MemoryStream("seekable"u8.ToArray()), "one.csv", destination);
        await uploader.UploadStreamAsync(new ForwardOnlyStream("forward only"u8.ToArray()), "two/two.csv", destination);

        (await ReadAsync(bucket, "s/one.csv")).Should().Be("seekable");
        (await ReadAsync(bucket, "s/two/two.csv")).Should().Be("forward only");
    }

    [Fact]
    public async Task A_failed_file_is_reported_with_its_reason_and_the_others_still_go_up()
    {
        var bucket = await fixture.NewBucketAsync();
        Write("a.csv", "a");
        Write("bad.csv", "b");
        Write("c.csv", "c");
        using var faulty = fixture.FaultyClient(r =>
            r.Method == HttpMethod.Put && r.RequestUri!.AbsolutePath.EndsWith("/bad.csv", StringComparison.Ordinal)
                ? IngestionFixture.S3Error(HttpStatusCode.Forbidden, "AccessDenied")
                : null);
        var uploader = new S3Uploader(faulty, Fast);

        var summary = await uploader.UploadFolderAsync(_work.FullName, S3Location.Parse($"s3://{bucket}/"));

        summary.Succeeded.Should().BeFalse();
        var failure = summary.Failures.Should().ContainSingle().Subject;
        failure.Key.Should().Be("bad.csv");
        failure.Source.Should().EndWith("bad.csv");
        failure.Reason.Should().Contain("AccessDenied").And.Contain("403");
        failure.Attempts.Should().Be(1);
        summary.Objects.Select(o => o.Key).Should().Equal("a.csv", "c.csv");
        (await KeysAsync(bucket)).Should().Equal("a.csv", "c.csv");
    }

    [Fact]
    public async Task Transient_failures_are_retried_a_bounded_number_of_times()
    {
        var bucket = await fixture.NewBucketAsync();
        Write("flaky.csv", "f");
        Write("broken.csv", "b");
        var puts = new ConcurrentDictionary<string, int>();
        using var faulty = fixture.FaultyClient(r =>
        {
            if (r.Method != HttpMethod.Put)
            {
                return null;
            }

            var name = Path.GetFileName(r.RequestUri!.AbsolutePath);
            var attempt = puts.AddOrUpdate(name, 1, (_, n) => n + 1);
            return name switch
            {
                "flaky.csv" when attempt <= 2 => IngestionFixture.S3Error(HttpStatusCode.ServiceUnavailable, "SlowDown"),
                "broken.csv" => IngestionFixture.S3Error(HttpStatusCode.InternalServerError, "InternalError"),
                _ => null,
            };
        });
        var uploader = new S3Uploader(faulty, new S3UploadOptions { MaxAttempts = 3, RetryDelay = TimeSpan.Zero });

        var summary = await uploader.UploadFolderAsync(_work.FullName, S3Location.Parse($"s3://{bucket}/"));

        summary.Objects.Select(o => o.Key).Should().Equal("flaky.csv");
        puts["flaky.csv"].Should().Be(3);
        puts["broken.csv"].Should().Be(3);
        summary.Failures.Should().ContainSingle().Which.Should().Match<UploadFailure>(f => f.Key == "broken.csv" && f.Attempts == 3 && f.Reason.Contains("InternalError"));
    }

    [Fact]
    public async Task A_cancelled_upload_throws()
    {
        var bucket = await fixture.NewBucketAsync();
        Write("a.csv", "a");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var uploader = new S3Uploader(_client, Fast);

        var upload = async () => await uploader.UploadFolderAsync(_work.FullName, S3Location.Parse($"s3://{bucket}/"), cancellationToken: cancelled.Token);

        await upload.Should().ThrowAsync<OperationCanceledException>();
        (await KeysAsync(bucket)).Should().BeEmpty();
    }

    [Fact]
    public async Task An_external_stage_gives_bucket_and_prefix_and_an_internal_stage_is_refused()
    {
        var bucket = await fixture.NewBucketAsync();
        var path = Write("s.csv", "s");
        var schema = new Schema(new Database("RAW"), "BRONZE");
        var external = new Stage(schema, "LANDING") { Url = S3Location.Parse($"s3://{bucket}/customers/") };
        var uploader = new S3Uploader(_client, Fast);

        var summary = await uploader.UploadFileAsync(path, external);
        var internalStage = async () => await uploader.UploadFileAsync(path, new Stage(schema, "INTERNAL"));

        summary.Objects.Should().ContainSingle().Which.Key.Should().Be("customers/s.csv");
        (await internalStage.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("RAW.BRONZE.INTERNAL").And.Contain("URL");
    }

    [Fact]
    public void The_uploader_resolves_from_di_with_the_registered_client()
    {
        var services = new ServiceCollection();
        services.AddSingleton(_client);
        services.AddSnowMedallionIngestion(o => o.MaxConcurrentFiles = 2);
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<S3Uploader>().Should().NotBeNull();
    }

    [Fact]
    public void Options_below_s3_limits_are_refused()
    {
        var create = () => new S3Uploader(_client, new S3UploadOptions { PartSize = 1024 });

        create.Should().Throw<ArgumentException>().WithMessage("*5 MiB*");
    }

    private string Write(string relative, string content)
    {
        var path = Path.Combine(_work.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private async Task<string> ReadAsync(string bucket, string key)
    {
        using var get = await _client.GetObjectAsync(bucket, key);
        return await new StreamReader(get.ResponseStream).ReadToEndAsync();
    }

    private async Task<List<string>> KeysAsync(string bucket) =>
        (await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects.Select(o => o.Key).ToList();

    private sealed class SynchronousProgress(Action<UploadProgress> report) : IProgress<UploadProgress>
    {
        public void Report(UploadProgress value) => report(value);
    }

    /// <summary>A seekable stream that counts the bytes read from it.</summary>
    private sealed class CountingStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => _inner.Length;

        public override long Position
        {
            get => _inner.Position;
            set => _inner.Position = value;
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(_inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(_inner.Read(buffer));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            BytesRead += read;
            return read;
        }
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
