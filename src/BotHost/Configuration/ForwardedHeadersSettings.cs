using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Attendance.BotHost.Configuration;

/// <summary>
/// The <c>ForwardedHeaders</c> configuration section: the reverse proxies whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed. Off by default (both lists empty): the client address is the TCP peer,
/// and a forwarded header from anyone is ignored. Behind a proxy, list it, or every employee shares the proxy's
/// address (its unauthenticated rate-limit bucket, the loopback-only dev login).
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. <c>10.0.0.5</c> or <c>::1</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. <c>10.0.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a chain are unwound (each must be known).</summary>
    public int ForwardLimit { get; set; } = 1;

    public bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public static ForwardedHeadersSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<ForwardedHeadersSettings>() ?? new ForwardedHeadersSettings();

    public IEnumerable<string> Validate()
    {
        for (var i = 0; i < KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(KnownProxies[i], out _))
            {
                yield return $"{Section}:{nameof(KnownProxies)}:{i} must be an IP address.";
            }
        }

        for (var i = 0; i < KnownNetworks.Count; i++)
        {
            if (!System.Net.IPNetwork.TryParse(KnownNetworks[i], out _))
            {
                yield return $"{Section}:{nameof(KnownNetworks)}:{i} must be a network in CIDR notation (e.g. 10.0.0.0/24).";
            }
        }

        if (ForwardLimit is < 1 or > 10)
        {
            yield return $"{Section}:{nameof(ForwardLimit)} must be between 1 and 10.";
        }
    }

    /// <summary>Only the configured proxies: ASP.NET Core's default of trusting loopback is cleared.</summary>
    public void Apply(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.ForwardLimit = ForwardLimit;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in KnownProxies)
        {
            if (IPAddress.TryParse(proxy, out var address))
            {
                options.KnownProxies.Add(address);
            }
        }

        foreach (var network in KnownNetworks)
        {
            if (System.Net.IPNetwork.TryParse(network, out var parsed))
            {
                options.KnownIPNetworks.Add(parsed);
            }
        }
    }
}
