namespace Attendance.WeCom;

/// <summary>Settings of one self-built WeCom app, bound from the "WeCom" configuration section.</summary>
public sealed class WeComOptions
{
    public const string SectionName = "WeCom";

    public string CorpId { get; set; } = "";

    public string AgentId { get; set; } = "";

    public string AgentSecret { get; set; } = "";

    public string CallbackToken { get; set; } = "";

    public string CallbackEncodingAESKey { get; set; } = "";

    public string ApiBaseUrl { get; set; } = "https://qyapi.weixin.qq.com";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    // WeCom retries a delivery for a few seconds only; a wider window just widens the replay window.
    public TimeSpan CallbackTimestampWindow { get; set; } = TimeSpan.FromMinutes(5);

    // Refreshing ahead of expiry keeps requests in flight from carrying a token that dies on the way.
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public int MaxBusyRetries { get; set; } = 3;

    // 45009 carries no machine-readable window; a minute matches the per-minute limits we are most likely to hit.
    public TimeSpan RateLimitPause { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Problems with the settings needed to call the API, each naming its key.</summary>
    public IReadOnlyList<string> ValidateApi()
    {
        var errors = new List<string>();
        Require(errors, nameof(CorpId), CorpId);
        Require(errors, nameof(AgentSecret), AgentSecret);
        if (!string.IsNullOrWhiteSpace(AgentId) && !int.TryParse(AgentId, out _))
            errors.Add($"{SectionName}:{nameof(AgentId)} must be a number");
        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            errors.Add($"{SectionName}:{nameof(ApiBaseUrl)} must be an absolute http(s) URL");
        if (Timeout <= TimeSpan.Zero)
            errors.Add($"{SectionName}:{nameof(Timeout)} must be positive");
        if (RetryBaseDelay < TimeSpan.Zero)
            errors.Add($"{SectionName}:{nameof(RetryBaseDelay)} must not be negative");
        if (MaxBusyRetries < 0)
            errors.Add($"{SectionName}:{nameof(MaxBusyRetries)} must not be negative");
        if (RateLimitPause <= TimeSpan.Zero)
            errors.Add($"{SectionName}:{nameof(RateLimitPause)} must be positive");
        return errors;
    }

    /// <summary>Problems with the settings needed to receive callbacks, each naming its key.</summary>
    public IReadOnlyList<string> ValidateCallback()
    {
        var errors = new List<string>();
        Require(errors, nameof(CorpId), CorpId);
        if (string.IsNullOrEmpty(CallbackToken))
            errors.Add($"{SectionName}:{nameof(CallbackToken)} is required");
        else if (CallbackToken.Length > 32 || !CallbackToken.All(char.IsAsciiLetterOrDigit))
            errors.Add($"{SectionName}:{nameof(CallbackToken)} must be at most 32 letters or digits");
        if (CallbackEncodingAESKey.Length != 43)
            errors.Add($"{SectionName}:{nameof(CallbackEncodingAESKey)} must be 43 characters");
        else if (!IsValidAesKey(CallbackEncodingAESKey))
            errors.Add($"{SectionName}:{nameof(CallbackEncodingAESKey)} must be Base64 of 32 bytes (without the trailing '=')");
        if (CallbackTimestampWindow <= TimeSpan.Zero)
            errors.Add($"{SectionName}:{nameof(CallbackTimestampWindow)} must be positive");
        return errors;
    }

    public void EnsureValidApi() => Throw(ValidateApi());

    public void EnsureValidCallback() => Throw(ValidateCallback());

    private static void Throw(IReadOnlyList<string> errors)
    {
        if (errors.Count > 0)
            throw new WeComConfigurationException(string.Join("; ", errors));
    }

    private static void Require(List<string> errors, string key, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
            errors.Add($"{SectionName}:{key} is required");
    }

    private static bool IsValidAesKey(string key)
    {
        Span<byte> buffer = stackalloc byte[33];
        return Convert.TryFromBase64String(key + "=", buffer, out var written) && written == 32;
    }
}
