using System.Diagnostics;

namespace SnowMedallion.Testing.Tests.S3;

/// <summary>Runs AWS CLI v2 (/usr/bin/aws, not a pip v1 'aws' earlier on PATH) against a LocalS3.</summary>
internal static class AwsCli
{
    public const string Path = "/usr/bin/aws";

    public static async Task<string> RunAsync(LocalS3 s3, params string[] arguments)
    {
        File.Exists(Path).Should().BeTrue("AWS CLI v2 must be installed at /usr/bin/aws (apt-get install awscli; .ci/run does it)");
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
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
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var stdout = await output;
        var stderr = await error;
        process.ExitCode.Should().Be(0, "aws {0} failed: {1}", string.Join(' ', arguments), stderr);
        return stdout;
    }
}
