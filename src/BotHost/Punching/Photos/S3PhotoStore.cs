using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Attendance.BotHost.Configuration;

namespace Attendance.BotHost.Punching.Photos;

/// <summary>
/// Photos in an S3-compatible bucket as <c>&lt;prefix&gt;yyyy/MM/dd/&lt;random&gt;.aph</c>, encrypted before upload with
/// the same <see cref="PhotoCipher"/> as the file store. A PUT is atomic (an object is whole or absent), so there is
/// no temporary name; the no-orphan rule is the caller's as before (the photo is deleted when its row is not written,
/// and the orphan sweep lists the bucket through <see cref="ListAsync"/>). Rows keep the path without the prefix.
/// </summary>
public sealed partial class S3PhotoStore(IAmazonS3 s3, PhotoStoreOptions options, PhotoCipher cipher) : IPhotoStore, IDisposable
{
    private readonly string _bucket = options.Bucket ?? throw new ArgumentException("a bucket is required", nameof(options));
    private readonly string _prefix = options.Prefix;

    /// <summary>The client for <paramref name="options"/>, set for S3-compatible services rather than AWS alone.</summary>
    public static AmazonS3Client CreateClient(PhotoStoreOptions options) => new(
        new BasicAWSCredentials(options.AccessKey, options.SecretKey),
        new AmazonS3Config
        {
            ServiceURL = options.Endpoint,
            ForcePathStyle = options.PathStyle,
            AuthenticationRegion = options.Region,
            // The SDK's default flexible checksums (aws-chunked bodies with trailing CRCs) are not understood by every
            // S3-compatible service (COS, OSS, MinIO versions, s3rver): only when an operation requires one.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = TimeSpan.FromSeconds(30),
            MaxErrorRetry = 3,
        });

    public async Task<StoredPhoto> SaveAsync(byte[] image, DateOnly workDate, CancellationToken cancellationToken)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"{workDate:yyyy}/{workDate:MM}/{workDate:dd}/{Guid.NewGuid():N}.aph");
        using var body = new MemoryStream(cipher.Encrypt(image), writable: false);
        await Failing(() => s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _bucket,
            Key = _prefix + path,
            InputStream = body,
            ContentType = "application/octet-stream",
            UseChunkEncoding = false,
            AutoCloseStream = false,
        }, cancellationToken), "store", path);
        return new StoredPhoto(path, cipher.KeyId);
    }

    public async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            if (Key(path) is not { } key)
            {
                return null;
            }

            using var response = await s3.GetObjectAsync(_bucket, key, cancellationToken);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken);
            return cipher.Decrypt(buffer.ToArray());
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception e) when (e is AmazonServiceException or HttpRequestException)
        {
            throw new IOException($"The photo store could not read {path}: {e.Message}", e);
        }
    }

    /// <summary>S3 answers a delete of a missing key with success, as the interface asks.</summary>
    public Task DeleteAsync(string path) => Key(path) is { } key ? Failing(() => s3.DeleteObjectAsync(_bucket, key), "delete", path) : Task.CompletedTask;

    public async IAsyncEnumerable<StoredObject> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = _prefix, MaxKeys = 1000 };
        while (true)
        {
            var page = await Failing(() => s3.ListObjectsV2Async(request, cancellationToken), "list", _prefix);
            foreach (var item in page.S3Objects ?? [])
            {
                var path = item.Key[_prefix.Length..];
                if (!PhotoPath().IsMatch(path))
                {
                    continue; // not ours: the store only ever writes yyyy/MM/dd/<32 hex>.aph
                }

                var written = item.LastModified is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at.ToUniversalTime(), DateTimeKind.Utc)) : DateTimeOffset.MinValue;
                yield return new StoredObject(path, written, Complete: true, [path]);
            }

            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                yield break;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    public void Dispose() => s3.Dispose();

    /// <summary>The store's failures are IOExceptions, as the file store's are, so callers handle both kinds alike.</summary>
    private static async Task<T> Failing<T>(Func<Task<T>> call, string what, string path)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is AmazonServiceException or HttpRequestException)
        {
            throw new IOException($"The photo store could not {what} {path}: {e.Message}", e);
        }
    }

    /// <summary>The object key of a row's path; null for anything this store never writes (no such object can exist).</summary>
    private string? Key(string path) => PhotoPath().IsMatch(path) ? _prefix + path : null;

    [GeneratedRegex(@"^\d{4}/\d{2}/\d{2}/[0-9a-f]{32}\.aph$")]
    private static partial Regex PhotoPath();
}
