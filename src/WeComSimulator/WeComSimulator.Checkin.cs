using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Attendance.WeCom.Models;
using Microsoft.AspNetCore.Http;

namespace Attendance.WeCom.Simulator;

public sealed partial class WeComSimulator
{
    // Global error codes, developer.work.weixin.qq.com/document/path/90313: 40058 不合法的参数 ("传递参数不符合系统要求"),
    // 40063 参数为空 (a required parameter is missing), 41009 缺少userid参数. Page 99647 names no errcode of its own.
    private const int InvalidParameter = 40058;
    private const int EmptyParameter = 40063;
    private const int MissingUserId = 41009;

    /// <summary>Every add_checkin_record call the simulator refused, with its errcode, so tests can count them.</summary>
    public int RefusedCheckinBatches => _refusedCheckinBatches;

    private int _refusedCheckinBatches;

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

    // All or nothing: one bad record refuses the whole batch and none of it is stored, which is the strict reading of
    // an API that answers one errcode for the call and has no per-record result (99647).
    private async Task AddCheckinRecordAsync(HttpContext context)
    {
        var (json, body) = await ReadJsonAsync(context);
        if (CheckinBatchError(json) is { } refusal)
        {
            Interlocked.Increment(ref _refusedCheckinBatches);
            await Error(context, refusal.Code, refusal.Message);
            return;
        }

        var request = JsonSerializer.Deserialize<CgiBinCheckinAddCheckinRecordRequest>(body, ResponseJson);
        lock (_lock)
            _addedCheckins.AddRange(request?.Records ?? []);
        await Ok(context, new { });
    }

    private (int Code, string Message)? CheckinBatchError(JsonNode json)
    {
        // 99647: "records 打卡记录，一批最多200个".
        if (json["records"] is not JsonArray records || records.Count == 0)
            return (EmptyParameter, "records is empty");
        if (records.Count > 200)
            return (InvalidParameter, "records exceed 200");
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i] is not JsonObject record)
                return (InvalidParameter, $"records[{i}] is not an object");
            if (CheckinRecordError(record) is { } error)
                return (error.Code, $"records[{i}]: {error.Message}");
        }

        return null;
    }

    private (int Code, string Message)? CheckinRecordError(JsonObject record)
    {
        // 99647: userid 用户id (required; 90313: 41009 缺少userid参数).
        var userId = Text(record, "userid");
        if (string.IsNullOrEmpty(userId))
            return (MissingUserId, "userid missing");

        // 90313 60111 "UserID不存在": a record for someone the corp's directory lacks (only when the simulator has a directory).
        if (!_users.IsEmpty && !_users.ContainsKey(userId))
            return (UserNotFound, $"userid {userId} not found");

        // 99647: checkin_time 打卡时间。Unix时间戳 (required).
        if (record["checkin_time"] is not JsonValue time || !time.TryGetValue<long>(out var seconds) || seconds <= 0)
            return (InvalidParameter, "checkin_time must be a Unix time");

        // 99647: location_title, location_detail, notes, wifiname 限制1024字符.
        foreach (var field in new[] { "location_title", "location_detail", "notes", "wifiname" })
        {
            if (Text(record, field) is { Length: > 1024 })
                return (InvalidParameter, $"{field} exceeds 1024 characters");
        }

        // 99647: wifimac 满足正则表达式 ^[A-Fa-f0-9]{2}:...$。传入wifiname时必填.
        var wifiMac = Text(record, "wifimac");
        if (!string.IsNullOrEmpty(Text(record, "wifiname")) && string.IsNullOrEmpty(wifiMac))
            return (InvalidParameter, "wifimac is required with wifiname");
        if (wifiMac is not null && !WifiMac().IsMatch(wifiMac))
            return (InvalidParameter, "wifimac must match ^[A-Fa-f0-9]{2}(:[A-Fa-f0-9]{2}){5}$");

        // 99647: mediaids 当前最多只允许传1个.
        if (record["mediaids"] is JsonArray media && media.Count > 1)
            return (InvalidParameter, "mediaids allows one media_id");

        // 99647: lat 范围 -90000000,90000000; lng 范围 -180000000,180000000 (GCJ-02 × 1,000,000, integers).
        if (OutOfRange(record, "lat", 90_000_000) || OutOfRange(record, "lng", 180_000_000))
            return (InvalidParameter, "lat/lng must be integers within ±90000000 / ±180000000");

        // 99647: device_type 打卡设备类型：1、门禁 2、考勤机（人脸识别、指纹识别） 3、其他.
        if (record["device_type"] is JsonValue type && (!type.TryGetValue<int>(out var kind) || kind is < 1 or > 3))
            return (InvalidParameter, "device_type must be 1, 2 or 3");

        // 99647: device_detail 打卡设备品牌：字符串写入（限制40个字符内）.
        if (Text(record, "device_detail") is { Length: > 40 })
            return (InvalidParameter, "device_detail exceeds 40 characters");

        return null;
    }

    private static string? Text(JsonObject record, string field) =>
        record[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    // A JSON number with a fraction is not the integer the page asks for.
    private static bool OutOfRange(JsonObject record, string field, long limit) =>
        record[field] is not null
        && (record[field] is not JsonValue value || !value.TryGetValue<long>(out var number) || number < -limit || number > limit);

    [GeneratedRegex("^[A-Fa-f0-9]{2}:[A-Fa-f0-9]{2}:[A-Fa-f0-9]{2}:[A-Fa-f0-9]{2}:[A-Fa-f0-9]{2}:[A-Fa-f0-9]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex WifiMac();
}
