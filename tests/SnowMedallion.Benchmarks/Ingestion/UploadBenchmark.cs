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
/// Uploads the same folder (full: 20 files of 50 MB = 1 GB; quick: 4 files of 20 MB, still multipart) to one in-memory
/// LocalS3 with <see cref="S3Uploader"/> (AWSSDK.S3, default options) and with AWS CLI v2 <c>s3 cp --recursive</c>
/// (its defaults: 8 MiB parts, 10 concurrent requests), and reports both throughputs; the ratio is SDK over CLI
/// (above 1: the SDK is faster).
/// </summary>
/// <remarks>
/// <para>
/// Both tools upload the same bytes to the same endpoint in the same process run. LocalS3 runs inside this process, so
/// whichever tool went first used to pay the endpoint's own JIT warm-up (Kestrel, the payload reader, the hashes) and the
/// other one got it for free; that was always the SDK. Now each tool first uploads two of the files once, untimed
/// (the warm-up), and then the timed rounds alternate which tool goes first (SDK/CLI, CLI/SDK, SDK/CLI). The reported
/// figures are the medians of the rounds; every round is logged, and round 1 (the SDK's least warmed-up run, since it goes
/// first) is also reported on its own line.
/// </para>
/// <para>
/// The CLI is a new process in every round (that is how it is used), so each CLI round includes its start-up; the SDK
/// runs in this process, whose JIT warms up over the rounds (that is how a service that uploads uses it).
/// </para>
/// </remarks>
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
        var rounds = context.Size(3, 2);
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

        var totalBytes = (long)files * fileSize;
        var totalMb = (double)totalBytes / (1024 * 1024);
        context.Log.WriteLine($"   {files} files x {fileSize / (1024 * 1024)} MB = {totalMb:0} MB, {rounds} alternating rounds after a warm-up");

        await using var s3 = await LocalS3.StartAsync(cancellationToken: cancellationToken);
        using var client = s3.CreateClient();
        await client.PutBucketAsync("sdk-bench", cancellationToken);
        await client.PutBucketAsync("cli-bench", cancellationToken);
        var uploader = new S3Uploader(client);

        // Warm-up, untimed: each tool uploads the first two files once.
        var warmSdk = await UploadWithSdkAsync(uploader, folder, "part-{00,01}.bin", 2, 2L * fileSize, client, cancellationToken);
        var warmCli = await UploadWithCliAsync(s3, client, folder, ["--exclude", "*", "--include", "part-00.bin", "--include", "part-01.bin"], 2, 2L * fileSize, cancellationToken);
        context.Log.WriteLine($"   warm-up (2 files each, untimed): SDK {warmSdk.TotalSeconds:0.00} s, CLI {warmCli.TotalSeconds:0.00} s");

        var sdkTimes = new List<double>();
        var cliTimes = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var sdkFirst = round % 2 == 0;
            for (var turn = 0; turn < 2; turn++)
            {
                if ((turn == 0) == sdkFirst)
                {
                    sdkTimes.Add((await UploadWithSdkAsync(uploader, folder, null, files, totalBytes, client, cancellationToken)).TotalSeconds);
                }
                else
                {
                    cliTimes.Add((await UploadWithCliAsync(s3, client, folder, [], files, totalBytes, cancellationToken)).TotalSeconds);
                }
            }

            context.Log.WriteLine($"   round {round + 1} ({(sdkFirst ? "SDK first" : "CLI first")}): SDK {sdkTimes[^1]:0.00} s ({totalMb / sdkTimes[^1]:0.0} MB/s), CLI {cliTimes[^1]:0.00} s ({totalMb / cliTimes[^1]:0.0} MB/s)");
        }

        var sdk = totalMb / Statistics.Median(sdkTimes);
        var cli = totalMb / Statistics.Median(cliTimes);
        var sdkFirstRound = totalMb / sdkTimes[0];
        var cliFirstRound = totalMb / cliTimes[0];
        return
        [
            new BenchmarkResult("s3-upload-sdk", sdk, "MB/s", sdk / cli, $"aws-cli s3 cp --recursive; medians of {rounds} alternating rounds"),
            new BenchmarkResult("s3-upload-cli", cli, "MB/s"),

            // Round 1 alone: the SDK's least warmed-up round (it went first), kept visible next to the medians.
            new BenchmarkResult("s3-upload-sdk-round1", sdkFirstRound, "MB/s", sdkFirstRound / cliFirstRound, "aws-cli round 1"),
        ];
    }

    private static async Task<TimeSpan> UploadWithSdkAsync(S3Uploader uploader, DirectoryInfo folder, string? pattern, int files, long bytes, IAmazonS3 client, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var summary = await uploader.UploadFolderAsync(folder.FullName, S3Location.Parse("s3://sdk-bench/in/"), pattern, cancellationToken: cancellationToken);
        clock.Stop();
        if (!summary.Succeeded || summary.Files != files || summary.Skipped != 0 || summary.Bytes != bytes)
        {
            throw new InvalidOperationException($"The SDK upload did not upload every file: {summary.Files} uploaded ({summary.Bytes} bytes), {summary.Skipped} skipped, {summary.Failed} failed ({string.Join("; ", summary.Failures.Select(f => f.Reason))}).");
        }

        await CheckAndEmptyAsync(client, "sdk-bench", files, bytes, cancellationToken);
        return clock.Elapsed;
    }

    private static async Task<TimeSpan> UploadWithCliAsync(LocalS3 s3, IAmazonS3 client, DirectoryInfo folder, string[] filters, int files, long bytes, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await RunCliAsync(s3, ["s3", "cp", "--recursive", "--only-show-errors", .. filters, folder.FullName, "s3://cli-bench/in/"], cancellationToken);
        clock.Stop();
        await CheckAndEmptyAsync(client, "cli-bench", files, bytes, cancellationToken);
        return clock.Elapsed;
    }

    /// <summary>Checks that the bucket holds exactly the uploaded files and bytes, then empties it for the next round.</summary>
    private static async Task CheckAndEmptyAsync(IAmazonS3 client, string bucket, int files, long bytes, CancellationToken cancellationToken)
    {
        var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, cancellationToken);
        var objects = listed.S3Objects ?? [];
        var stored = objects.Sum(o => o.Size ?? 0);
        if (objects.Count != files || stored != bytes)
        {
            throw new InvalidOperationException($"{bucket} holds {objects.Count} objects ({stored} bytes); expected {files} ({bytes} bytes).");
        }

        await client.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Objects = objects.Select(o => new KeyVersion { Key = o.Key }).ToList() }, cancellationToken);
        GC.Collect();
        GC.WaitForPendingFinalizers();
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
