using System.Diagnostics.CodeAnalysis;

namespace SnowMedallion.Model;

/// <summary>An S3 bucket and key prefix, as in an external stage's <c>s3://bucket/prefix/</c> URL.</summary>
/// <param name="Bucket">The bucket name.</param>
/// <param name="Prefix">The key prefix, empty or ending with '/'.</param>
public sealed record S3Location(string Bucket, string Prefix)
{
    /// <summary>The location as an <c>s3://</c> URL, as Snowflake writes it in a stage.</summary>
    public string Url => $"s3://{Bucket}/{Prefix}";

    /// <summary>Parses an <c>s3://bucket/prefix/</c> URL.</summary>
    /// <param name="url">The URL.</param>
    /// <returns>The location; a prefix without a trailing '/' gets one.</returns>
    /// <exception cref="FormatException">The text is not an s3:// URL with a bucket.</exception>
    public static S3Location Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return TryParse(url, out var location)
            ? location
            : throw new FormatException($"'{url}' is not an S3 URL: write it as s3://bucket/prefix/.");
    }

    /// <summary>Tries to parse an <c>s3://bucket/prefix/</c> URL.</summary>
    /// <param name="url">The URL.</param>
    /// <param name="location">The location, when the URL is valid.</param>
    /// <returns>Whether the URL is valid.</returns>
    public static bool TryParse(string? url, [NotNullWhen(true)] out S3Location? location)
    {
        location = null;
        const string Scheme = "s3://";
        if (url is null || !url.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = url[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? string.Empty : rest[(slash + 1)..];
        if (bucket.Length == 0)
        {
            return false;
        }

        if (prefix.Length > 0 && !prefix.EndsWith('/'))
        {
            prefix += "/";
        }

        location = new S3Location(bucket, prefix);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Url;
}
