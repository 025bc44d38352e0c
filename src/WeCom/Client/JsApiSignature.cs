using System.Security.Cryptography;
using System.Text;

namespace Attendance.WeCom.Client;

/// <summary>
/// The JS-SDK signature (document 90506 / 96909): SHA-1, lower-case hex, of
/// <c>jsapi_ticket=T&amp;noncestr=N&amp;timestamp=S&amp;url=U</c> in exactly that order, values raw (not URL-encoded),
/// the URL without its fragment. The same rule signs wx.config (corp ticket) and wx.agentConfig (app ticket).
/// </summary>
public static class JsApiSignature
{
    public static string Sign(string ticket, string nonceStr, long timestamp, string url)
    {
        ArgumentException.ThrowIfNullOrEmpty(ticket);
        ArgumentException.ThrowIfNullOrEmpty(nonceStr);
        ArgumentNullException.ThrowIfNull(url);
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        var page = hash >= 0 ? url[..hash] : url;
        var text = $"jsapi_ticket={ticket}&noncestr={nonceStr}&timestamp={timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)}&url={page}";
        // SHA-1 is WeCom's choice, not ours: the client verifies exactly this digest.
#pragma warning disable CA5350
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5350
    }
}
