using System.Net;
using System.Text.RegularExpressions;
using Attendance.BotHost.PunchPage;

namespace Attendance.Browser.Tests;

/// <summary>
/// The page must work in a closed network: nothing it loads comes from another origin. Checked on the files the
/// host actually serves (the embedded ones), without a browser.
/// </summary>
public sealed partial class PageSourceTests
{
    /// <summary>Tencent's JS-SDK, self-hosted; it holds WeCom's own URLs and is only loaded inside WeCom.</summary>
    private const string VendorSdk = "vendor/wecom-jssdk-2.4.4.js";

    [Fact]
    public void The_page_references_no_external_origin()
    {
        var files = new PunchPageFiles();
        var ours = files.Names.Where(n => n != VendorSdk && (n.EndsWith(".html", StringComparison.Ordinal) || n.EndsWith(".js", StringComparison.Ordinal)
            || n.EndsWith(".css", StringComparison.Ordinal))).ToList();
        Assert.Contains("index.html", ours);
        Assert.Contains("review.html", ours);
        Assert.Contains("app.js", ours);
        Assert.Contains("review.js", ours);
        Assert.Contains("punch.css", ours);
        Assert.Contains(VendorSdk, files.Names);

        foreach (var name in ours)
        {
            var text = Read(files, name);
            Assert.DoesNotMatch(AbsoluteUrl(), text);
            Assert.DoesNotMatch(ProtocolRelative(), text);
            Assert.DoesNotContain("@import", text, StringComparison.Ordinal);
        }

        foreach (var page in ours.Where(n => n.EndsWith(".html", StringComparison.Ordinal)))
        {
            var html = Read(files, page);
            foreach (Match m in Reference().Matches(html))
            {
                Assert.Matches("^/punch(/|$)", m.Groups["url"].Value);
            }

            Assert.DoesNotContain("type=\"file\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
            Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_policy_names_no_other_origin()
    {
        Assert.DoesNotContain("http", PunchPageFiles.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("*", PunchPageFiles.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", PunchPageFiles.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", PunchPageFiles.ContentSecurityPolicy, StringComparison.Ordinal);
    }

    private static string Read(PunchPageFiles files, string name)
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        var result = files.Serve(http, name);
        var bytes = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.FileContentHttpResult>(result).FileContents.ToArray();
        Assert.Equal((int)HttpStatusCode.OK, http.Response.StatusCode);
        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    // No scheme://host anywhere in our own files (not even in comments): the page stays self-contained.
    [GeneratedRegex(@"\b(?:https?|wss?|ftp)://", RegexOptions.IgnoreCase)]
    private static partial Regex AbsoluteUrl();

    [GeneratedRegex(@"(?:src|href)\s*=\s*[""']//", RegexOptions.IgnoreCase)]
    private static partial Regex ProtocolRelative();

    [GeneratedRegex(@"(?:src|href)\s*=\s*""(?<url>[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex Reference();
}
