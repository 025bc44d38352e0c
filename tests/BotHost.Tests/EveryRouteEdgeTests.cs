using System.Reflection;
using Attendance.BotHost.Infrastructure;
using Microsoft.AspNetCore.Routing;

namespace Attendance.BotHost.Tests;

/// <summary>
/// Every mapped route, called with edge values for each of its route and query parameters (empty, huge, negative,
/// year 1 and 9999, not a number, very long), as an admin and as an employee: no answer is a 500. Parameters are read
/// from the endpoints themselves, so a new route is covered without touching this test.
/// </summary>
public sealed class EveryRouteEdgeTests
{
    private static readonly string[] EdgeValues =
    [
        "", "0", "-1", "99999999999999999999999", "abc", "0001-01-01", "9999-12-31", "0001-01", "9999-12", "2026-02-30",
        "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", new string('x', 5000), "%00", "../../etc/passwd",
    ];

    private static readonly HashSet<Type> QueryTypes =
    [
        typeof(string), typeof(int), typeof(int?), typeof(long), typeof(long?), typeof(bool), typeof(bool?), typeof(DateOnly), typeof(DateOnly?),
    ];

    [Fact]
    public async Task No_route_answers_500_to_edge_values_of_its_parameters()
    {
        // Thousands of calls from one address and two callers: the rate limits are lifted so every call reaches its route.
        await using var host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, false, "--Security:DevLogin=true", "--Scheduling:Enabled=false",
            "--Punching:PerIpPerMinute=1000000", "--Punching:PerUserPerMinute=1000000", "--Punching:PerUserRequestsPerMinute=1000000",
            "--Punching:ErrorsPerUserPerMinute=1000000");
        await Days.SmallCompany.SeedAsync(host);
        await Days.SmallCompany.Ok(host, HttpMethod.Put, "/api/admin/employees/chenjing",
            new { name = "陈静", departmentIds = new[] { 1 }, roles = new[] { "employee", "hr" } });
        var login = await host.Client.SendAsync(host.Request(HttpMethod.Post, "/api/sessions/dev", new { userId = "wangfang" }));
        var employee = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;

        var routes = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Endpoint: e, Method: m)))
            .ToList();
        routes.Should().HaveCountGreaterThan(40, "the API has about 60 routes");

        var failures = new List<string>();
        var called = new HashSet<string>(StringComparer.Ordinal);
        var calls = 0;
        var limited = 0;
        foreach (var (endpoint, method) in routes)
        {
            var routeParameters = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var queryParameters = (endpoint.Metadata.GetMetadata<MethodInfo>()?.GetParameters() ?? [])
                .Where(p => QueryTypes.Contains(p.ParameterType) && p.Name is not null && !routeParameters.Contains(p.Name))
                .Select(p => p.Name!).ToList();
            foreach (var name in routeParameters.Concat(queryParameters))
            {
                foreach (var value in EdgeValues)
                {
                    var path = Path(endpoint, routeParameters.Contains(name) ? (name, value) : null);
                    if (path is null)
                    {
                        continue;
                    }

                    var url = routeParameters.Contains(name) ? path : path + "?" + name + "=" + Uri.EscapeDataString(value);
                    foreach (var bearer in new[] { TestHost.AdminKey, employee })
                    {
                        calls++;
                        called.Add(method + " " + url.Split('?')[0] + (url.Contains('?', StringComparison.Ordinal) ? "?" + name : ""));
                        using var request = host.Request(new HttpMethod(method), url, null, bearer);
                        if (method is "POST" or "PUT" or "PATCH")
                        {
                            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                        }

                        using var response = await host.Client.SendAsync(request);
                        limited += response.StatusCode == HttpStatusCode.TooManyRequests ? 1 : 0;
                        if ((int)response.StatusCode >= 500 && response.StatusCode != HttpStatusCode.ServiceUnavailable)
                        {
                            failures.Add($"{method} {url[..Math.Min(url.Length, 120)]} → {(int)response.StatusCode}");
                        }
                    }
                }
            }
        }

        calls.Should().BeGreaterThan(500);
        limited.Should().Be(0, "a rate-limited call never reaches its route");
        // The parameters really are read from the endpoints: query parameters of minimal-API handlers included.
        called.Should().Contain(["GET /api/admin/reports/monthly?month", "GET /api/me/days?from", "GET /api/admin/days?date"]);
        failures.Should().BeEmpty(string.Join("\n", failures));
    }

    [Fact]
    public async Task Dates_out_of_range_are_a_400_naming_the_field_in_queries_and_bodies()
    {
        await using var host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, false, "--Security:DevLogin=true", "--Scheduling:Enabled=false");
        await Days.SmallCompany.SeedAsync(host);
        var login = await host.Client.SendAsync(host.Request(HttpMethod.Post, "/api/sessions/dev", new { userId = "wangfang" }));
        var employee = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;

        await FieldErrorAsync(host.Client.SendAsync(host.Request(HttpMethod.Get, "/api/me/days?from=0001-01-01&to=0001-01-02", null, employee)), "from");
        await FieldErrorAsync(host.AdminAsync(HttpMethod.Get, "/api/admin/reports/monthly?month=9999-12"), "month");
        await FieldErrorAsync(host.AdminAsync(HttpMethod.Get, "/api/admin/days?date=0001-01-01"), "date");
        await FieldErrorAsync(host.AdminAsync(HttpMethod.Post, "/api/admin/jobs/finalize-days/trigger", new { date = "0001-01-01" }), "date");
        await FieldErrorAsync(host.AdminAsync(HttpMethod.Post, "/api/admin/punches/import",
            new { records = new[] { new { userId = "wangfang", time = "9999-12-31T23:59:59-14:00", source = "kiosk" } } }), "records[0].time");
    }

    private static async Task FieldErrorAsync(Task<HttpResponseMessage> call, string field)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
        JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out var messages).Should().BeTrue(body);
        messages.ToString().Should().Contain("2000-01");
    }

    /// <summary>The route with its parameters filled: the edge value for <paramref name="edge"/>, an ordinary value for the rest.</summary>
    private static string? Path(RouteEndpoint endpoint, (string Name, string Value)? edge)
    {
        var path = new StringBuilder();
        foreach (var segment in endpoint.RoutePattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal:
                        path.Append(literal.Content);
                        break;
                    case Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter:
                        var value = edge is { } e && string.Equals(e.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)
                            ? e.Value
                            : Ordinary(parameter);
                        if (value.Length == 0)
                        {
                            return null;
                        }

                        path.Append(Uri.EscapeDataString(value));
                        break;
                    default:
                        return null;
                }
            }
        }

        return path.ToString();
    }

    private static string Ordinary(Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter) =>
        parameter.ParameterPolicies.Any(p => p.Content is "long" or "int") ? "1" : parameter.Name switch
        {
            "date" => "2026-10-12",
            "name" => "digest",
            _ => "zhangwei",
        };
}
