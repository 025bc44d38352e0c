using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Attendance.BotHost.Infrastructure;

/// <summary>
/// Metrics and traces through OpenTelemetry. <c>/metrics</c> serves our meter ("Attendance") and ASP.NET Core's and
/// Kestrel's in Prometheus text (OpenMetrics when the scraper asks for it), named as before: unit suffixes
/// (<c>_seconds</c>, <c>_bytes</c>) and <c>_total</c> on counters, no scope labels and no <c>target_info</c>.
/// ASP.NET Core's and Kestrel's instruments come from this host's own meter factory only (OpenTelemetry's hosting
/// integration enables them for the host's scope), so a second web application in the same process (tests, the bench's
/// bare endpoint) neither shows up in these metrics nor pays for them. OTLP export of metrics and traces is added only
/// when an endpoint is configured (<c>OpenTelemetry:OtlpEndpoint</c>, or the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>); without one nothing leaves the process.
/// </summary>
public static class Telemetry
{
    public const string Section = "OpenTelemetry";
    public const string MeterName = "Attendance";
    public const string StandardEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>ASP.NET Core's meters exported beside ours: the two the hand-written exporter served.</summary>
    public static readonly string[] HostMeters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = TelemetrySettings.From(configuration);
        if (settings.Validate().ToList() is { Count: > 0 } problems)
        {
            throw new OptionsValidationException(Section, typeof(TelemetrySettings), problems);
        }

        if (!settings.Prometheus && settings.OtlpEndpoint is null)
        {
            return services;
        }

        // Ours is a static meter (global scope). ASP.NET Core's are enabled through the metrics builder for this host's
        // own meter factory only (MeterScope.Local): OpenTelemetry's AddMeter would take every host's in the process.
        services.AddMetrics(m =>
        {
            foreach (var meter in HostMeters)
            {
                m.EnableMetrics(meter, instrumentName: null, listenerName: "OpenTelemetry", scopes: MeterScope.Local);
            }
        });
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(settings.ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(MeterName);
                if (settings.Prometheus)
                {
                    metrics.AddPrometheusExporter(o =>
                    {
                        // Every scrape collects afresh (the default caches a scrape for 300 ms).
                        o.ScrapeResponseCacheDurationMilliseconds = 0;
                        o.ScopeInfoEnabled = false;
                        o.TargetInfoEnabled = false;
                    });
                }

                if (settings.OtlpEndpoint is not null)
                {
                    metrics.AddOtlpExporter(o => settings.ApplyTo(o, "v1/metrics"));
                }
            });
        if (settings.OtlpEndpoint is not null)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal))
                .AddOtlpExporter(o => settings.ApplyTo(o, "v1/traces")));
        }

        services.AddSingleton(settings);
        return services;
    }

    /// <summary>Maps <c>/metrics</c> when the Prometheus endpoint is on (<c>OpenTelemetry:Prometheus</c>, default true).</summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetService<TelemetrySettings>() is { Prometheus: true })
        {
            app.MapPrometheusScrapingEndpoint("/metrics").WithSummary("Prometheus metrics (the OpenTelemetry exporter).");
        }

        return app;
    }
}

/// <summary>The <c>OpenTelemetry</c> section, read once at start-up.</summary>
public sealed record TelemetrySettings(bool Prometheus, Uri? OtlpEndpoint, string? InvalidEndpoint, string ServiceName)
{
    public static TelemetrySettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Telemetry.Section);
        var raw = section["OtlpEndpoint"] is { Length: > 0 } ours ? ours : configuration[Telemetry.StandardEndpointVariable];
        Uri? endpoint = null;
        string? invalid = null;
        if (!string.IsNullOrWhiteSpace(raw))
        {
            if (Uri.TryCreate(raw.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0)
            {
                endpoint = uri;
            }
            else
            {
                invalid = raw;
            }
        }

        var prometheus = !bool.TryParse(section["Prometheus"], out var on) || on;
        var name = section["ServiceName"] is { Length: > 0 } n ? n : "attendance";
        return new TelemetrySettings(prometheus, endpoint, invalid, name)
        {
            PrometheusSetting = section["Prometheus"],
            OwnEndpoint = section["OtlpEndpoint"] is { Length: > 0 },
        };
    }

    private string? PrometheusSetting { get; init; }

    /// <summary>Only <c>OpenTelemetry:OtlpEndpoint</c> is applied here; the standard variables OpenTelemetry reads itself.</summary>
    private bool OwnEndpoint { get; init; }

    /// <summary>
    /// Points an exporter at <c>OpenTelemetry:OtlpEndpoint</c> the way OpenTelemetry treats
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>: as is for gRPC, with the signal's path appended for http/protobuf.
    /// </summary>
    internal void ApplyTo(OtlpExporterOptions options, string signalPath)
    {
        if (!OwnEndpoint || OtlpEndpoint is null)
        {
            return;
        }

        options.Endpoint = options.Protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(OtlpEndpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
            : OtlpEndpoint;
    }

    public IEnumerable<string> Validate()
    {
        if (InvalidEndpoint is not null)
        {
            yield return $"OpenTelemetry:OtlpEndpoint (or {Telemetry.StandardEndpointVariable}) must be an absolute http:// or https:// URL, was '{InvalidEndpoint}'";
        }

        if (PrometheusSetting is { Length: > 0 } p && !bool.TryParse(p, out _))
        {
            yield return $"OpenTelemetry:Prometheus must be true or false, was '{p}'";
        }
    }
}
