using System.Net;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SnowMedallion.Testing.S3;

namespace SnowMedallion.Testing;

/// <summary>
/// An S3-compatible endpoint on 127.0.0.1 (an ephemeral port), in process: AWSSDK.S3 and the AWS CLI
/// use it unmodified. Objects live in memory or in a folder. Requests must be signed (SigV4) with
/// <see cref="AccessKey"/> and <see cref="SecretKey"/>. Bucket notification configurations are stored,
/// and ObjectCreated events are delivered to subscribers of a queue ARN (<see cref="SubscribeQueue"/>),
/// which is how LocalSnowflake's pipes hear about new files.
/// </summary>
/// <example>
/// <code>
/// await using var s3 = await LocalS3.StartAsync();
/// using var client = s3.CreateClient();
/// await client.PutBucketAsync("landing");
/// </code>
/// </example>
public sealed class LocalS3 : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly S3NotificationHub _notifications;
    private int _disposed;

    private LocalS3(WebApplication app, S3ObjectStore store, S3NotificationHub notifications, Uri serviceUrl, string accessKey, string secretKey, string region)
    {
        _app = app;
        Objects = store;
        _notifications = notifications;
        ServiceUrl = serviceUrl;
        AccessKey = accessKey;
        SecretKey = secretKey;
        Region = region;
    }

    /// <summary>The endpoint's base address, e.g. <c>http://127.0.0.1:54321/</c> (path-style addressing).</summary>
    public Uri ServiceUrl { get; }

    /// <summary>The access key id requests are signed with.</summary>
    public string AccessKey { get; }

    /// <summary>The secret key requests are signed with.</summary>
    public string SecretKey { get; }

    /// <summary>The region LocalS3 reports and clients sign for.</summary>
    public string Region { get; }

    /// <summary>
    /// Environment for an AWS CLI (or any AWS SDK default chain) process that should talk to this endpoint: this
    /// instance's credentials and region, and no user profile, config file or instance metadata that could take
    /// precedence. A <see langword="null"/> value means "remove the variable". Pass <c>--endpoint-url</c> with
    /// <see cref="ServiceUrl"/> as well.
    /// </summary>
    public IReadOnlyDictionary<string, string?> AwsCliEnvironment => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["AWS_PROFILE"] = null,
        ["AWS_ACCESS_KEY_ID"] = AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = SecretKey,
        ["AWS_DEFAULT_REGION"] = Region,
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["AWS_CONFIG_FILE"] = "/nonexistent/aws-config",
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/aws-credentials",
        ["AWS_PAGER"] = string.Empty,
    };

    /// <summary>The object store, for in-process readers (the emulator's external stages). See <see cref="S3ObjectStore"/>.</summary>
    internal S3ObjectStore Objects { get; }

    /// <summary>Starts an endpoint.</summary>
    /// <param name="options">Settings; null for an in-memory store with generated credentials.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running endpoint; dispose it to stop.</returns>
    public static async Task<LocalS3> StartAsync(LocalS3Options? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LocalS3Options();
        var secret = options.SecretKey ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(30));
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var store = new S3ObjectStore(options.Folder, options.TimeProvider);
        var notifications = new S3NotificationHub(loggerFactory.CreateLogger<LocalS3>(), options.Region);
        var handler = new S3RequestHandler(store, notifications, options.AccessKey, secret, options.Region);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
        });
        builder.Services.AddSingleton(loggerFactory);
        var app = builder.Build();
        app.Run(handler.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var url = new Uri(address.EndsWith('/') ? address : address + "/");
        return new LocalS3(app, store, notifications, url, options.AccessKey, secret, options.Region);
    }

    /// <summary>An AWSSDK.S3 client for this endpoint (path-style, plain HTTP, this endpoint's credentials). Dispose it when done.</summary>
    /// <returns>A new client.</returns>
    public IAmazonS3 CreateClient()
    {
        var config = new AmazonS3Config
        {
            ServiceURL = ServiceUrl.ToString().TrimEnd('/'),
            ForcePathStyle = true,
            AuthenticationRegion = Region,
        };
        return new AmazonS3Client(new BasicAWSCredentials(AccessKey, SecretKey), config);
    }

    /// <summary>
    /// Receives the S3 event messages (JSON, as S3 sends them to SQS) for objects created in buckets whose
    /// notification configuration has a QueueConfiguration with this queue ARN. Messages arrive in order,
    /// off the request path: an upload's response never waits for a subscriber.
    /// </summary>
    /// <param name="queueArn">The queue ARN as written in the bucket's notification configuration.</param>
    /// <param name="onMessage">Handles one message; an exception is logged and delivery goes on.</param>
    /// <returns>Dispose to unsubscribe.</returns>
    public IDisposable SubscribeQueue(string queueArn, Func<string, CancellationToken, Task> onMessage)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueArn);
        ArgumentNullException.ThrowIfNull(onMessage);
        return _notifications.Subscribe(queueArn, onMessage);
    }

    /// <summary>Completes once every event message queued so far has been handled by its subscribers.</summary>
    internal Task WhenNotificationsDeliveredAsync(CancellationToken cancellationToken = default) =>
        _notifications.WhenDeliveredAsync(cancellationToken);

    /// <summary>Stops the endpoint.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
