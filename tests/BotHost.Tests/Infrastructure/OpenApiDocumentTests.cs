using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

namespace Attendance.BotHost.Tests.Infrastructure;

/// <summary>
/// The served OpenAPI document is the committed <c>docs/openapi.json</c> (so every API change shows in review), and
/// every mapped route is in it. Regenerate after a deliberate change: <c>UPDATE_OPENAPI=1 dotnet test tests/BotHost.Tests
/// --filter FullyQualifiedName~OpenApiDocumentTests</c> (never under <c>CI=true</c>).
/// </summary>
public sealed class OpenApiDocumentTests
{
    /// <summary>The host the committed document describes: the dev login mapped (it is documented, and absent where off).</summary>
    internal static readonly string[] HostArgs = ["--Security:DevLogin=true", "--Scheduling:Enabled=false"];

    /// <summary>Mapped but deliberately not in the document, each with its reason.</summary>
    private static readonly Dictionary<string, string> Excluded = new(StringComparer.Ordinal)
    {
        ["GET /openapi/{documentName}.json"] = "the document itself",
        ["GET /healthz"] = "liveness probe for the orchestrator (ExcludeFromDescription)",
    };

    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string CommittedPath => Path.Combine(RepositoryRoot(), "docs", "openapi.json");

    [Fact]
    public async Task Served_document_matches_docs_openapi_json()
    {
        await using var host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, false, HostArgs);
        var served = Canonical(await host.Client.GetStringAsync("/openapi/v1.json"));
        var path = CommittedPath;
        var committed = File.Exists(path) ? (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n") : "";
        if (served == committed)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1" && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            await File.WriteAllTextAsync(path, served);
            return;
        }

        served.Should().Be(committed,
            $"the served /openapi/v1.json must equal docs/openapi.json; {FirstDifference(served, committed)}. If the API change is intended, run " +
            "UPDATE_OPENAPI=1 dotnet test tests/BotHost.Tests --filter FullyQualifiedName~OpenApiDocumentTests and commit docs/openapi.json");
    }

    [Fact]
    public async Task Every_mapped_route_is_in_the_document()
    {
        await using var host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, false, HostArgs);
        var document = JsonNode.Parse(await host.Client.GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject();
        var documented = paths.SelectMany(p => p.Value!.AsObject().Select(o => o.Key.ToUpperInvariant() + " " + p.Key)).ToHashSet(StringComparer.Ordinal);

        var mapped = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => m + " " + Template(e.RoutePattern.RawText!)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        mapped.Should().HaveCountGreaterThan(55, "the service maps about 60 routes");

        var missing = mapped.Where(r => !documented.Contains(r) && !Excluded.ContainsKey(r) && !IsDocs(r)).ToList();
        missing.Should().BeEmpty("every mapped route is documented, or listed as excluded with a reason; missing:\n" + string.Join("\n", missing));
        documented.Should().NotContain(d => d.Contains(" /demo", StringComparison.Ordinal), "the /demo routes exist only under --demo");
        documented.Should().Contain("POST /api/sessions/dev");

        // Each operation: a one-line summary, a success answer, and the security of its guard.
        var problems = new List<string>();
        foreach (var (path, item) in paths)
        {
            foreach (var (method, node) in item!.AsObject())
            {
                var name = method.ToUpperInvariant() + " " + path;
                var summary = (string?)node!["summary"];
                if (string.IsNullOrWhiteSpace(summary) || summary.Contains('\n', StringComparison.Ordinal))
                {
                    problems.Add(name + ": no one-line summary");
                }

                if (!node["responses"]!.AsObject().Any(r => r.Key.StartsWith('2')))
                {
                    problems.Add(name + ": no success answer");
                }

                // A valid example to start from (and the schema-driven test's valid request); no fixed OAuth state is valid.
                if (node["requestBody"]?["content"]?["application/json"] is { } json && json["example"] is null && name != "POST /api/sessions/oauth/state")
                {
                    problems.Add(name + ": a JSON body without an example");
                }

                var schemes = (node["security"] as JsonArray ?? []).SelectMany(r => r!.AsObject().Select(s => s.Key)).ToHashSet(StringComparer.Ordinal);
                var expected = path.StartsWith("/api/admin/", StringComparison.Ordinal) ? new[] { "adminKey", "session" }
                    : path.StartsWith("/api/me", StringComparison.Ordinal) || path is "/api/punches" or "/api/punch-page/jsapi-config" ? ["session"]
                    : [];
                if (!schemes.SetEquals(expected))
                {
                    problems.Add($"{name}: security [{string.Join(", ", schemes)}], expected [{string.Join(", ", expected)}]");
                }
            }
        }

        problems.Should().BeEmpty(string.Join("\n", problems));

        // The punch also comes as multipart: the JSON as part punch, the photo (optional) as part photo.
        var form = paths["/api/punches"]!["post"]!["requestBody"]!["content"]!["multipart/form-data"]!;
        form["schema"]!["properties"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("punch", "photo");
        form["schema"]!["required"]!.AsArray().Select(r => (string?)r).Should().Equal("punch");
    }

    [Fact]
    public async Task The_reference_is_configurable_and_the_document_always_served()
    {
        await using (var host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, false, "--ApiDocs:Reference=false"))
        {
            (await host.Client.GetAsync("/docs")).StatusCode.Should().Be(HttpStatusCode.NotFound, "ApiDocs:Reference=false turns /docs off");
            (await host.Client.GetAsync("/openapi/v1.json")).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await using (var host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, false))
        {
            // TestHost runs in Development, where the reference is on by default.
            var docs = await host.Client.GetAsync("/docs");
            docs.StatusCode.Should().Be(HttpStatusCode.OK);
            docs.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("ApiDocs:Reference", "maybe")]).Build();
        var invalid = () => Attendance.BotHost.Infrastructure.ApiDocs.Settings(configuration, demo: false, development: true);
        invalid.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().Which.Failures.Should().Contain("ApiDocs:Reference must be true or false.");
    }

    [Fact]
    public async Task Under_demo_the_reference_is_on_and_the_demo_routes_are_not_in_the_document()
    {
        await using var host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, demo: true, "--environment=Production");
        (await host.Client.GetAsync("/demo/api/jobs")).StatusCode.Should().Be(HttpStatusCode.OK, "the demo API is mapped");
        (await host.Client.GetAsync("/docs")).StatusCode.Should().Be(HttpStatusCode.OK, "--demo turns the reference on in any environment");
        var document = JsonNode.Parse(await host.Client.GetStringAsync("/openapi/v1.json"))!;
        document["paths"]!.AsObject().Select(p => p.Key).Should().NotContain(p => p.StartsWith("/demo", StringComparison.Ordinal))
            .And.Contain("/api/sessions/dev");
    }

    /// <summary>The document as committed: indented, paths and schemas in ordinal order (the transformer sorts them), LF endings.</summary>
    public static string Canonical(string json) =>
        JsonNode.Parse(json)!.ToJsonString(Pretty).ReplaceLineEndings("\n") + "\n";

    /// <summary>A route pattern as OpenAPI writes it: constraints and catch-all markers dropped.</summary>
    public static string Template(string raw)
    {
        var text = raw.StartsWith('/') ? raw : "/" + raw;
        text = text.Length > 1 ? text.TrimEnd('/') : text;
        return System.Text.RegularExpressions.Regex.Replace(text, @"\{\*?([A-Za-z0-9_]+)(:[^}]*)?\}", "{$1}");
    }

    private static bool IsDocs(string route) => route.Contains(" /docs", StringComparison.Ordinal) || route.StartsWith("GET /scalar", StringComparison.Ordinal);

    private static string FirstDifference(string served, string committed)
    {
        var a = served.Split('\n');
        var b = committed.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var x = i < a.Length ? a[i] : "(end)";
            var y = i < b.Length ? b[i] : "(end)";
            if (x != y)
            {
                return $"first difference at line {i + 1}: served `{x.Trim()}`, committed `{y.Trim()}`";
            }
        }

        return "they differ";
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Attendance.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (Attendance.sln) was not found above " + AppContext.BaseDirectory);
    }
}
