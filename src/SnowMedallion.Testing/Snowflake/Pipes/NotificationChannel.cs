using System.Security.Cryptography;
using System.Text;

namespace SnowMedallion.Testing.Snowflake.Pipes;

/// <summary>
/// The SQS queue ARN that auto-ingest pipes show as <c>notification_channel</c>. As in Snowflake, all
/// auto-ingest pipes of one account (in one region) share one queue:
/// <c>arn:aws:sqs:&lt;region&gt;:&lt;12-digit AWS account&gt;:sf-snowpipe-&lt;IAM user id&gt;-&lt;suffix&gt;</c>.
/// </summary>
/// <remarks>https://docs.snowflake.com/en/user-guide/data-load-snowpipe-auto-s3 (step "Configure event notifications").</remarks>
internal static class NotificationChannel
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>The channel ARN for an account and region (deterministic, so tests can predict it).</summary>
    public static string Arn(string accountName, string region)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountName);
        ArgumentException.ThrowIfNullOrEmpty(region);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(accountName.ToUpperInvariant() + "/" + region.ToLowerInvariant()));
        var awsAccount = (BitConverter.ToUInt64(hash, 0) % 900_000_000_000UL) + 100_000_000_000UL;
        var userId = "AIDA" + Encode(hash.AsSpan(8, 12), 17);
        var suffix = Encode(hash.AsSpan(20, 12), 22).ToLowerInvariant();
        return $"arn:aws:sqs:{region.ToLowerInvariant()}:{awsAccount}:sf-snowpipe-{userId}-{suffix}";
    }

    private static string Encode(ReadOnlySpan<byte> bytes, int length)
    {
        var sb = new StringBuilder(length);
        var bits = 0;
        var buffer = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5 && sb.Length < length)
            {
                sb.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        while (sb.Length < length)
        {
            sb.Append(Alphabet[sb.Length % Alphabet.Length]);
        }

        return sb.ToString();
    }
}
