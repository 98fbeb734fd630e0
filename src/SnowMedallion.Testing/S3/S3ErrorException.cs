using System.Net;

namespace SnowMedallion.Testing.S3;

/// <summary>An S3 error response: S3's error code, HTTP status and message, rendered as S3's XML error body.</summary>
internal sealed class S3ErrorException : Exception
{
    public S3ErrorException()
        : this("InternalError", "We encountered an internal error. Please try again.", HttpStatusCode.InternalServerError)
    {
    }

    public S3ErrorException(string message)
        : this("InternalError", message, HttpStatusCode.InternalServerError)
    {
    }

    public S3ErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "InternalError";
        Status = HttpStatusCode.InternalServerError;
    }

    public S3ErrorException(string code, string message, HttpStatusCode status, string? resource = null)
        : base(message)
    {
        Code = code;
        Status = status;
        Resource = resource;
    }

    public string Code { get; }

    public HttpStatusCode Status { get; }

    public string? Resource { get; }

    /// <summary>Extra elements written into the error body (for example StringToSign).</summary>
    public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();

    public static S3ErrorException NoSuchBucket(string bucket) =>
        new("NoSuchBucket", $"The specified bucket does not exist: '{bucket}'. Create it first (PutBucket / aws s3 mb).", HttpStatusCode.NotFound, bucket)
        {
            Details = new Dictionary<string, string> { ["BucketName"] = bucket },
        };

    public static S3ErrorException NoSuchKey(string bucket, string key) =>
        new("NoSuchKey", "The specified key does not exist.", HttpStatusCode.NotFound, $"{bucket}/{key}")
        {
            Details = new Dictionary<string, string> { ["Key"] = key, ["BucketName"] = bucket },
        };

    public static S3ErrorException NoSuchUpload(string uploadId) =>
        new("NoSuchUpload", "The specified multipart upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", HttpStatusCode.NotFound)
        {
            Details = new Dictionary<string, string> { ["UploadId"] = uploadId },
        };

    public static S3ErrorException BadDigest(string message) =>
        new("BadDigest", message, HttpStatusCode.BadRequest);

    public static S3ErrorException InvalidArgument(string message) =>
        new("InvalidArgument", message, HttpStatusCode.BadRequest);

    public static S3ErrorException InvalidRequest(string message) =>
        new("InvalidRequest", message, HttpStatusCode.BadRequest);

    public static S3ErrorException MalformedXml() =>
        new("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema.", HttpStatusCode.BadRequest);

    public static S3ErrorException SignatureDoesNotMatch(string? stringToSign = null) =>
        new("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.", HttpStatusCode.Forbidden)
        {
            Details = stringToSign is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["StringToSign"] = stringToSign },
        };
}
