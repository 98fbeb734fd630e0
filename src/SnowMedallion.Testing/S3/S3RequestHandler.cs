using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using static SnowMedallion.Testing.S3.S3Xml;

namespace SnowMedallion.Testing.S3;

/// <summary>Serves the S3 REST API subset LocalS3 implements (path-style addressing).</summary>
internal sealed class S3RequestHandler
{
    private const long MinPartSize = 5L * 1024 * 1024;

    private static readonly string[] StoredHeaders = ["Content-Disposition", "Content-Language", "Cache-Control", "Expires"];

    private readonly S3ObjectStore _store;
    private readonly S3NotificationHub _notifications;
    private readonly string _accessKey;
    private readonly string _secretKey;
    private readonly string _region;

    public S3RequestHandler(S3ObjectStore store, S3NotificationHub notifications, string accessKey, string secretKey, string region)
    {
        _store = store;
        _notifications = notifications;
        _accessKey = accessKey;
        _secretKey = secretKey;
        _region = region;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        var response = context.Response;
        response.Headers["x-amz-request-id"] = requestId;
        response.Headers["x-amz-id-2"] = "LocalS3/" + requestId;
        try
        {
            var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (context.Request.Path + context.Request.QueryString);
            var question = target.IndexOf('?', StringComparison.Ordinal);
            var rawPath = question < 0 ? target : target[..question];
            var rawQuery = question < 0 ? string.Empty : target[(question + 1)..];
            if (context.Request.Method == "POST" && context.Request.HasFormContentType && context.Request.ContentType!.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            {
                var postPath = Uri.UnescapeDataString(rawPath).Trim('/');
                await PostObjectAsync(context, postPath.Split('/')[0], requestId).ConfigureAwait(false);
                return;
            }

            var auth = SigV4.Verify(context.Request, rawPath, rawQuery, _accessKey, _secretKey);
            var query = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in SigV4.ParseQuery(rawQuery))
            {
                query.TryAdd(name, value);
            }

            var path = Uri.UnescapeDataString(rawPath).TrimStart('/');
            var slash = path.IndexOf('/', StringComparison.Ordinal);
            var bucket = slash < 0 ? path : path[..slash];
            var key = slash < 0 ? string.Empty : path[(slash + 1)..];
            var request = new Request(context, auth, bucket, key, query, requestId);
            await DispatchAsync(request).ConfigureAwait(false);
        }
        catch (S3ErrorException ex)
        {
            await WriteErrorAsync(context, ex, requestId).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            await WriteErrorAsync(context, new S3ErrorException("IncompleteBody", ex.Message, HttpStatusCode.BadRequest), requestId).ConfigureAwait(false);
        }
    }

    private Task DispatchAsync(Request r)
    {
        var method = r.Context.Request.Method;
        if (r.Bucket.Length == 0)
        {
            return method == "GET" ? ListBucketsAsync(r) : throw NotImplemented("this operation on the service");
        }

        if (r.Key.Length == 0)
        {
            return method switch
            {
                "PUT" when r.Has("notification") => PutNotificationAsync(r),
                "PUT" when r.HasSubresource() => throw NotImplemented("PUT ?" + r.Subresource()),
                "PUT" => CreateBucketAsync(r),
                "GET" when r.Has("notification") => GetNotificationAsync(r),
                "GET" when r.Has("location") => GetLocationAsync(r),
                "GET" when r.Has("uploads") => ListUploadsAsync(r),
                "GET" when r.Has("versioning") => WriteXmlAsync(r, E("VersioningConfiguration")),
                "GET" when r.Has("acl") => GetAclAsync(r),
                "GET" when r.HasSubresource() => throw NotImplemented("GET ?" + r.Subresource()),
                "GET" => ListObjectsAsync(r),
                "HEAD" => HeadBucketAsync(r),
                "DELETE" => DeleteBucketAsync(r),
                "POST" when r.Has("delete") => DeleteObjectsAsync(r),
                _ => throw NotImplemented(method + " on a bucket"),
            };
        }

        return method switch
        {
            "PUT" when r.Has("uploadId") && r.Context.Request.Headers.ContainsKey("x-amz-copy-source") => UploadPartCopyAsync(r),
            "PUT" when r.Has("uploadId") => UploadPartAsync(r),
            "PUT" when r.HasSubresource() => throw NotImplemented("PUT ?" + r.Subresource()),
            "PUT" when r.Context.Request.Headers.ContainsKey("x-amz-copy-source") => CopyObjectAsync(r),
            "PUT" => PutObjectAsync(r),
            "GET" when r.Has("uploadId") => ListPartsAsync(r),
            "GET" when r.Has("acl") => GetAclAsync(r),
            "GET" when r.HasSubresource() => throw NotImplemented("GET ?" + r.Subresource()),
            "GET" => GetObjectAsync(r, includeBody: true),
            "HEAD" => GetObjectAsync(r, includeBody: false),
            "DELETE" when r.Has("uploadId") => AbortUploadAsync(r),
            "DELETE" => DeleteObjectAsync(r),
            "POST" when r.Has("uploads") => CreateUploadAsync(r),
            "POST" when r.Has("uploadId") => CompleteUploadAsync(r),
            _ => throw NotImplemented(method + " on an object"),
        };
    }

    // ---- Service and buckets -------------------------------------------------------------------

    private Task ListBucketsAsync(Request r) =>
        WriteXmlAsync(r, E(
            "ListAllMyBucketsResult",
            Owner(),
            E("Buckets", _store.ListBuckets().Select(b => E("Bucket", E("Name", b.Name), E("CreationDate", Timestamp(b.Created)))))));

    private async Task CreateBucketAsync(Request r)
    {
        _ = await S3PayloadReader.ReadSmallAsync(r.Context.Request, r.Auth, r.Aborted).ConfigureAwait(false);
        _store.CreateBucket(r.Bucket);
        r.Context.Response.Headers.Location = "/" + r.Bucket;
    }

    private Task HeadBucketAsync(Request r)
    {
        _store.EnsureBucket(r.Bucket);
        r.Context.Response.Headers["x-amz-bucket-region"] = _region;
        return Task.CompletedTask;
    }

    private Task DeleteBucketAsync(Request r)
    {
        _store.DeleteBucket(r.Bucket);
        r.Context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private Task GetAclAsync(Request r)
    {
        if (r.Key.Length == 0)
        {
            _store.EnsureBucket(r.Bucket);
        }
        else
        {
            _store.Get(r.Bucket, r.Key);
        }

        XNamespace xsi = "http://www.w3.org/2001/XMLSchema-instance";
        return WriteXmlAsync(r, E(
            "AccessControlPolicy",
            Owner(),
            E("AccessControlList", E(
                "Grant",
                E("Grantee", new XAttribute(XNamespace.Xmlns + "xsi", xsi), new XAttribute(xsi + "type", "CanonicalUser"), E("ID", "LOCALS3"), E("DisplayName", "locals3")),
                E("Permission", "FULL_CONTROL")))));
    }

    private Task GetLocationAsync(Request r)
    {
        _store.EnsureBucket(r.Bucket);
        return WriteXmlAsync(r, E("LocationConstraint", _region == "us-east-1" ? null : _region));
    }

    private async Task PutNotificationAsync(Request r)
    {
        var body = await S3PayloadReader.ReadSmallAsync(r.Context.Request, r.Auth, r.Aborted).ConfigureAwait(false);
        var document = Parse(body);
        var parsed = S3NotificationConfiguration.Parse(document);
        _store.SetNotificationConfiguration(r.Bucket, Encoding.UTF8.GetString(body), parsed);
    }

    private async Task GetNotificationAsync(Request r)
    {
        var xml = _store.GetNotificationConfiguration(r.Bucket);
        if (xml is null)
        {
            await WriteXmlAsync(r, E("NotificationConfiguration")).ConfigureAwait(false);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(xml);
        r.Context.Response.ContentType = "application/xml";
        r.Context.Response.ContentLength = bytes.Length;
        await r.Context.Response.Body.WriteAsync(bytes, r.Aborted).ConfigureAwait(false);
    }

    // ---- Listing --------------------------------------------------------------------------------

    private Task ListObjectsAsync(Request r)
    {
        var v2 = r.Get("list-type") == "2";
        var prefix = r.Get("prefix") ?? string.Empty;
        var delimiter = r.Get("delimiter") ?? string.Empty;
        var urlEncoded = string.Equals(r.Get("encoding-type"), "url", StringComparison.OrdinalIgnoreCase);
        var maxKeys = 1000;
        if (r.Get("max-keys") is { } maxText && (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out maxKeys) || maxKeys < 0))
        {
            throw S3ErrorException.InvalidArgument("max-keys must be an integer between 0 and 2147483647.");
        }

        maxKeys = Math.Min(maxKeys, 1000);
        string? after;
        var token = r.Get("continuation-token");
        if (v2)
        {
            after = token is null ? r.Get("start-after") : DecodeToken(token);
        }
        else
        {
            after = r.Get("marker");
        }

        var objects = _store.Snapshot(r.Bucket, prefix);
        var contents = new List<S3StoredObject>();
        var prefixes = new List<string>();
        string? last = null;
        var truncated = false;
        foreach (var o in objects)
        {
            if (after is not null && string.CompareOrdinal(o.Key, after) <= 0)
            {
                continue;
            }

            if (after is not null && delimiter.Length > 0 && after.EndsWith(delimiter, StringComparison.Ordinal) && o.Key.StartsWith(after, StringComparison.Ordinal))
            {
                continue;
            }

            string? commonPrefix = null;
            if (delimiter.Length > 0)
            {
                var index = o.Key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
                if (index >= 0)
                {
                    commonPrefix = o.Key[..(index + delimiter.Length)];
                    if (prefixes.Count > 0 && prefixes[^1] == commonPrefix)
                    {
                        continue;
                    }
                }
            }

            if (contents.Count + prefixes.Count >= maxKeys)
            {
                truncated = maxKeys > 0;
                break;
            }

            if (commonPrefix is not null)
            {
                prefixes.Add(commonPrefix);
                last = commonPrefix;
            }
            else
            {
                contents.Add(o);
                last = o.Key;
            }
        }

        string Enc(string value) => urlEncoded ? SigV4.UriEncode(value, keepSlash: true) : value;

        var root = E(
            "ListBucketResult",
            E("Name", r.Bucket),
            E("Prefix", Enc(prefix)),
            delimiter.Length > 0 ? E("Delimiter", Enc(delimiter)) : null,
            E("MaxKeys", maxKeys),
            urlEncoded ? E("EncodingType", "url") : null,
            E("IsTruncated", truncated ? "true" : "false"));
        if (v2)
        {
            root.Add(E("KeyCount", contents.Count + prefixes.Count));
            if (token is not null)
            {
                root.Add(E("ContinuationToken", token));
            }

            if (truncated && last is not null)
            {
                root.Add(E("NextContinuationToken", EncodeToken(last)));
            }

            if (r.Get("start-after") is { } startAfter)
            {
                root.Add(E("StartAfter", Enc(startAfter)));
            }
        }
        else
        {
            root.Add(E("Marker", Enc(after ?? string.Empty)));
            if (truncated && last is not null && delimiter.Length > 0)
            {
                root.Add(E("NextMarker", Enc(last)));
            }
        }

        var fetchOwner = !v2 || r.Get("fetch-owner") == "true";
        foreach (var o in contents)
        {
            root.Add(E(
                "Contents",
                E("Key", Enc(o.Key)),
                E("LastModified", Timestamp(o.LastModified)),
                E("ETag", Quote(o.ETag)),
                o.ChecksumAlgorithm is null ? null : E("ChecksumAlgorithm", o.ChecksumAlgorithm),
                o.ChecksumType is null ? null : E("ChecksumType", o.ChecksumType),
                E("Size", o.Size),
                fetchOwner ? Owner() : null,
                E("StorageClass", "STANDARD")));
        }

        foreach (var p in prefixes)
        {
            root.Add(E("CommonPrefixes", E("Prefix", Enc(p))));
        }

        return WriteXmlAsync(r, root);
    }

    private static string EncodeToken(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(key));

    private static string DecodeToken(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw S3ErrorException.InvalidArgument("The continuation token provided is incorrect.");
        }
    }

    // ---- Objects --------------------------------------------------------------------------------

    private async Task PutObjectAsync(Request r)
    {
        _store.EnsureBucket(r.Bucket);
        var http = r.Context.Request;
        var algorithm = S3PayloadReader.DeclaredChecksumAlgorithm(http, null);
        var sink = _store.CreateSink();
        await using var sinkScope = sink.ConfigureAwait(false);
        var payload = await S3PayloadReader.ReadAsync(http, r.Auth, sink, algorithm, r.Aborted).ConfigureAwait(false);
        var stored = new S3StoredObject
        {
            Bucket = r.Bucket,
            Key = r.Key,
            Content = sink.Complete(),
            ETag = Convert.ToHexStringLower(payload.Md5),
            LastModified = _store.Now(),
            ContentType = ContentType(http),
            Metadata = UserMetadata(http),
            Headers = RepresentationHeaders(http),
            ChecksumAlgorithm = payload.ChecksumAlgorithm,
            ChecksumValue = payload.ChecksumValue,
            ChecksumType = payload.ChecksumAlgorithm is null ? null : "FULL_OBJECT",
        };
        StoreAndNotify(r, stored, "ObjectCreated:Put");
        r.Context.Response.Headers.ETag = Quote(stored.ETag);
        WriteChecksumHeaders(r.Context.Response, stored);
    }

    private async Task GetObjectAsync(Request r, bool includeBody)
    {
        var o = _store.Get(r.Bucket, r.Key);
        var http = r.Context.Request;
        var response = r.Context.Response;
        var quoted = Quote(o.ETag);
        var lastModified = new DateTimeOffset(o.LastModified.Ticks - (o.LastModified.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

        var ifMatch = http.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0 && ifMatch != "*" && !ifMatch.Split(',').Any(e => Unquote(e) == o.ETag))
        {
            throw new S3ErrorException("PreconditionFailed", "At least one of the pre-conditions you specified did not hold.", HttpStatusCode.PreconditionFailed);
        }

        var ifNoneMatch = http.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length > 0 && (ifNoneMatch == "*" || ifNoneMatch.Split(',').Any(e => Unquote(e) == o.ETag)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            response.Headers.ETag = quoted;
            return;
        }

        if (ifMatch.Length == 0 && DateTimeOffset.TryParse(http.Headers.IfUnmodifiedSince.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var unmodifiedSince) && lastModified > unmodifiedSince)
        {
            throw new S3ErrorException("PreconditionFailed", "At least one of the pre-conditions you specified did not hold.", HttpStatusCode.PreconditionFailed);
        }

        if (ifNoneMatch.Length == 0 && DateTimeOffset.TryParse(http.Headers.IfModifiedSince.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var modifiedSince) && lastModified <= modifiedSince)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            response.Headers.ETag = quoted;
            return;
        }

        long start = 0;
        var length = o.Size;
        var range = http.Headers.Range.ToString();
        var partial = false;
        if (range.Length > 0 && TryParseRange(range, o.Size, out start, out length, out var unsatisfiable))
        {
            if (unsatisfiable)
            {
                throw new S3ErrorException("InvalidRange", "The requested range is not satisfiable.", HttpStatusCode.RequestedRangeNotSatisfiable)
                {
                    Details = new Dictionary<string, string> { ["RangeRequested"] = range, ["ActualObjectSize"] = o.Size.ToString(CultureInfo.InvariantCulture) },
                };
            }

            partial = true;
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = FormattableString.Invariant($"bytes {start}-{start + length - 1}/{o.Size}");
        }

        response.Headers.ETag = quoted;
        response.Headers.LastModified = HttpDate(lastModified);
        response.Headers.AcceptRanges = "bytes";
        response.ContentType = r.Get("response-content-type") ?? o.ContentType;
        foreach (var (name, value) in o.Headers)
        {
            response.Headers[name] = value;
        }

        foreach (var (query, header) in new[] { ("response-content-disposition", "Content-Disposition"), ("response-content-language", "Content-Language"), ("response-cache-control", "Cache-Control"), ("response-content-encoding", "Content-Encoding"), ("response-expires", "Expires") })
        {
            if (r.Get(query) is { } value)
            {
                response.Headers[header] = value;
            }
        }

        foreach (var (name, value) in o.Metadata)
        {
            response.Headers["x-amz-meta-" + name] = value;
        }

        if (o.PartsCount is { } parts)
        {
            response.Headers["x-amz-mp-parts-count"] = parts.ToString(CultureInfo.InvariantCulture);
        }

        if (!partial && string.Equals(http.Headers["x-amz-checksum-mode"], "ENABLED", StringComparison.OrdinalIgnoreCase))
        {
            WriteChecksumHeaders(response, o);
        }

        response.ContentLength = length;
        if (!includeBody || length == 0)
        {
            return;
        }

        var stream = o.Content.OpenRead();
        await using var streamScope = stream.ConfigureAwait(false);
        stream.Seek(start, SeekOrigin.Begin);
        var buffer = new byte[Math.Min(length, 256 * 1024)];
        var remaining = length;
        while (remaining > 0)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), r.Aborted).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            await response.Body.WriteAsync(buffer.AsMemory(0, n), r.Aborted).ConfigureAwait(false);
            remaining -= n;
        }
    }

    private Task DeleteObjectAsync(Request r)
    {
        _store.Delete(r.Bucket, r.Key);
        r.Context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private async Task DeleteObjectsAsync(Request r)
    {
        _store.EnsureBucket(r.Bucket);
        var http = r.Context.Request;
        if (!http.Headers.ContainsKey("Content-MD5") && S3PayloadReader.DeclaredChecksumAlgorithm(http, null) is null)
        {
            throw S3ErrorException.InvalidRequest("Missing required header for this request: Content-MD5 (or an x-amz-checksum-* header).");
        }

        var document = Parse(await S3PayloadReader.ReadSmallAsync(http, r.Auth, r.Aborted).ConfigureAwait(false));
        var root = document.Root ?? throw S3ErrorException.MalformedXml();
        var quiet = string.Equals(Child(root, "Quiet"), "true", StringComparison.OrdinalIgnoreCase);
        var objects = Children(root, "Object").ToList();
        if (objects.Count is 0 or > 1000)
        {
            throw S3ErrorException.MalformedXml();
        }

        var result = E("DeleteResult");
        foreach (var o in objects)
        {
            var key = Child(o, "Key") ?? throw S3ErrorException.MalformedXml();
            _store.Delete(r.Bucket, key);
            if (!quiet)
            {
                result.Add(E("Deleted", E("Key", key)));
            }
        }

        await WriteXmlAsync(r, result).ConfigureAwait(false);
    }

    private async Task CopyObjectAsync(Request r)
    {
        _store.EnsureBucket(r.Bucket);
        var http = r.Context.Request;
        var (sourceBucket, sourceKey) = ParseCopySource(http.Headers["x-amz-copy-source"].ToString());
        var source = _store.Get(sourceBucket, sourceKey);
        var replace = string.Equals(http.Headers["x-amz-metadata-directive"], "REPLACE", StringComparison.OrdinalIgnoreCase);
        var algorithm = http.Headers["x-amz-checksum-algorithm"].ToString() is { Length: > 0 } a ? a.ToUpperInvariant() : null;
        if (sourceBucket == r.Bucket && sourceKey == r.Key && !replace && algorithm is null)
        {
            throw S3ErrorException.InvalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
        }

        S3Content content;
        string etag;
        string? checksum = source.ChecksumType == "FULL_OBJECT" && (algorithm is null || algorithm == source.ChecksumAlgorithm) ? source.ChecksumValue : null;
        algorithm ??= checksum is null ? null : source.ChecksumAlgorithm;
        if (source.Content is MemoryContent memory && !source.ETag.Contains('-', StringComparison.Ordinal) && (algorithm is null || checksum is not null))
        {
            content = memory;
            etag = source.ETag;
        }
        else
        {
            var sink = _store.CreateSink();
            await using var sinkScope = sink.ConfigureAwait(false);
            var (md5, sum) = await CopyIntoAsync(source.Content, 0, source.Size, sink, algorithm, r.Aborted).ConfigureAwait(false);
            content = sink.Complete();
            etag = Convert.ToHexStringLower(md5);
            checksum = sum;
        }

        var stored = new S3StoredObject
        {
            Bucket = r.Bucket,
            Key = r.Key,
            Content = content,
            ETag = etag,
            LastModified = _store.Now(),
            ContentType = replace ? ContentType(http) : source.ContentType,
            Metadata = replace ? UserMetadata(http) : source.Metadata,
            Headers = replace ? RepresentationHeaders(http) : source.Headers,
            ChecksumAlgorithm = checksum is null ? null : algorithm,
            ChecksumValue = checksum,
            ChecksumType = checksum is null ? null : "FULL_OBJECT",
        };
        StoreAndNotify(r, stored, "ObjectCreated:Copy");
        await WriteXmlAsync(r, E(
            "CopyObjectResult",
            E("ETag", Quote(stored.ETag)),
            E("LastModified", Timestamp(stored.LastModified)),
            stored.ChecksumAlgorithm is null ? null : E("Checksum" + stored.ChecksumAlgorithm, stored.ChecksumValue))).ConfigureAwait(false);
    }

    /// <summary>POST Object: a browser-form upload signed with a SigV4 POST policy.</summary>
    private async Task PostObjectAsync(HttpContext context, string bucket, string requestId)
    {
        _store.EnsureBucket(bucket);
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        string? Field(string name) => form.FirstOrDefault(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase)).Value.ToString() is { Length: > 0 } v ? v : null;
        var file = form.Files.GetFile("file") ?? throw S3ErrorException.InvalidArgument("POST requires exactly one file upload per request (a form field named 'file').");
        var policy = Field("policy") ?? throw new S3ErrorException("AccessDenied", "Access Denied: a POST upload needs a signed policy.", HttpStatusCode.Forbidden);
        var credential = Field("x-amz-credential") ?? string.Empty;
        var parts = credential.Split('/');
        if (Field("x-amz-algorithm") != "AWS4-HMAC-SHA256" || parts.Length != 5)
        {
            throw S3ErrorException.InvalidArgument("POST uploads must be signed with AWS4-HMAC-SHA256 and carry x-amz-credential (AKID/date/region/s3/aws4_request).");
        }

        if (!string.Equals(parts[0], _accessKey, StringComparison.Ordinal))
        {
            throw new S3ErrorException("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", HttpStatusCode.Forbidden);
        }

        var signingKey = SigV4.DeriveSigningKey(_secretKey, parts[1], parts[2], parts[3]);
        var expected = SigV4.Hex(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(policy)));
        if (!SigV4.FixedEquals(expected, Field("x-amz-signature") ?? string.Empty))
        {
            throw S3ErrorException.SignatureDoesNotMatch();
        }

        var key = (Field("key") ?? throw S3ErrorException.InvalidArgument("POST requires a 'key' form field.")).Replace("${filename}", Path.GetFileName(file.FileName), StringComparison.Ordinal);
        CheckPolicy(policy, bucket, key, file.Length);

        var sink = _store.CreateSink();
        await using var sinkScope = sink.ConfigureAwait(false);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var upload = file.OpenReadStream();
        await using (upload.ConfigureAwait(false))
        {
            var buffer = new byte[81920];
            int n;
            while ((n = await upload.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                md5.AppendData(buffer, 0, n);
                await sink.WriteAsync(buffer.AsMemory(0, n), context.RequestAborted).ConfigureAwait(false);
            }
        }

        var metadata = form.Where(f => f.Key.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(f => f.Key[11..].ToLowerInvariant(), f => f.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var stored = new S3StoredObject
        {
            Bucket = bucket,
            Key = key,
            Content = sink.Complete(),
            ETag = Convert.ToHexStringLower(md5.GetHashAndReset()),
            LastModified = _store.Now(),
            ContentType = Field("Content-Type") ?? "binary/octet-stream",
            Metadata = metadata,
        };
        var request = new Request(context, new S3AuthContext(signingKey, Field("x-amz-date") ?? string.Empty, string.Join('/', parts, 1, 4), expected, "UNSIGNED-PAYLOAD"), bucket, key, [], requestId);
        StoreAndNotify(request, stored, "ObjectCreated:Post");
        var response = context.Response;
        var location = $"{context.Request.Scheme}://{context.Request.Host}/{bucket}/{SigV4.UriEncode(key, keepSlash: true)}";
        response.Headers.ETag = Quote(stored.ETag);
        response.Headers.Location = location;
        switch (Field("success_action_status"))
        {
            case "201":
                response.StatusCode = StatusCodes.Status201Created;
                await WriteXmlAsync(request, E("PostResponse", E("Location", location), E("Bucket", bucket), E("Key", key), E("ETag", Quote(stored.ETag)))).ConfigureAwait(false);
                break;
            case "200":
                break;
            default:
                response.StatusCode = StatusCodes.Status204NoContent;
                break;
        }
    }

    /// <summary>Checks the POST policy's bucket, key and content-length-range conditions.</summary>
    private static void CheckPolicy(string policyBase64, string bucket, string key, long length)
    {
        System.Text.Json.JsonDocument policy;
        try
        {
            policy = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(policyBase64));
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException)
        {
            throw S3ErrorException.InvalidArgument("The POST policy is not base64-encoded JSON.");
        }

        using (policy)
        {
            static S3ErrorException Violated(string what) =>
                new("AccessDenied", $"Invalid according to Policy: Policy Condition failed: {what}", HttpStatusCode.Forbidden);

            if (!policy.RootElement.TryGetProperty("conditions", out var conditions))
            {
                return;
            }

            foreach (var condition in conditions.EnumerateArray())
            {
                if (condition.ValueKind == System.Text.Json.JsonValueKind.Object)
                {
                    foreach (var property in condition.EnumerateObject())
                    {
                        var value = property.Value.ToString();
                        if (property.Name == "bucket" && value != bucket)
                        {
                            throw Violated($"[\"eq\", \"$bucket\", \"{value}\"]");
                        }

                        if (property.Name == "key" && value != key)
                        {
                            throw Violated($"[\"eq\", \"$key\", \"{value}\"]");
                        }
                    }
                }
                else if (condition.ValueKind == System.Text.Json.JsonValueKind.Array && condition.GetArrayLength() == 3)
                {
                    var op = condition[0].GetString();
                    if (op == "content-length-range" && (length < condition[1].GetInt64() || length > condition[2].GetInt64()))
                    {
                        throw new S3ErrorException("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size (content-length-range of the POST policy).", HttpStatusCode.BadRequest);
                    }

                    var field = condition[1].GetString();
                    var expected = condition[2].GetString() ?? string.Empty;
                    var actual = field switch { "$key" => key, "$bucket" => bucket, _ => null };
                    if (actual is not null && ((op == "eq" && actual != expected) || (op == "starts-with" && !actual.StartsWith(expected, StringComparison.Ordinal))))
                    {
                        throw Violated($"[\"{op}\", \"{field}\", \"{expected}\"]");
                    }
                }
            }
        }
    }

    // ---- Multipart ------------------------------------------------------------------------------

    private Task CreateUploadAsync(Request r)
    {
        var http = r.Context.Request;
        var algorithm = http.Headers["x-amz-checksum-algorithm"].ToString() is { Length: > 0 } a ? a.ToUpperInvariant() : null;
        if (algorithm is not null && !S3Checksum.Algorithms.Contains(algorithm))
        {
            throw S3ErrorException.InvalidRequest($"Checksum algorithm '{algorithm}' is not supported.");
        }

        var type = http.Headers["x-amz-checksum-type"].ToString() is { Length: > 0 } t ? t.ToUpperInvariant() : null;
        if (algorithm is not null)
        {
            type ??= algorithm == "CRC64NVME" ? "FULL_OBJECT" : "COMPOSITE";
            if (type == "FULL_OBJECT" && algorithm is "SHA1" or "SHA256")
            {
                throw S3ErrorException.InvalidRequest($"The FULL_OBJECT checksum type is not supported for {algorithm}; use COMPOSITE.");
            }
        }

        var upload = _store.CreateUpload(r.Bucket, r.Key, id => new S3MultipartUpload
        {
            UploadId = id,
            Bucket = r.Bucket,
            Key = r.Key,
            Initiated = _store.Now(),
            ContentType = ContentType(http),
            Metadata = UserMetadata(http),
            Headers = RepresentationHeaders(http),
            ChecksumAlgorithm = algorithm,
            ChecksumType = type,
        });
        if (algorithm is not null)
        {
            r.Context.Response.Headers["x-amz-checksum-algorithm"] = algorithm;
            r.Context.Response.Headers["x-amz-checksum-type"] = type;
        }

        return WriteXmlAsync(r, E("InitiateMultipartUploadResult", E("Bucket", r.Bucket), E("Key", r.Key), E("UploadId", upload.UploadId)));
    }

    private async Task UploadPartAsync(Request r)
    {
        var partNumber = PartNumber(r);
        var upload = _store.GetUpload(r.Bucket, r.Key, r.Get("uploadId")!);
        var http = r.Context.Request;
        var algorithm = S3PayloadReader.DeclaredChecksumAlgorithm(http, upload.ChecksumAlgorithm);
        var sink = _store.CreateSink();
        await using var sinkScope = sink.ConfigureAwait(false);
        var payload = await S3PayloadReader.ReadAsync(http, r.Auth, sink, algorithm, r.Aborted).ConfigureAwait(false);
        var part = new S3Part(partNumber, sink.Complete(), payload.Md5, payload.ChecksumValue, _store.Now());
        try
        {
            _store.AddPart(upload, part);
        }
        catch (S3ErrorException)
        {
            part.Content.Release();
            throw;
        }

        r.Context.Response.Headers.ETag = Quote(part.ETag);
        if (payload.ChecksumAlgorithm is not null)
        {
            r.Context.Response.Headers[S3Checksum.HeaderFor(payload.ChecksumAlgorithm)] = payload.ChecksumValue;
        }
    }

    private async Task UploadPartCopyAsync(Request r)
    {
        var partNumber = PartNumber(r);
        var upload = _store.GetUpload(r.Bucket, r.Key, r.Get("uploadId")!);
        var http = r.Context.Request;
        var (sourceBucket, sourceKey) = ParseCopySource(http.Headers["x-amz-copy-source"].ToString());
        var source = _store.Get(sourceBucket, sourceKey);
        long start = 0;
        var length = source.Size;
        var range = http.Headers["x-amz-copy-source-range"].ToString();
        if (range.Length > 0 && (!TryParseRange(range, source.Size, out start, out length, out var unsatisfiable) || unsatisfiable))
        {
            throw S3ErrorException.InvalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last, within the source object.");
        }

        var sink = _store.CreateSink();
        await using var sinkScope = sink.ConfigureAwait(false);
        var (md5, checksum) = await CopyIntoAsync(source.Content, start, length, sink, upload.ChecksumAlgorithm, r.Aborted).ConfigureAwait(false);
        var part = new S3Part(partNumber, sink.Complete(), md5, checksum, _store.Now());
        _store.AddPart(upload, part);
        await WriteXmlAsync(r, E(
            "CopyPartResult",
            E("ETag", Quote(part.ETag)),
            E("LastModified", Timestamp(part.LastModified)),
            upload.ChecksumAlgorithm is null ? null : E("Checksum" + upload.ChecksumAlgorithm, checksum))).ConfigureAwait(false);
    }

    private async Task CompleteUploadAsync(Request r)
    {
        var uploadId = r.Get("uploadId")!;
        var upload = _store.GetUpload(r.Bucket, r.Key, uploadId);
        var http = r.Context.Request;
        var document = Parse(await S3PayloadReader.ReadSmallAsync(http, r.Auth, r.Aborted).ConfigureAwait(false));
        var root = document.Root ?? throw S3ErrorException.MalformedXml();
        var requested = Children(root, "Part").ToList();
        if (requested.Count == 0)
        {
            throw S3ErrorException.MalformedXml();
        }

        var stored = _store.SnapshotParts(upload).ToDictionary(p => p.PartNumber);
        var chosen = new List<S3Part>();
        var previousNumber = 0;
        foreach (var element in requested)
        {
            if (!int.TryParse(Child(element, "PartNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                throw S3ErrorException.MalformedXml();
            }

            if (number <= previousNumber)
            {
                throw new S3ErrorException("InvalidPartOrder", "The list of parts was not in ascending order. The parts list must be specified in order by part number.", HttpStatusCode.BadRequest);
            }

            previousNumber = number;
            var etag = Unquote(Child(element, "ETag") ?? string.Empty);
            if (!stored.TryGetValue(number, out var part) || !string.Equals(part.ETag, etag, StringComparison.OrdinalIgnoreCase))
            {
                throw InvalidPart(number);
            }

            if (upload.ChecksumAlgorithm is not null && Child(element, "Checksum" + upload.ChecksumAlgorithm) is { } sent && sent != part.Checksum)
            {
                throw InvalidPart(number);
            }

            chosen.Add(part);
        }

        for (var i = 0; i < chosen.Count - 1; i++)
        {
            if (chosen[i].Content.Length < MinPartSize)
            {
                throw new S3ErrorException("EntityTooSmall", $"Your proposed upload is smaller than the minimum allowed object size: part {chosen[i].PartNumber} has {chosen[i].Content.Length} bytes; every part but the last needs at least 5 MiB.", HttpStatusCode.BadRequest);
            }
        }

        S3Content content;
        if (chosen.All(p => p.Content is MemoryContent))
        {
            content = MemoryContent.Concat(chosen.Select(p => (MemoryContent)p.Content));
        }
        else
        {
            var sink = _store.CreateSink();
            await using var sinkScope = sink.ConfigureAwait(false);
            foreach (var part in chosen)
            {
                await CopyIntoAsync(part.Content, 0, part.Content.Length, sink, null, r.Aborted).ConfigureAwait(false);
            }

            content = sink.Complete();
        }

        using var md5s = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        foreach (var part in chosen)
        {
            md5s.AppendData(part.Md5);
        }

        var etagValue = Convert.ToHexStringLower(md5s.GetHashAndReset()) + "-" + chosen.Count.ToString(CultureInfo.InvariantCulture);
        string? checksum = null;
        if (upload.ChecksumAlgorithm is { } algorithm)
        {
            if (upload.ChecksumType == "FULL_OBJECT")
            {
                var (_, full) = await HashAsync(content, algorithm, r.Aborted).ConfigureAwait(false);
                checksum = full;
            }
            else if (chosen.All(p => p.Checksum is not null))
            {
                using var composite = S3Checksum.Create(algorithm);
                foreach (var part in chosen)
                {
                    composite.Append(Convert.FromBase64String(part.Checksum!));
                }

                checksum = composite.GetBase64() + "-" + chosen.Count.ToString(CultureInfo.InvariantCulture);
            }

            var sent = http.Headers[S3Checksum.HeaderFor(algorithm)].ToString();
            if (sent.Length > 0 && checksum is not null && sent != checksum)
            {
                throw S3ErrorException.BadDigest($"The {algorithm} you specified did not match the calculated checksum.");
            }
        }

        var result = new S3StoredObject
        {
            Bucket = r.Bucket,
            Key = r.Key,
            Content = content,
            ETag = etagValue,
            LastModified = _store.Now(),
            ContentType = upload.ContentType,
            Metadata = upload.Metadata,
            Headers = upload.Headers,
            ChecksumAlgorithm = checksum is null ? null : upload.ChecksumAlgorithm,
            ChecksumValue = checksum,
            ChecksumType = checksum is null ? null : upload.ChecksumType,
            PartsCount = chosen.Count,
        };
        if (!_store.RemoveUpload(uploadId, releaseParts: false))
        {
            content.Release();
            throw S3ErrorException.NoSuchUpload(uploadId);
        }

        StoreAndNotify(r, result, "ObjectCreated:CompleteMultipartUpload");
        if (content is not MemoryContent)
        {
            foreach (var part in stored.Values)
            {
                part.Content.Release();
            }
        }

        await WriteXmlAsync(r, E(
            "CompleteMultipartUploadResult",
            E("Location", $"{r.Context.Request.Scheme}://{r.Context.Request.Host}/{r.Bucket}/{SigV4.UriEncode(r.Key, keepSlash: true)}"),
            E("Bucket", r.Bucket),
            E("Key", r.Key),
            E("ETag", Quote(etagValue)),
            checksum is null ? null : E("Checksum" + upload.ChecksumAlgorithm, checksum),
            checksum is null ? null : E("ChecksumType", upload.ChecksumType))).ConfigureAwait(false);
    }

    private Task AbortUploadAsync(Request r)
    {
        var upload = _store.GetUpload(r.Bucket, r.Key, r.Get("uploadId")!);
        _store.RemoveUpload(upload.UploadId, releaseParts: true);
        r.Context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private Task ListPartsAsync(Request r)
    {
        var upload = _store.GetUpload(r.Bucket, r.Key, r.Get("uploadId")!);
        var maxParts = int.TryParse(r.Get("max-parts"), NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? Math.Min(m, 1000) : 1000;
        var marker = int.TryParse(r.Get("part-number-marker"), NumberStyles.None, CultureInfo.InvariantCulture, out var pm) ? pm : 0;
        var parts = _store.SnapshotParts(upload).Where(p => p.PartNumber > marker).ToList();
        var page = parts.Take(maxParts).ToList();
        var truncated = parts.Count > page.Count;
        return WriteXmlAsync(r, E(
            "ListPartsResult",
            E("Bucket", r.Bucket),
            E("Key", r.Key),
            E("UploadId", upload.UploadId),
            E("Initiator", E("ID", "LOCALS3"), E("DisplayName", "locals3")),
            Owner(),
            E("StorageClass", "STANDARD"),
            E("PartNumberMarker", marker),
            E("NextPartNumberMarker", page.Count > 0 ? page[^1].PartNumber : marker),
            E("MaxParts", maxParts),
            E("IsTruncated", truncated ? "true" : "false"),
            upload.ChecksumAlgorithm is null ? null : E("ChecksumAlgorithm", upload.ChecksumAlgorithm),
            upload.ChecksumType is null ? null : E("ChecksumType", upload.ChecksumType),
            page.Select(p => E(
                "Part",
                E("PartNumber", p.PartNumber),
                E("LastModified", Timestamp(p.LastModified)),
                E("ETag", Quote(p.ETag)),
                upload.ChecksumAlgorithm is null || p.Checksum is null ? null : E("Checksum" + upload.ChecksumAlgorithm, p.Checksum),
                E("Size", p.Content.Length)))));
    }

    private Task ListUploadsAsync(Request r)
    {
        var prefix = r.Get("prefix") ?? string.Empty;
        var uploads = _store.ListUploads(r.Bucket).Where(u => u.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        return WriteXmlAsync(r, E(
            "ListMultipartUploadsResult",
            E("Bucket", r.Bucket),
            E("KeyMarker", string.Empty),
            E("UploadIdMarker", string.Empty),
            E("Prefix", prefix),
            E("MaxUploads", 1000),
            E("IsTruncated", "false"),
            uploads.Select(u => E(
                "Upload",
                E("Key", u.Key),
                E("UploadId", u.UploadId),
                E("Initiator", E("ID", "LOCALS3"), E("DisplayName", "locals3")),
                Owner(),
                E("StorageClass", "STANDARD"),
                E("Initiated", Timestamp(u.Initiated))))));
    }

    // ---- Helpers --------------------------------------------------------------------------------

    private void StoreAndNotify(Request r, S3StoredObject stored, string eventName)
    {
        try
        {
            _store.Put(stored);
        }
        catch (S3ErrorException)
        {
            stored.Content.Release();
            throw;
        }

        var ip = r.Context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1";
        _notifications.Publish(_store.GetNotifications(stored.Bucket), stored, eventName, ip, r.RequestId);
    }

    private static async Task<(byte[] Md5, string? Checksum)> CopyIntoAsync(S3Content content, long start, long length, S3ContentSink sink, string? algorithm, CancellationToken cancellationToken)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var checksum = algorithm is null ? null : S3Checksum.Create(algorithm);
        var stream = content.OpenRead();
        await using var scope = stream.ConfigureAwait(false);
        stream.Seek(start, SeekOrigin.Begin);
        var buffer = new byte[256 * 1024];
        var remaining = length;
        while (remaining > 0)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            md5.AppendData(buffer, 0, n);
            checksum?.Append(buffer.AsSpan(0, n));
            await sink.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            remaining -= n;
        }

        return (md5.GetHashAndReset(), checksum?.GetBase64());
    }

    private static async Task<(byte[] Md5, string Checksum)> HashAsync(S3Content content, string algorithm, CancellationToken cancellationToken)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var checksum = S3Checksum.Create(algorithm);
        var stream = content.OpenRead();
        await using var scope = stream.ConfigureAwait(false);
        var buffer = new byte[256 * 1024];
        int n;
        while ((n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            md5.AppendData(buffer, 0, n);
            checksum.Append(buffer.AsSpan(0, n));
        }

        return (md5.GetHashAndReset(), checksum.GetBase64());
    }

    private static bool TryParseRange(string header, long size, out long start, out long length, out bool unsatisfiable)
    {
        start = 0;
        length = size;
        unsatisfiable = false;
        if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(',', StringComparison.Ordinal))
        {
            return false; // S3 ignores a range it cannot parse and returns the whole object.
        }

        var spec = header[6..].Trim();
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return false;
        }

        var first = spec[..dash];
        var last = spec[(dash + 1)..];
        if (first.Length == 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix))
            {
                return false;
            }

            if (suffix == 0)
            {
                unsatisfiable = true;
                return true;
            }

            length = Math.Min(suffix, size);
            start = size - length;
            return true;
        }

        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out start))
        {
            return false;
        }

        long end = size - 1;
        if (last.Length > 0 && !long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out end))
        {
            return false;
        }

        if (last.Length > 0 && end < start)
        {
            return false;
        }

        if (start >= size)
        {
            unsatisfiable = true;
            return true;
        }

        end = Math.Min(end, size - 1);
        length = end - start + 1;
        return true;
    }

    private static (string Bucket, string Key) ParseCopySource(string header)
    {
        var value = header;
        var question = value.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            value = value[..question];
        }

        value = Uri.UnescapeDataString(value).TrimStart('/');
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == value.Length - 1)
        {
            throw S3ErrorException.InvalidArgument($"Copy Source must mention the source bucket and key: sourcebucket/sourcekey (got '{header}').");
        }

        return (value[..slash], value[(slash + 1)..]);
    }

    private static int PartNumber(Request r)
    {
        if (!int.TryParse(r.Get("partNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 10000)
        {
            throw S3ErrorException.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive.");
        }

        return number;
    }

    private static S3ErrorException InvalidPart(int number) =>
        new("InvalidPart", $"One or more of the specified parts could not be found (part {number}). The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.", HttpStatusCode.BadRequest);

    private static S3ErrorException NotImplemented(string what) =>
        new("NotImplemented", $"LocalS3 does not implement {what}.", HttpStatusCode.NotImplemented);

    private static string ContentType(HttpRequest request) =>
        string.IsNullOrEmpty(request.ContentType) ? "binary/octet-stream" : request.ContentType;

    private static Dictionary<string, string> UserMetadata(HttpRequest request)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            if (header.Key.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase))
            {
                metadata[header.Key[11..].ToLowerInvariant()] = header.Value.ToString();
            }
        }

        return metadata;
    }

    private static Dictionary<string, string> RepresentationHeaders(HttpRequest request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in StoredHeaders)
        {
            if (request.Headers.TryGetValue(name, out var value) && value.Count > 0)
            {
                headers[name] = value.ToString();
            }
        }

        // aws-chunked is a transfer detail, not the object's encoding.
        var encodings = request.Headers.ContentEncoding.ToString()
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(e => !string.Equals(e, "aws-chunked", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (encodings.Count > 0)
        {
            headers["Content-Encoding"] = string.Join(',', encodings);
        }

        return headers;
    }

    private static void WriteChecksumHeaders(HttpResponse response, S3StoredObject stored)
    {
        if (stored.ChecksumAlgorithm is not null && stored.ChecksumValue is not null)
        {
            response.Headers[S3Checksum.HeaderFor(stored.ChecksumAlgorithm)] = stored.ChecksumValue;
            if (stored.ChecksumType is not null)
            {
                response.Headers["x-amz-checksum-type"] = stored.ChecksumType;
            }
        }
    }

    private static XElement Owner() => E("Owner", E("ID", "LOCALS3"), E("DisplayName", "locals3"));

    private static async Task WriteXmlAsync(Request r, XElement root)
    {
        var bytes = Serialize(root);
        r.Context.Response.ContentType = "application/xml";
        r.Context.Response.ContentLength = bytes.Length;
        await r.Context.Response.Body.WriteAsync(bytes, r.Aborted).ConfigureAwait(false);
    }

    private static async Task WriteErrorAsync(HttpContext context, S3ErrorException error, string requestId)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return;
        }

        response.StatusCode = (int)error.Status;
        if (context.Request.Method == "HEAD")
        {
            return;
        }

        var root = E("Error", E("Code", error.Code), E("Message", error.Message));
        if (error.Resource is not null)
        {
            root.Add(E("Resource", error.Resource));
        }

        foreach (var (name, value) in error.Details)
        {
            root.Add(E(name, value));
        }

        root.Add(E("RequestId", requestId), E("HostId", "LocalS3/" + requestId));

        // S3 error bodies carry no namespace.
        foreach (var element in root.DescendantsAndSelf())
        {
            element.Name = element.Name.LocalName;
        }

        var bytes = Serialize(root);
        response.ContentType = "application/xml";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private sealed record Request(HttpContext Context, S3AuthContext Auth, string Bucket, string Key, Dictionary<string, string> Query, string RequestId)
    {
        private static readonly string[] Subresources =
        [
            "acl", "policy", "cors", "lifecycle", "tagging", "website", "logging", "replication", "encryption",
            "object-lock", "retention", "legal-hold", "accelerate", "requestPayment", "ownershipControls",
            "publicAccessBlock", "analytics", "inventory", "metrics", "intelligent-tiering", "restore", "select",
            "torrent", "attributes", "versions", "policyStatus",
        ];

        public CancellationToken Aborted => Context.RequestAborted;

        public bool Has(string name) => Query.ContainsKey(name);

        public string? Get(string name) => Query.TryGetValue(name, out var value) ? value : null;

        public bool HasSubresource() => Subresources.Any(Query.ContainsKey);

        public string Subresource() => Subresources.First(Query.ContainsKey);
    }
}
