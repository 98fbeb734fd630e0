using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SnowMedallion.Testing.S3;

/// <summary>What was received: the decoded length, its MD5 and the checksum S3 verified.</summary>
internal sealed record S3Payload(long Length, byte[] Md5, string? ChecksumAlgorithm, string? ChecksumValue);

/// <summary>
/// Reads a request body into a sink: plain, or aws-chunked (signed chunks, unsigned chunks, trailing
/// checksum headers). Verifies chunk and trailer signatures, the payload SHA-256, Content-MD5 and the
/// x-amz-checksum-* value, so a corrupted upload is rejected before anything is stored.
/// </summary>
internal static class S3PayloadReader
{
    private const string SignedStreaming = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    private const string SignedStreamingTrailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    private const string UnsignedStreamingTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    /// <summary>The checksum algorithm a request declares (header, trailer or SDK hint), or null.</summary>
    public static string? DeclaredChecksumAlgorithm(HttpRequest request, string? fallback)
    {
        foreach (var header in request.Headers)
        {
            var algorithm = S3Checksum.AlgorithmOfHeader(header.Key);
            if (algorithm is not null)
            {
                return algorithm;
            }
        }

        var trailer = request.Headers["x-amz-trailer"].ToString();
        foreach (var name in trailer.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var algorithm = S3Checksum.AlgorithmOfHeader(name);
            if (algorithm is not null)
            {
                return algorithm;
            }
        }

        var sdk = request.Headers["x-amz-sdk-checksum-algorithm"].ToString();
        return sdk.Length > 0 ? sdk.ToUpperInvariant() : fallback;
    }

    public static async Task<S3Payload> ReadAsync(HttpRequest request, S3AuthContext auth, S3ContentSink sink, string? checksumAlgorithm, CancellationToken cancellationToken)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var checksum = checksumAlgorithm is null ? null : S3Checksum.Create(checksumAlgorithm);
        var payloadHash = auth.PayloadHash;
        var signedPayload = payloadHash.Length == 64 && payloadHash.All(char.IsAsciiHexDigit);
        using var sha256 = signedPayload ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        var reader = request.BodyReader;
        var trailers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var chunkSignatureFailed = false;

        async ValueTask Consume(ReadOnlySequence<byte> data, IncrementalHash? chunkHash)
        {
            foreach (var segment in data)
            {
                md5.AppendData(segment.Span);
                checksum?.Append(segment.Span);
                sha256?.AppendData(segment.Span);
                chunkHash?.AppendData(segment.Span);
                await sink.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
            }
        }

        if (payloadHash is SignedStreaming or SignedStreamingTrailer or UnsignedStreamingTrailer)
        {
            var signed = payloadHash != UnsignedStreamingTrailer;
            var hasTrailer = payloadHash != SignedStreaming;
            var previous = auth.SeedSignature;
            using var chunkHash = signed ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
            while (true)
            {
                var header = await ReadLineAsync(reader, cancellationToken).ConfigureAwait(false)
                    ?? throw IncompleteBody();
                var semicolon = header.IndexOf(';', StringComparison.Ordinal);
                var sizeText = semicolon < 0 ? header : header[..semicolon];
                if (!long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
                {
                    throw new S3ErrorException("InvalidRequest", $"The aws-chunked chunk header '{Truncate(header)}' is malformed.", HttpStatusCode.BadRequest);
                }

                string? signature = null;
                if (semicolon >= 0)
                {
                    const string Name = "chunk-signature=";
                    var extension = header[(semicolon + 1)..];
                    signature = extension.StartsWith(Name, StringComparison.Ordinal) ? extension[Name.Length..] : null;
                }

                if (signed && signature is null)
                {
                    throw new S3ErrorException("InvalidRequest", "A chunk of a signed aws-chunked body has no chunk-signature.", HttpStatusCode.BadRequest);
                }

                var remaining = size;
                while (remaining > 0)
                {
                    var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    var buffer = result.Buffer;
                    if (buffer.Length == 0 && result.IsCompleted)
                    {
                        throw IncompleteBody();
                    }

                    var take = buffer.Slice(0, Math.Min(remaining, buffer.Length));
                    await Consume(take, chunkHash).ConfigureAwait(false);
                    remaining -= take.Length;
                    reader.AdvanceTo(take.End);
                }

                if (signed)
                {
                    var chunkSha = size == 0 ? SigV4.EmptySha256 : SigV4.Hex(chunkHash!.GetHashAndReset());
                    var expected = SigV4.ChunkSignature(auth, previous, chunkSha);
                    if (!SigV4.FixedEquals(expected, signature!))
                    {
                        chunkSignatureFailed = true;
                    }

                    previous = expected;
                }

                if (size > 0)
                {
                    var crlf = await ReadLineAsync(reader, cancellationToken).ConfigureAwait(false);
                    if (crlf is null || crlf.Length != 0)
                    {
                        throw IncompleteBody();
                    }

                    continue;
                }

                // Final chunk: trailing headers (if any) then an empty line.
                string? trailerSignature = null;
                while (true)
                {
                    var line = await ReadLineAsync(reader, cancellationToken).ConfigureAwait(false);
                    if (line is null || line.Length == 0)
                    {
                        break;
                    }

                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    if (colon <= 0)
                    {
                        throw new S3ErrorException("MalformedTrailerError", "The request contained trailing data that was not well-formed.", HttpStatusCode.BadRequest);
                    }

                    var name = line[..colon].Trim();
                    var value = line[(colon + 1)..].Trim();
                    if (string.Equals(name, "x-amz-trailer-signature", StringComparison.OrdinalIgnoreCase))
                    {
                        trailerSignature = value;
                    }
                    else
                    {
                        trailers[name] = value;
                    }
                }

                if (signed && hasTrailer && trailers.Count > 0)
                {
                    var expected = SigV4.TrailerSignature(auth, previous, trailers);
                    if (trailerSignature is null || !SigV4.FixedEquals(expected, trailerSignature))
                    {
                        chunkSignatureFailed = true;
                    }
                }

                break;
            }

            var decoded = request.Headers["x-amz-decoded-content-length"].ToString();
            if (decoded.Length > 0 && (!long.TryParse(decoded, NumberStyles.None, CultureInfo.InvariantCulture, out var declared) || declared != sink.Length))
            {
                throw IncompleteBody();
            }
        }
        else
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                await Consume(buffer, null).ConfigureAwait(false);
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }

            if (request.ContentLength is { } length && length != sink.Length)
            {
                throw IncompleteBody();
            }
        }

        var md5Bytes = md5.GetHashAndReset();
        var contentMd5 = request.Headers["Content-MD5"].ToString();
        if (contentMd5.Length > 0 && !string.Equals(contentMd5, Convert.ToBase64String(md5Bytes), StringComparison.Ordinal))
        {
            throw S3ErrorException.BadDigest("The Content-MD5 you specified did not match what we received.");
        }

        string? checksumValue = null;
        if (checksum is not null)
        {
            checksumValue = checksum.GetBase64();
            var sent = request.Headers[checksum.HeaderName].ToString();
            if (sent.Length == 0)
            {
                trailers.TryGetValue(checksum.HeaderName, out sent);
            }

            if (!string.IsNullOrEmpty(sent) && !string.Equals(sent, checksumValue, StringComparison.Ordinal))
            {
                throw S3ErrorException.BadDigest($"The {checksum.Algorithm} you specified did not match the calculated checksum.");
            }
        }

        if (chunkSignatureFailed)
        {
            throw S3ErrorException.SignatureDoesNotMatch();
        }

        if (sha256 is not null && !string.Equals(SigV4.Hex(sha256.GetHashAndReset()), payloadHash, StringComparison.OrdinalIgnoreCase))
        {
            throw new S3ErrorException("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.", HttpStatusCode.BadRequest);
        }

        return new S3Payload(sink.Length, md5Bytes, checksum?.Algorithm, checksumValue);
    }

    /// <summary>Reads a small body (XML) whole, with the same decoding and verification.</summary>
    public static async Task<byte[]> ReadSmallAsync(HttpRequest request, S3AuthContext auth, CancellationToken cancellationToken)
    {
        var sink = new MemorySink();
        await using (sink.ConfigureAwait(false))
        {
            await ReadAsync(request, auth, sink, DeclaredChecksumAlgorithm(request, null), cancellationToken).ConfigureAwait(false);
            using var stream = sink.Complete().OpenRead();
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
    }

    private static S3ErrorException IncompleteBody() =>
        new("IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header.", HttpStatusCode.BadRequest);

    private static string Truncate(string text) => text.Length > 40 ? text[..40] + "..." : text;

    private static async ValueTask<string?> ReadLineAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is { } position)
            {
                var line = Encoding.ASCII.GetString(buffer.Slice(0, position));
                reader.AdvanceTo(buffer.GetPosition(1, position));
                return line.TrimEnd('\r');
            }

            if (buffer.Length > 16 * 1024)
            {
                throw new S3ErrorException("InvalidRequest", "An aws-chunked header line is too long.", HttpStatusCode.BadRequest);
            }

            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.End);
                return buffer.Length == 0 ? null : Encoding.ASCII.GetString(buffer).TrimEnd('\r');
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
