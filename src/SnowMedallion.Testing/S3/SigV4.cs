using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SnowMedallion.Testing.S3;

/// <summary>The verified signature of a request: what chunk and trailer signatures chain from.</summary>
internal sealed record S3AuthContext(byte[] SigningKey, string AmzDate, string Scope, string SeedSignature, string PayloadHash);

/// <summary>Verifies AWS Signature Version 4 (Authorization header or presigned query) against one key pair.</summary>
internal static class SigV4
{
    public const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string Algorithm = "AWS4-HMAC-SHA256";

    public static S3AuthContext Verify(HttpRequest request, string rawPath, string rawQuery, string accessKey, string secretKey)
    {
        var authorization = request.Headers.Authorization.ToString();
        var query = ParseQuery(rawQuery);
        string credential;
        string signedHeaders;
        string signature;
        string amzDate;
        string payloadHash;
        var presigned = false;
        if (authorization.Length > 0)
        {
            if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
            {
                throw new S3ErrorException("InvalidArgument", "Only AWS Signature Version 4 (AWS4-HMAC-SHA256) is supported.", HttpStatusCode.BadRequest);
            }

            var fields = authorization[(Algorithm.Length + 1)..]
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(f => f.Split('=', 2))
                .Where(f => f.Length == 2)
                .ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
            if (!fields.TryGetValue("Credential", out credential!) || !fields.TryGetValue("SignedHeaders", out signedHeaders!) || !fields.TryGetValue("Signature", out signature!))
            {
                throw new S3ErrorException("AuthorizationHeaderMalformed", "The authorization header is malformed: it needs Credential, SignedHeaders and Signature.", HttpStatusCode.BadRequest);
            }

            amzDate = request.Headers["x-amz-date"].ToString();
            if (amzDate.Length == 0)
            {
                amzDate = request.Headers.Date.ToString();
            }

            payloadHash = request.Headers["x-amz-content-sha256"].ToString();
            if (payloadHash.Length == 0)
            {
                throw new S3ErrorException("InvalidRequest", "Missing required header for this request: x-amz-content-sha256.", HttpStatusCode.BadRequest);
            }
        }
        else if (Find(query, "X-Amz-Algorithm") == Algorithm)
        {
            presigned = true;
            credential = Find(query, "X-Amz-Credential") ?? string.Empty;
            signedHeaders = Find(query, "X-Amz-SignedHeaders") ?? "host";
            signature = Find(query, "X-Amz-Signature") ?? string.Empty;
            amzDate = Find(query, "X-Amz-Date") ?? string.Empty;
            var header = request.Headers["x-amz-content-sha256"].ToString();
            payloadHash = header.Length > 0 ? header : "UNSIGNED-PAYLOAD";
        }
        else
        {
            throw new S3ErrorException("AccessDenied", "Access Denied: LocalS3 accepts only requests signed with AWS Signature Version 4.", HttpStatusCode.Forbidden);
        }

        var parts = credential.Split('/');
        if (parts.Length != 5 || parts[4] != "aws4_request")
        {
            throw new S3ErrorException("AuthorizationHeaderMalformed", $"The credential '{credential}' is malformed: expected AKID/date/region/service/aws4_request.", HttpStatusCode.BadRequest);
        }

        if (!string.Equals(parts[0], accessKey, StringComparison.Ordinal))
        {
            throw new S3ErrorException("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", HttpStatusCode.Forbidden);
        }

        var scope = string.Join('/', parts, 1, 4);
        var signingKey = DeriveSigningKey(secretKey, parts[1], parts[2], parts[3]);
        var headerList = signedHeaders.Split(';');
        var canonicalHeaders = CanonicalHeaders(request, headerList);
        var canonicalQuery = CanonicalQuery(query, presigned);

        string? lastStringToSign = null;
        foreach (var path in CandidatePaths(rawPath))
        {
            var canonicalRequest = string.Join('\n', request.Method, path, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash);
            var stringToSign = string.Join('\n', Algorithm, amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
            var expected = Hex(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));
            if (FixedEquals(expected, signature))
            {
                return new S3AuthContext(signingKey, amzDate, scope, signature, payloadHash);
            }

            lastStringToSign = stringToSign;
        }

        throw S3ErrorException.SignatureDoesNotMatch(lastStringToSign);
    }

    /// <summary>The signature of one aws-chunked chunk (STREAMING-AWS4-HMAC-SHA256-PAYLOAD).</summary>
    public static string ChunkSignature(S3AuthContext auth, string previousSignature, string chunkSha256Hex)
    {
        var stringToSign = string.Join('\n', "AWS4-HMAC-SHA256-PAYLOAD", auth.AmzDate, auth.Scope, previousSignature, EmptySha256, chunkSha256Hex);
        return Hex(HMACSHA256.HashData(auth.SigningKey, Encoding.UTF8.GetBytes(stringToSign)));
    }

    /// <summary>The signature of the trailing headers (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER).</summary>
    public static string TrailerSignature(S3AuthContext auth, string previousSignature, IEnumerable<KeyValuePair<string, string>> trailers)
    {
        var canonical = new StringBuilder();
        foreach (var (name, value) in trailers.OrderBy(t => t.Key.ToLowerInvariant(), StringComparer.Ordinal))
        {
            canonical.Append(name.ToLowerInvariant()).Append(':').Append(value.Trim()).Append('\n');
        }

        var stringToSign = string.Join('\n', "AWS4-HMAC-SHA256-TRAILER", auth.AmzDate, auth.Scope, previousSignature, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString()))));
        return Hex(HMACSHA256.HashData(auth.SigningKey, Encoding.UTF8.GetBytes(stringToSign)));
    }

    public static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    public static List<KeyValuePair<string, string>> ParseQuery(string rawQuery)
    {
        var list = new List<KeyValuePair<string, string>>();
        var text = rawQuery.StartsWith('?') ? rawQuery[1..] : rawQuery;
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? string.Empty : pair[(eq + 1)..];
            list.Add(new(Uri.UnescapeDataString(name), Uri.UnescapeDataString(value)));
        }

        return list;
    }

    /// <summary>RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ (and '/' when asked).</summary>
    public static string UriEncode(string value, bool keepSlash)
    {
        var builder = new StringBuilder(value.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (keepSlash && c == '/'))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string? Find(List<KeyValuePair<string, string>> query, string name) =>
        query.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.Ordinal)).Value;

    private static IEnumerable<string> CandidatePaths(string rawPath)
    {
        var path = rawPath.Length == 0 ? "/" : rawPath;
        var normalized = UriEncode(Uri.UnescapeDataString(path), keepSlash: true);
        yield return normalized;
        if (!string.Equals(normalized, path, StringComparison.Ordinal))
        {
            yield return path;
        }
    }

    private static string CanonicalQuery(List<KeyValuePair<string, string>> query, bool presigned) =>
        string.Join('&', query
            .Where(p => !(presigned && p.Key == "X-Amz-Signature"))
            .Select(p => (Name: UriEncode(p.Key, false), Value: UriEncode(p.Value, false)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));

    private static string CanonicalHeaders(HttpRequest request, string[] names)
    {
        var builder = new StringBuilder();
        foreach (var name in names)
        {
            var values = request.Headers[name];
            var value = string.Join(',', values.Select(v => CollapseSpaces(v ?? string.Empty)));
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        return builder.ToString();
    }

    private static string CollapseSpaces(string value)
    {
        var trimmed = value.Trim();
        if (!trimmed.Contains("  ", StringComparison.Ordinal))
        {
            return trimmed;
        }

        var builder = new StringBuilder(trimmed.Length);
        var space = false;
        foreach (var c in trimmed)
        {
            if (c == ' ')
            {
                if (!space)
                {
                    builder.Append(c);
                }

                space = true;
            }
            else
            {
                builder.Append(c);
                space = false;
            }
        }

        return builder.ToString();
    }

    public static byte[] DeriveSigningKey(string secret, string date, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }
}
