using System.Net.Http.Headers;
using Attendance.BotHost.Tests.Punching;

namespace Attendance.BotHost.Tests.Infrastructure;

/// <summary>
/// The attendance meter is process-wide (a static <c>Meter</c> of the punch writer), so a punch stored by any other
/// host in this test process shows in every host's <c>/metrics</c>. These tests count exactly, so they run alone.
/// </summary>
[CollectionDefinition(nameof(MetricsEndpointTests), DisableParallelization = true)]
public sealed class MetricsAlone;

[Collection(nameof(MetricsEndpointTests))]
public sealed class MetricsEndpointTests
{
    private const string BatchSize = "attendance_punch_commit_batch_size";

    [Fact]
    public async Task Each_stored_punch_adds_exactly_one_to_the_commit_batch_histogram_with_its_buckets()
    {
        await using var bed = await PunchTestBed.StartAsync();
        var before = await ScrapeAsync(bed.Host);
        for (var i = 1; i <= 3; i++)
        {
            var (lat, lon) = bed.North(10);
            var (status, _, _) = await bed.PostAsync("u10a", PunchTestBed.Body($"metrics-{i}", lat, lon));
            status.Should().Be(HttpStatusCode.Created);
            var after = await ScrapeAsync(bed.Host);
            Value(after, BatchSize + "_sum").Should().Be(Value(before, BatchSize + "_sum") + i, "one stored punch is one more in the batch sizes' sum");
            Value(after, BatchSize + "_count").Should().BeInRange(Value(before, BatchSize + "_count") + 1, Value(before, BatchSize + "_count") + i);
        }

        var text = await ScrapeAsync(bed.Host);
        text.Should().Contain($"# TYPE {BatchSize} histogram\n");
        text.Should().Contain($"# HELP {BatchSize} Punches committed together in one SQLite transaction.");
        text.Should().MatchRegex($"(?m)^{BatchSize}_bucket\\{{[^}}]*le=\"1\"[^}}]*\\}} ");
        text.Should().MatchRegex($"(?m)^{BatchSize}_bucket\\{{[^}}]*le=\"\\+Inf\"[^}}]*\\}} ");
        text.Should().Contain("http_route=\"/api/punches\"");
        if (Environment.GetEnvironmentVariable("ATTENDANCE_METRICS_DUMP") is { Length: > 0 } dump)
        {
            await File.WriteAllTextAsync(dump, text);
        }
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_0_0_4_and_openmetrics_when_asked()
    {
        await using var host = await TestHost.StartAsync();
        (await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);

        var plain = await host.Client.GetAsync(new Uri("/metrics", UriKind.Relative));
        plain.StatusCode.Should().Be(HttpStatusCode.OK);
        plain.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        plain.Content.Headers.ContentType.Parameters.Should().Contain(p => p.Name == "version" && p.Value == "0.0.4");
        (await plain.Content.ReadAsStringAsync()).Should().Contain("# TYPE http_server_request_duration_seconds histogram");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/openmetrics-text; version=1.0.0"));
        var open = await host.Client.SendAsync(request);
        open.StatusCode.Should().Be(HttpStatusCode.OK);
        open.Content.Headers.ContentType!.MediaType.Should().Be("application/openmetrics-text");
        (await open.Content.ReadAsStringAsync()).TrimEnd().Should().EndWith("# EOF");
    }

    private static async Task<string> ScrapeAsync(TestHost host) =>
        await host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

    /// <summary>The sum of a series' values over its label sets (a timestamp after the value is ignored); 0 when absent.</summary>
    private static double Value(string text, string series) =>
        text.Split('\n')
            .Where(l => l.StartsWith(series + " ", StringComparison.Ordinal) || l.StartsWith(series + "{", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.Contains('}', StringComparison.Ordinal) ? l.LastIndexOf('}') + 1 : series.Length)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
}
