using System.Text.Json;
using Attendance.WeCom;
using Attendance.WeCom.Models;
using Microsoft.AspNetCore.Http;

namespace Attendance.Testing.FakeWeCom;

public sealed partial class FakeWeComServer
{
    private async Task JsCode2SessionAsync(HttpContext context)
    {
        if (!_memberCodes.TryRemove(context.Request.Query["js_code"].ToString(), out var userId))
        {
            await Error(context, WeComErrorCodes.InvalidCode, "invalid code");
            return;
        }
        await Ok(context, new { corpid = CorpId, userid = userId, session_key = $"sk-{Guid.NewGuid():N}" });
    }

    private async Task GetUserInfoAsync(HttpContext context)
    {
        var code = context.Request.Query["code"].ToString();
        if (_memberCodes.TryRemove(code, out var userId))
            await Ok(context, new { userid = userId });
        else if (_nonMemberCodes.TryRemove(code, out var openId))
            await Ok(context, new { openid = openId });
        else
            await Error(context, WeComErrorCodes.InvalidCode, "invalid code");
    }
}
