using System.Collections.Concurrent;
using Attendance.BotHost.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;

namespace Attendance.BotHost.Tests.Infrastructure;

/// <summary>OTLP is off unless configured; configured, traces and metrics reach the collector; a bad URL stops start-up.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Without_an_endpoint_there_is_no_otlp_exporter_and_no_tracer()
    {
        await using var host = await TestHost.StartAsync();
        host.Services.GetService<TracerProvider>().Should().BeNull("no OTLP endpoint means no traces are collected at all");
        host.Services.GetRequiredService<TelemetrySettings>().OtlpEndpoint.Should().BeNull();
        (await host.Client.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task With_an_endpoint_request_traces_and_metrics_are_sent_over_otlp()
    {
        await using var collector = await FakeCollector.StartAsync();
        await using var host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, false,
            $"--OpenTelemetry:OtlpEndpoint={collector.BaseAddress}",
            "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
            "--OTEL_BSP_SCHEDULE_DELAY=100",
            "--OTEL_METRIC_EXPORT_INTERVAL=200");
        (await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);

        await Eventually.UntilAsync(() => Task.FromResult(collector.Paths.ToArray()),
            paths => paths.Contains("/v1/traces") && paths.Contains("/v1/metrics"), TimeSpan.FromSeconds(20),
            "OTLP export of traces and metrics", paths => string.Join(", ", paths));
        collector.ContentTypes.Should().OnlyContain(t => t == "application/x-protobuf");
    }

    [Theory]
    [InlineData("--OpenTelemetry:OtlpEndpoint=collector:4317")]
    [InlineData("--OpenTelemetry:OtlpEndpoint=ftp://collector:4317")]
    [InlineData("--OTEL_EXPORTER_OTLP_ENDPOINT=not a url")]
    [InlineData("--OpenTelemetry:Prometheus=maybe")]
    public async Task A_bad_setting_stops_start_up_naming_its_key(string setting)
    {
        await using var db = await TestDatabase.CreateAsync(Data.DatabaseProvider.Sqlite, migrate: false);
        var act = () => HostProgram.Build(["--environment=Development", $"--Database:ConnectionString={db.ConnectionString}", setting], provisionSecrets: false);
        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().ContainSingle().Which.Should().StartWith("OpenTelemetry:");
    }

    private sealed class FakeCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private FakeCollector(WebApplication app) => _app = app;

        public ConcurrentQueue<string> Paths { get; } = new();

        public ConcurrentQueue<string> ContentTypes { get; } = new();

        public Uri BaseAddress => new(_app.Urls.First());

        public static async Task<FakeCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder(["--urls=http://127.0.0.1:0"]);
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var collector = new FakeCollector(app);
            app.MapPost("/v1/{signal}", (HttpContext http) =>
            {
                collector.Paths.Enqueue(http.Request.Path.Value!);
                collector.ContentTypes.Enqueue(http.Request.ContentType ?? "");
                return Results.Ok();
            });
            await app.StartAsync();
            return collector;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
