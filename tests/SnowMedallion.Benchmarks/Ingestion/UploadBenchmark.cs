using System.Diagnostics;
using Amazon;
using Amazon.S3;
using Amazon.S3.Model;
using SnowMedallion.Benchmarks.Infrastructure;
using SnowMedallion.Ingestion;
using SnowMedallion.Testing;
using S3Location = SnowMedallion.Model.S3Location;

namespace SnowMedallion.Benchmarks.Ingestion;

/// <summary>
/// Uploads the same folder (full: 20 files of 50 MB = 1 GB; quick: 4 files of 20 MB, still multipart) to one in-memory LocalS3,
/// first with <see cref="S3Uploader"/> (AWSSDK.S3), then with AWS CLI v2 <c>s3 cp --recursive</c>, and
/// reports both throughputs; the ratio is SDK over CLI (above 1: the SDK is faster).
/// </summary>
internal sealed class UploadBenchmark : IBenchmark
{
    private const string Cli = "/usr/bin/aws";

    public string Name => "s3-upload";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        if (!File.Exists(Cli))
        {
            throw new InvalidOperationException("AWS CLI v2 is needed at /usr/bin/aws for the baseline: apt-get install awscli.");
        }

        AWSConfigs.InitializeCollections = true;
        var files = context.Size(20, 4);
        var fileSize = context.Size(50, 20) * 1024 * 1024;
        var folder = context.WorkDirectory.CreateSubdirectory("files");
        var random = new Random(42);
        var buffer = new byte[fileSize];
        for (var i = 0; i < files; i++)
        {
            random.NextBytes(buffer);
            using var file = new FileStream(Path.Combine(folder.FullName, $"part-{i:D2}.bin"), FileMode.CreateNew, FileAccess.Write);
            await file.WriteAsync(buffer, cancellationToken);
            file.Flush(flushToDisk: true); // no write-back of the inputs competing with the first measured run

        }

        var totalMb = (double)files * fileSize / (1024 * 1024);
        context.Log.WriteLine($"   {files} files x {fileSize / (1024 * 1024)} MB = {totalMb:0} MB");

        await using var s3 = await LocalS3.StartAsync(cancellationToken: cancellationToken);
        using var client = s3.CreateClient();
        await client.PutBucketAsync("sdk-bench", cancellationToken);
        await client.PutBucketAsync("cli-bench", cancellationToken);

        var uploader = new S3Uploader(client);
        var sdkClock = Stopwatch.StartNew();
        var summary = await uploader.UploadFolderAsync(folder.FullName, S3Location.Parse("s3://sdk-bench/in/"), cancellationToken: cancellationToken);
        sdkClock.Stop();
        if (!summary.Succeeded || summary.Files != files)
        {
            throw new InvalidOperationException($"The SDK upload did not upload every file: {summary.Files} uploaded, {summary.Failed} failed ({string.Join("; ", summary.Failures.Select(f => f.Reason))}).");
        }

        await EmptyAsync(client, "sdk-bench", cancellationToken);

        var cliClock = Stopwatch.StartNew();
        await RunCliAsync(s3, ["s3", "cp", "--recursive", "--only-show-errors", folder.FullName, "s3://cli-bench/in/"], cancellationToken);
        cliClock.Stop();
        var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "cli-bench" }, cancellationToken);
        if (listed.S3Objects.Count != files)
        {
            throw new InvalidOperationException($"The CLI uploaded {listed.S3Objects.Count} of {files} files.");
        }

        await EmptyAsync(client, "cli-bench", cancellationToken);

        var sdk = totalMb / sdkClock.Elapsed.TotalSeconds;
        var cli = totalMb / cliClock.Elapsed.TotalSeconds;
        context.Log.WriteLine($"   SDK {sdkClock.Elapsed.TotalSeconds:0.00} s, CLI {cliClock.Elapsed.TotalSeconds:0.00} s");
        return
        [
            new BenchmarkResult("s3-upload-sdk", sdk, "MB/s", sdk / cli, "aws-cli s3 cp --recursive"),
            new BenchmarkResult("s3-upload-cli", cli, "MB/s"),
        ];
    }

    private static async Task EmptyAsync(IAmazonS3 client, string bucket, CancellationToken cancellationToken)
    {
        var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, cancellationToken);
        if (listed.S3Objects is { Count: > 0 } objects)
        {
            await client.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Objects = objects.Select(o => new KeyVersion { Key = o.Key }).ToList() }, cancellationToken);
        }

        GC.Collect();
    }

    private static async Task RunCliAsync(LocalS3 s3, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Cli) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--endpoint-url");
        start.ArgumentList.Add(s3.ServiceUrl.ToString().TrimEnd('/'));
        foreach (var (name, value) in s3.AwsCliEnvironment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"aws {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error} {await output}");
        }
    }
}
