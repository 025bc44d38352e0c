namespace Attendance.BotHost.PunchPage;

/// <summary>
/// The <c>PunchPage</c> configuration section: the public base URL(s) the punch and review pages are served under
/// (what employees open in WeCom, e.g. <c>https://kq.example.com/</c>). The OAuth start and the JS-SDK signature
/// serve only pages under one of them. Empty: only the origin the request itself came to (development, a single
/// direct host); production behind a proxy should list its public URL(s).
/// </summary>
public sealed class PunchPageOptions
{
    public const string Section = "PunchPage";

    public List<string> PublicBaseUrls { get; set; } = [];

    public IEnumerable<string> Validate()
    {
        for (var i = 0; i < PublicBaseUrls.Count; i++)
        {
            if (ParseBase(PublicBaseUrls[i]) is null)
            {
                yield return $"{Section}:{nameof(PublicBaseUrls)}:{i} must be an absolute http(s) URL without user info, query or fragment " +
                             "(e.g. https://kq.example.com/).";
            }
        }
    }

    /// <summary>The base as a URI whose path ends with '/', or null when it is not a usable base.</summary>
    public static Uri? ParseBase(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(uri.UserInfo)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || text.Contains('#', StringComparison.Ordinal)
            || text.Contains('?', StringComparison.Ordinal))
        {
            return null;
        }

        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/");
    }
}
