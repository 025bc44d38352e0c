using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Attendance.BotHost.Punching;

namespace Attendance.BotHost.Tests.Deploy;

/// <summary><c>deploy/nginx/attendance.conf</c>: its body limit against the host's, and <c>nginx -t</c> where nginx is installed.</summary>
public sealed partial class NginxConfigTests : IDisposable
{
    private readonly string _dir = System.IO.Directory.CreateTempSubdirectory("attendance-nginx-").FullName;

    public void Dispose() => System.IO.Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_proxy_lets_the_largest_photo_punch_through_and_nothing_much_larger()
    {
        var match = BodySize().Match(File.ReadAllText(DeployFiles.NginxConfig));
        match.Success.Should().BeTrue("the config sets client_max_body_size (nginx's default of 1 MB refuses photos)");
        var limit = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * 1024 * 1024;
        // A photo at the cap, the punch JSON at its cap, and the multipart framing (part headers, boundaries).
        var largestPunch = new PunchingOptions().MaxPhotoBytes + PunchBodyReader.MaxJsonBytes + (4 * PunchBodyReader.MaxPartHeaderBytes);

        limit.Should().BeGreaterThanOrEqualTo(largestPunch);
        limit.Should().BeLessThan(largestPunch + (2 * 1024 * 1024), "a bigger body is refused by the host anyway, after nginx buffered it");
    }

    [Fact]
    public async Task Nginx_accepts_the_config()
    {
        if (DeployFiles.FindOnPath("nginx") is not { } nginx)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail("CI=true but nginx is not installed: .ci/run installs it, so the proxy config must be checked");
            }

            Assert.Skip("nginx is not installed (apt-get install nginx); the proxy config was not checked with nginx -t");
            return;
        }

        // The certificate paths must name readable files for -t; a throwaway self-signed pair stands in.
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=kq.example.com", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var crt = Path.Combine(_dir, "kq.crt");
        var pem = Path.Combine(_dir, "kq.key");
        await File.WriteAllTextAsync(crt, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(pem, key.ExportPkcs8PrivateKeyPem());
        var site = Path.Combine(_dir, "attendance.conf");
        await File.WriteAllTextAsync(site, File.ReadAllText(DeployFiles.NginxConfig)
            .Replace("/etc/nginx/tls/kq.example.com.crt", crt, StringComparison.Ordinal)
            .Replace("/etc/nginx/tls/kq.example.com.key", pem, StringComparison.Ordinal));
        var main = Path.Combine(_dir, "nginx.conf");
        await File.WriteAllTextAsync(main, $$"""
            pid {{_dir}}/nginx.pid;
            error_log {{_dir}}/error.log;
            events {}
            http { access_log off; include {{site}}; }
            """);

        var (exitCode, output) = await DeployFiles.RunAsync(nginx, "-t", "-c", main, "-p", _dir);

        exitCode.Should().Be(0, output);
        output.Should().Contain("test is successful").And.NotContain("[warn]");
    }

    [GeneratedRegex(@"^\s*client_max_body_size\s+(\d+)m;", RegexOptions.Multiline)]
    private static partial Regex BodySize();
}
