using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace SnowMedallion.Testing.S3;

/// <summary>S3's additional checksums (x-amz-checksum-*): computed incrementally, rendered as S3 does (big-endian, base64).</summary>
internal sealed class S3Checksum : IDisposable
{
    public static readonly IReadOnlyList<string> Algorithms = ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"];

    private readonly Crc32? _crc32;
    private readonly Crc64? _crc64;
    private readonly IncrementalHash? _hash;

    private S3Checksum(string algorithm)
    {
        Algorithm = algorithm;
        switch (algorithm)
        {
            case "CRC32":
                _crc32 = new Crc32();
                break;
            case "CRC32C":
                _crc32 = new Crc32(Crc32ParameterSet.Crc32C);
                break;
            case "CRC64NVME":
                _crc64 = new Crc64(Crc64ParameterSet.Nvme);
                break;
            case "SHA1":
                _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
                break;
            case "SHA256":
                _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                break;
            default:
                throw S3ErrorException.InvalidRequest($"Checksum algorithm '{algorithm}' is not supported; use one of {string.Join(", ", Algorithms)}.");
        }
    }

    public string Algorithm { get; }

    /// <summary>The header carrying this algorithm's value, e.g. x-amz-checksum-crc32.</summary>
    public string HeaderName => HeaderFor(Algorithm);

    public static string HeaderFor(string algorithm) => "x-amz-checksum-" + algorithm.ToLowerInvariant();

    public static S3Checksum Create(string algorithm) => new(algorithm.ToUpperInvariant());

    /// <summary>The algorithm named by a header such as x-amz-checksum-crc32, or null.</summary>
    public static string? AlgorithmOfHeader(string header)
    {
        const string Prefix = "x-amz-checksum-";
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var name = header[Prefix.Length..].ToUpperInvariant();
        return Algorithms.Contains(name) ? name : null;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_crc32 is not null)
        {
            _crc32.Append(data);
        }
        else if (_crc64 is not null)
        {
            _crc64.Append(data);
        }
        else
        {
            _hash!.AppendData(data);
        }
    }

    public byte[] GetBytes()
    {
        if (_crc32 is not null)
        {
            var bytes = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, _crc32.GetCurrentHashAsUInt32());
            return bytes;
        }

        if (_crc64 is not null)
        {
            var bytes = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(bytes, _crc64.GetCurrentHashAsUInt64());
            return bytes;
        }

        return _hash!.GetCurrentHash();
    }

    public string GetBase64() => Convert.ToBase64String(GetBytes());

    public void Dispose() => _hash?.Dispose();
}
