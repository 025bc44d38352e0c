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
        ours.Should().Contain("index.html");
        ours.Should().Contain("review.html");
        ours.Should().Contain("app.js");
        ours.Should().Contain("review.js");
        ours.Should().Contain("punch.css");
        files.Names.Should().Contain(VendorSdk);

        SelfContained(files, ours, "/punch");
    }

    [Fact]
    public void The_console_references_no_external_origin()
    {
        var files = new PunchPageFiles("admin/");
        var ours = files.Names.Where(n => n.EndsWith(".html", StringComparison.Ordinal) || n.EndsWith(".js", StringComparison.Ordinal)
            || n.EndsWith(".css", StringComparison.Ordinal)).ToList();
        ours.Should().Contain(["index.html", "admin.js", "api.js", "jobs.js", "admin.css"]);

        SelfContained(files, ours, "/admin");
    }

    /// <summary>No other origin in any file, and each HTML page loads only its own folder's files, with no inline script or style.</summary>
    private static void SelfContained(PunchPageFiles files, IReadOnlyList<string> ours, string root)
    {
        foreach (var name in ours)
        {
            var text = Read(files, name);
            text.Should().NotMatchRegex(AbsoluteUrl());
            text.Should().NotMatchRegex(ProtocolRelative());
            text.Should().NotContain("@import");
        }

        foreach (var page in ours.Where(n => n.EndsWith(".html", StringComparison.Ordinal)))
        {
            var html = Read(files, page);
            foreach (Match m in Reference().Matches(html))
            {
                m.Groups["url"].Value.Should().MatchRegex("^" + root + "(/|$)");
            }

            html.Should().NotContain("type=\"file\"");
            html.Should().NotContain("<script>");
            html.Should().NotContain(" style=");
        }
    }

    /// <summary>
    /// A module that imports a name its neighbour does not export fails to link, and then nothing of the page runs; a
    /// renamed export (the console's admin key becoming any credential) once blanked every console page this way.
    /// </summary>
    [Theory]
    [InlineData("punch")]
    [InlineData("admin")]
    public void Every_named_import_is_exported_by_the_module_it_comes_from(string page)
    {
        var files = page == "admin" ? new PunchPageFiles("admin/") : new PunchPageFiles();
        var modules = files.Names.Where(n => n.EndsWith(".js", StringComparison.Ordinal) && !n.StartsWith("vendor/", StringComparison.Ordinal)).ToList();
        var exports = modules.ToDictionary(m => m, m => Exported(Read(files, m)), StringComparer.Ordinal);
        var checkedImports = 0;
        foreach (var module in modules)
        {
            foreach (Match import in NamedImport().Matches(Read(files, module)))
            {
                var from = import.Groups["file"].Value;
                exports.Should().ContainKey(from, $"{module} imports from ./{from}");
                foreach (var name in import.Groups["names"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var imported = name.Split(" as ")[0].Trim();
                    exports[from].Should().Contain(imported, $"{module} imports {{ {imported} }} from ./{from}");
                    checkedImports++;
                }
            }
        }

        checkedImports.Should().BeGreaterThan(10);
    }

    private static HashSet<string> Exported(string source)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in ExportDeclaration().Matches(source))
        {
            names.Add(m.Groups["name"].Value);
        }

        foreach (Match m in ExportList().Matches(source))
        {
            foreach (var name in m.Groups["names"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                names.Add(name.Split(" as ").Last().Trim());
            }
        }

        return names;
    }

    [Fact]
    public void The_policy_names_no_other_origin()
    {
        PunchPageFiles.ContentSecurityPolicy.Should().NotContain("http");
        PunchPageFiles.ContentSecurityPolicy.Should().NotContain("*");
        PunchPageFiles.ContentSecurityPolicy.Should().NotContain("unsafe");
        PunchPageFiles.ContentSecurityPolicy.Should().Contain("default-src 'none'");
    }

    private static string Read(PunchPageFiles files, string name)
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        var result = files.Serve(http, name);
        var bytes = result.Should().BeOfType<Microsoft.AspNetCore.Http.HttpResults.FileContentHttpResult>().Which.FileContents.ToArray();
        http.Response.StatusCode.Should().Be((int)HttpStatusCode.OK);
        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    // No scheme://host anywhere in our own files (not even in comments): the page stays self-contained.
    [GeneratedRegex(@"\b(?:https?|wss?|ftp)://", RegexOptions.IgnoreCase)]
    private static partial Regex AbsoluteUrl();

    [GeneratedRegex(@"(?:src|href)\s*=\s*[""']//", RegexOptions.IgnoreCase)]
    private static partial Regex ProtocolRelative();

    [GeneratedRegex(@"(?:src|href)\s*=\s*""(?<url>[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex Reference();

    [GeneratedRegex(@"^import\s*\{(?<names>[^}]*)\}\s*from\s*'\./(?<file>[^']+)'", RegexOptions.Multiline)]
    private static partial Regex NamedImport();

    [GeneratedRegex(@"^export\s+(?:async\s+)?(?:function\*?|const|let|var|class)\s+(?<name>[A-Za-z_$][\w$]*)", RegexOptions.Multiline)]
    private static partial Regex ExportDeclaration();

    [GeneratedRegex(@"^export\s*\{(?<names>[^}]*)\}", RegexOptions.Multiline)]
    private static partial Regex ExportList();
}
