using Xunit;

namespace Attendance.Testing.Storage;

/// <summary>
/// The S3-protocol server the photo store tests use: <c>ATTENDANCE_TEST_S3</c>, as <c>.ci/start-s3.sh</c> prints it
/// (<c>Endpoint=…;Bucket=…;AccessKey=…;SecretKey=…</c>). Absent locally, the tests skip with the reason; under
/// CI=true they fail, since a CI run that skipped them would prove nothing about the S3 store.
/// </summary>
public sealed record TestS3(string Endpoint, string Bucket, string AccessKey, string SecretKey)
{
    public const string Variable = "ATTENDANCE_TEST_S3";

    public static TestS3 RequireOrSkip()
    {
        var text = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            var reason = $"{Variable} is not set (.ci/start-s3.sh starts an S3 server and prints it)";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail($"CI=true but {reason}: the S3 photo store tests must run under CI.");
            }

            Assert.Skip(reason);
        }

        var parts = text!.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.OrdinalIgnoreCase);
        return new TestS3(parts["Endpoint"], parts["Bucket"], parts["AccessKey"], parts["SecretKey"]);
    }

    /// <summary>The host settings for an s3 photo store in this server, under a prefix of its own.</summary>
    public string[] HostArgs(string prefix) =>
    [
        "--Attendance:PhotoStore:Kind=s3", $"--Attendance:PhotoStore:Endpoint={Endpoint}", $"--Attendance:PhotoStore:Bucket={Bucket}",
        $"--Attendance:PhotoStore:AccessKey={AccessKey}", $"--Attendance:PhotoStore:SecretKey={SecretKey}",
        $"--Attendance:PhotoStore:Prefix={prefix}",
    ];
}
