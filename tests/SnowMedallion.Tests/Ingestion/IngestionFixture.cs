using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using SnowMedallion.Testing;

namespace SnowMedallion.Tests.Ingestion;

/// <summary>One LocalS3 shared by an ingestion test class; each test uses its own bucket and folder.</summary>
public sealed class IngestionFixture : IAsyncLifetime
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

    /// <summary>A client whose requests pass through <paramref name="fault"/> first; it answers instead of S3 when it returns a response.</summary>
    public IAmazonS3 FaultyClient(Func<HttpRequestMessage, HttpResponseMessage?> fault)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = S3.ServiceUrl.ToString().TrimEnd('/'),
            ForcePathStyle = true,
            AuthenticationRegion = S3.Region,
            MaxErrorRetry = 0,
            HttpClientFactory = new FaultFactory(fault),
        };
        return new AmazonS3Client(new BasicAWSCredentials(S3.AccessKey, S3.SecretKey), config);
    }

    public static HttpResponseMessage S3Error(HttpStatusCode status, string code) => new(status)
    {
        Content = new StringContent($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{code} injected by the test</Message><RequestId>T</RequestId></Error>", Encoding.UTF8, "application/xml"),
    };

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

    private sealed class FaultFactory(Func<HttpRequestMessage, HttpResponseMessage?> fault) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new FaultHandler(fault, new HttpClientHandler()));
    }

    private sealed class FaultHandler(Func<HttpRequestMessage, HttpResponseMessage?> fault, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (fault(request) is { } response)
            {
                if (request.Content is not null)
                {
                    await request.Content.CopyToAsync(Stream.Null, cancellationToken);
                }

                response.RequestMessage = request;
                return response;
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
