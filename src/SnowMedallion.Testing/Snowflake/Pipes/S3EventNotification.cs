using System.Globalization;
using System.Net;
using System.Text.Json;

namespace SnowMedallion.Testing.Snowflake.Pipes;

/// <summary>One object-created record of an S3 event notification.</summary>
/// <param name="EventName">E.g. <c>ObjectCreated:Put</c>.</param>
/// <param name="Bucket">The bucket.</param>
/// <param name="Key">The object key, URL-decoded (S3 sends keys form-encoded: <c>+</c> is a space).</param>
/// <param name="Size">The object's size in bytes (0 when absent).</param>
/// <param name="ETag">The object's ETag, if present.</param>
/// <param name="EventTime">When S3 recorded the event.</param>
internal sealed record S3ObjectCreated(string EventName, string Bucket, string Key, long Size, string? ETag, DateTimeOffset EventTime)
{
    /// <summary>The object's URL, <c>s3://bucket/key</c>.</summary>
    public string Url => "s3://" + Bucket + "/" + Key;
}

/// <summary>Parses the S3 event notification JSON that S3 delivers to an SQS queue.</summary>
/// <remarks>
/// Shape: https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
/// (<c>{"Records":[{"eventName","eventTime","s3":{"bucket":{"name"},"object":{"key","size","eTag"}}}]}</c>).
/// The <c>s3:TestEvent</c> message S3 sends when a configuration is saved has no records.
/// </remarks>
internal static class S3EventNotification
{
    /// <summary>The ObjectCreated records of a message (none for a test event or another event type).</summary>
    /// <exception cref="FormatException">The message is not S3 event JSON.</exception>
    public static IReadOnlyList<S3ObjectCreated> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException("The message is not S3 event notification JSON: " + ex.Message, ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("Records", out var records) ||
                records.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            var result = new List<S3ObjectCreated>();
            foreach (var record in records.EnumerateArray())
            {
                var eventName = String(record, "eventName") ?? string.Empty;
                if (!eventName.StartsWith("ObjectCreated:", StringComparison.Ordinal) ||
                    !record.TryGetProperty("s3", out var s3) ||
                    !s3.TryGetProperty("bucket", out var bucket) ||
                    !s3.TryGetProperty("object", out var obj))
                {
                    continue;
                }

                var bucketName = String(bucket, "name");
                var key = String(obj, "key");
                if (bucketName is null || key is null)
                {
                    throw new FormatException("An S3 ObjectCreated record lacks s3.bucket.name or s3.object.key.");
                }

                var size = obj.TryGetProperty("size", out var sizeElement) && sizeElement.TryGetInt64(out var s) ? s : 0;
                var time = String(record, "eventTime") is { } text &&
                    DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                        ? parsed
                        : DateTimeOffset.MinValue;
                result.Add(new S3ObjectCreated(eventName, bucketName, WebUtility.UrlDecode(key), size, String(obj, "eTag"), time));
            }

            return result;
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
