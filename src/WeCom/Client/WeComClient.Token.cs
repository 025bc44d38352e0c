using Attendance.WeCom.Models;
using Flurl.Http;

namespace Attendance.WeCom.Client;

public sealed partial class WeComClient
{
    /// <summary>Raw gettoken; callers normally use <see cref="GetAccessTokenAsync"/>, which caches.</summary>
    public Task<CgiBinGetTokenResponse> ExecuteCgiBinGetTokenAsync(CancellationToken cancellationToken = default) =>
        GetJsonAsync<CgiBinGetTokenResponse>(Apis.GetToken,
            r => r.SetQueryParam("corpid", _options.CorpId).SetQueryParam("corpsecret", _options.AgentSecret),
            cancellationToken, withToken: false);
}
