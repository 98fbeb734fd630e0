using System.Runtime.CompilerServices;
using Amazon;
using Amazon.S3;

namespace SnowMedallion.Testing.Tests.S3;

/// <summary>One LocalS3 (in memory) shared by the tests of a class; each test uses its own bucket.</summary>
public sealed class LocalS3Fixture : IAsyncLifetime
{
    private LocalS3? _s3;
    private IAmazonS3? _client;

    public LocalS3 S3 => _s3 ?? throw new InvalidOperationException("The fixture has not started.");

    public IAmazonS3 Client => _client ?? throw new InvalidOperationException("The fixture has not started.");

    [ModuleInitializer]
    internal static void InitializeAwsSdk() => AWSConfigs.InitializeCollections = true;

    public async Task<string> NewBucketAsync()
    {
        var name = "b-" + Guid.NewGuid().ToString("N")[..20];
        await Client.PutBucketAsync(name);
        return name;
    }

    public async Task InitializeAsync()
    {
        _s3 = await LocalS3.StartAsync();
        _client = _s3.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_s3 is not null)
        {
            await _s3.DisposeAsync();
        }
    }
}
