using System.Text.RegularExpressions;

namespace Attendance.BotHost.Configuration;

/// <summary>
/// <c>Attendance:PhotoStore</c>: where punch photos are kept. <c>file</c> (the default) is a directory,
/// <c>Attendance:PhotoRoot</c>, right for one host. <c>s3</c> is an S3-compatible bucket (Tencent COS, Alibaba OSS,
/// MinIO, AWS), which every host reads and writes, so a photo punched on one host is face-checked, shown to a
/// reviewer, exported, erased and purged by any other. Photos are encrypted (AES-GCM) before they leave the host.
/// </summary>
public sealed partial class PhotoStoreOptions
{
    public string Kind { get; set; } = "file";

    /// <summary>The service URL, e.g. <c>https://cos.ap-shanghai.myqcloud.com</c> or a MinIO address.</summary>
    public string? Endpoint { get; set; }

    public string? Bucket { get; set; }

    /// <summary>The signing region (COS: <c>ap-shanghai</c>; MinIO and most others accept <c>us-east-1</c>).</summary>
    public string Region { get; set; } = "us-east-1";

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Path-style addresses (<c>endpoint/bucket/key</c>); MinIO and local servers need it, COS and OSS do not.</summary>
    public bool PathStyle { get; set; } = true;

    /// <summary>A key prefix inside the bucket, so one bucket can hold several companies' photos.</summary>
    public string Prefix { get; set; } = "photos/";

    public bool IsS3 => string.Equals(Kind, "s3", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<string> Validate()
    {
        if (!string.Equals(Kind, "file", StringComparison.OrdinalIgnoreCase) && !IsS3)
        {
            yield return $"Attendance:PhotoStore:Kind '{Kind}' must be file or s3.";
            yield break;
        }

        if (!IsS3)
        {
            yield break;
        }

        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            yield return "Attendance:PhotoStore:Endpoint must be an absolute http(s) URL of the S3 service.";
        }

        if (Bucket is null || !BucketName().IsMatch(Bucket))
        {
            yield return "Attendance:PhotoStore:Bucket must be an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens.";
        }

        if (string.IsNullOrWhiteSpace(Region))
        {
            yield return "Attendance:PhotoStore:Region is required (e.g. ap-shanghai, or us-east-1 for MinIO).";
        }

        if (string.IsNullOrWhiteSpace(AccessKey) || string.IsNullOrWhiteSpace(SecretKey))
        {
            yield return "Attendance:PhotoStore:AccessKey and SecretKey are required for the s3 photo store.";
        }

        if (Prefix.StartsWith('/') || Prefix.Contains("..", StringComparison.Ordinal) || (Prefix.Length > 0 && !Prefix.EndsWith('/')))
        {
            yield return "Attendance:PhotoStore:Prefix must be empty or a relative key prefix ending in '/'.";
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();
}
