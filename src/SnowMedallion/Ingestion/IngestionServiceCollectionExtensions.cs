using Amazon.S3;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SnowMedallion.Execution;

namespace SnowMedallion.Ingestion;

/// <summary>Registers the uploader and the bucket-notification wiring.</summary>
public static class IngestionServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="S3Uploader"/> and <see cref="BucketNotificationWiring"/> as singletons. They take the
    /// <see cref="IAmazonS3"/> registered in the container (and, for the wiring, the <see cref="ISnowflakeExecutor"/>);
    /// <see cref="TimeProvider"/> and logging are used when registered. Existing registrations are kept.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adjusts the upload options; may be null.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddSnowMedallionIngestion(this IServiceCollection services, Action<S3UploadOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<S3UploadOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(
            o =>
            {
                try
                {
                    o.Validate();
                    return true;
                }
                catch (ArgumentException)
                {
                    return false;
                }
            },
            "S3UploadOptions are invalid: PartSize and MultipartThreshold need at least 5 MiB; MaxConcurrentFiles, MaxConcurrentPartsPerFile and MaxAttempts at least 1; RetryDelay must not be negative.");
        services.TryAddSingleton(sp => new S3Uploader(
            sp.GetRequiredService<IAmazonS3>(),
            sp.GetRequiredService<IOptions<S3UploadOptions>>().Value,
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<S3Uploader>>()));
        services.TryAddSingleton(sp => new BucketNotificationWiring(
            sp.GetRequiredService<IAmazonS3>(),
            sp.GetRequiredService<ISnowflakeExecutor>(),
            sp.GetService<ILogger<BucketNotificationWiring>>()));
        return services;
    }
}
