using Attendance.WeCom.Models;
using Flurl.Http;

namespace Attendance.WeCom.Client;

public sealed partial class WeComClient
{
    /// <summary>Mini-program login: exchanges a wx.qy.login code (single use, 5 min) for userid and session_key.</summary>
    public Task<CgiBinMiniProgramJsCode2SessionResponse> ExecuteCgiBinMiniProgramJsCode2SessionAsync(string jsCode, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jsCode);
        return GetJsonAsync<CgiBinMiniProgramJsCode2SessionResponse>(Apis.MiniProgramJsCode2Session,
            r => r.SetQueryParam("js_code", jsCode).SetQueryParam("grant_type", "authorization_code"), cancellationToken);
    }

    /// <summary>H5 OAuth2: exchanges the redirect code for a userid (member) or an openid (non-member).</summary>
    public Task<CgiBinAuthGetUserInfoResponse> ExecuteCgiBinAuthGetUserInfoAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        return GetJsonAsync<CgiBinAuthGetUserInfoResponse>(Apis.AuthGetUserInfo, r => r.SetQueryParam("code", code), cancellationToken);
    }
}
