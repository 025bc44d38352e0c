using System.Text.Json;
using Attendance.WeCom;
using Attendance.WeCom.Models;
using Microsoft.AspNetCore.Http;

namespace Attendance.Testing.FakeWeCom;

public sealed partial class FakeWeComServer
{
    private async Task GetCheckinDataAsync(HttpContext context)
    {
        var (json, _) = await ReadJsonAsync(context);
        var users = json["useridlist"]?.AsArray().Select(u => (string?)u).ToHashSet() ?? [];
        var start = (long?)json["starttime"] ?? 0;
        var end = (long?)json["endtime"] ?? long.MaxValue;
        List<WeComCheckinData> found;
        lock (_lock)
            found = _checkinData.Where(d => users.Contains(d.UserId) && d.CheckinTime >= start && d.CheckinTime <= end).ToList();
        await Ok(context, new CgiBinCheckinGetCheckinDataResponse { CheckinData = found });
    }

    private async Task AddCheckinRecordAsync(HttpContext context)
    {
        var (_, body) = await ReadJsonAsync(context);
        var request = JsonSerializer.Deserialize<CgiBinCheckinAddCheckinRecordRequest>(body, ResponseJson);
        lock (_lock)
            _addedCheckins.AddRange(request?.Records ?? []);
        await Ok(context, new { });
    }
}
