using System.Collections.Concurrent;
using System.Text;
using Attendance.WeCom;
using Microsoft.AspNetCore.Http;

namespace Attendance.WeCom.Simulator;

public sealed partial class WeComSimulator
{
    // Global error codes, developer.work.weixin.qq.com/document/path/90313: 41008 缺少auth code参数.
    private const int MissingCode = 41008;

    // 96442 (auth/getuserinfo): "code ... 最大为512字节"; the same wx.qy.login code feeds jscode2session.
    private const int MaxCodeBytes = 512;

    // Codes whose owner belongs to another corp, as WeCom answers them for a mini-program used in several corps.
    private readonly ConcurrentDictionary<string, string> _codeCorps = new();

    /// <summary>
    /// A single-use code of a member of <paramref name="corpId"/>: jscode2session answers that corpid with the userid;
    /// getuserinfo, which runs on our corp's token, refuses it as invalid (40029).
    /// </summary>
    public void AddMemberCode(string code, string userId, string corpId)
    {
        _codeCorps[code] = corpId;
        AddMemberCode(code, userId);
    }

    /// <summary>96442: "5分钟未被使用自动过期" — an expired code is spent, as a used one is.</summary>
    private bool Expired(string code)
    {
        if (!_codeIssuedAt.TryGetValue(code, out var issued) || TimeProvider.GetUtcNow() - issued <= TimeSpan.FromMinutes(5))
            return false;
        _memberCodes.TryRemove(code, out _);
        _nonMemberCodes.TryRemove(code, out _);
        _codeIssuedAt.TryRemove(code, out _);
        return true;
    }

    private async Task JsCode2SessionAsync(HttpContext context)
    {
        var query = context.Request.Query;

        // 96959: "js_code 登录时获取的 code" (required); 90313: 41008 when the code parameter is missing.
        var code = query["js_code"].ToString();
        if (string.IsNullOrEmpty(code))
        {
            await Error(context, MissingCode, "missing js_code");
            return;
        }

        // 96959: "grant_type 此处固定为authorization_code"; 90313: 40063 参数为空, 40058 不合法的参数.
        var grantType = query["grant_type"].ToString();
        if (grantType != "authorization_code")
        {
            await Error(context, string.IsNullOrEmpty(grantType) ? EmptyParameter : InvalidParameter, "grant_type must be authorization_code");
            return;
        }

        // 96959: a used, unknown or expired code answers 40029 invalid code; codes are single use (consumed here, whatever the API).
        if (Encoding.UTF8.GetByteCount(code) > MaxCodeBytes || Expired(code) || !_memberCodes.TryRemove(code, out var userId))
        {
            _codeCorps.TryRemove(code, out _);
            await Error(context, WeComErrorCodes.InvalidCode, "invalid code");
            return;
        }

        // 96959: "corpid 用户所属企业的corpid".
        var corpId = _codeCorps.TryRemove(code, out var other) ? other : CorpId;
        await Ok(context, new { corpid = corpId, userid = userId, session_key = $"sk-{Guid.NewGuid():N}" });
    }

    private async Task GetUserInfoAsync(HttpContext context)
    {
        // 96442: "code 通过成员授权获取到的code，最大为512字节 ... code只能使用一次，5分钟未被使用自动过期" (required).
        var code = context.Request.Query["code"].ToString();
        if (string.IsNullOrEmpty(code))
        {
            await Error(context, MissingCode, "missing code");
            return;
        }

        var foreign = _codeCorps.TryRemove(code, out var corp) && corp != CorpId;
        if (Encoding.UTF8.GetByteCount(code) > MaxCodeBytes || foreign || Expired(code))
        {
            _memberCodes.TryRemove(code, out _);
            await Error(context, WeComErrorCodes.InvalidCode, "invalid code");
        }
        else if (_memberCodes.TryRemove(code, out var userId))
            await Ok(context, new { userid = userId });
        else if (_nonMemberCodes.TryRemove(code, out var openId))
            await Ok(context, new { openid = openId });
        else
            await Error(context, WeComErrorCodes.InvalidCode, "invalid code");
    }
}
