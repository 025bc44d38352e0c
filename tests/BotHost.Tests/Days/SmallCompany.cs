
namespace Attendance.BotHost.Tests.Days;

/// <summary>
/// A small company over HTTP: 总部 (Shanghai) on a 09:00–18:00 department roster, 柏林办 in Europe/Berlin, a late
/// shift, a night shift, someone on leave, someone not yet joined and someone who left, and the punches of
/// Monday 2026-10-12 (plus the 国庆 holiday and the make-up Saturday 2026-10-10), imported as kiosk records.
/// </summary>
internal static class SmallCompany
{
    public const string Monday = "2026-10-12";

    public static async Task SeedAsync(TestHost host)
    {
        await Ok(host, HttpMethod.Put, "/api/admin/departments/1", new { name = "总部" });
        await Ok(host, HttpMethod.Put, "/api/admin/departments/2", new { name = "柏林办", digest = new { timeZone = "Europe/Berlin" } });
        await Ok(host, HttpMethod.Put, "/api/admin/departments/3", new { name = "研发部", parentId = 1 });
        foreach (var (id, name) in new[]
                 {
                     ("zhangwei", "张伟"), ("lina", "李娜"), ("wangfang", "王芳"), ("liuyang", "刘洋"), ("chenjing", "陈静"),
                     ("zhaolei", "赵磊"), ("yewan", "叶婉"), ("sunli", "孙丽"), ("zhoujie", "周杰"),
                 })
        {
            await Ok(host, HttpMethod.Put, $"/api/admin/employees/{id}", new { name, departmentIds = new[] { 1 } });
        }

        await Ok(host, HttpMethod.Put, "/api/admin/employees/xiaoming", new { name = "小明", departmentIds = new[] { 3 } });
        await Ok(host, HttpMethod.Put, "/api/admin/employees/wujun", new { name = "吴军", departmentIds = new[] { 1 }, joinedOn = "2026-10-13" });
        await Ok(host, HttpMethod.Put, "/api/admin/employees/xuqing",
            new { name = "徐青", departmentIds = new[] { 1 }, leftOn = "2026-10-09" });
        await Ok(host, HttpMethod.Put, "/api/admin/employees/hans", new { name = "Hans", departmentIds = new[] { 2 } });

        await Ok(host, HttpMethod.Put, "/api/admin/shifts/day", new { name = "白班", segments = new[] { new { start = "09:00", end = "18:00" } }, lateGraceMinutes = 5 });
        await Ok(host, HttpMethod.Put, "/api/admin/shifts/late", new { name = "晚班", segments = new[] { new { start = "14:00", end = "23:00" } } });
        await Ok(host, HttpMethod.Put, "/api/admin/shifts/night", new { name = "夜班", segments = new[] { new { start = "22:00", end = "06:00" } } });
        await Ok(host, HttpMethod.Post, "/api/admin/assignments", new { departmentId = 1, shiftId = "day", from = "2026-01-01" });
        await Ok(host, HttpMethod.Post, "/api/admin/assignments", new { departmentId = 2, shiftId = "day", from = "2026-01-01" });
        await Ok(host, HttpMethod.Post, "/api/admin/assignments", new { userId = "yewan", shiftId = "late", from = "2026-10-01", to = "2026-10-31" });
        await Ok(host, HttpMethod.Post, "/api/admin/assignments", new { userId = "sunli", shiftId = "night", from = "2026-10-01" });
        await Ok(host, HttpMethod.Post, "/api/admin/leaves", new { userId = "zhoujie", from = Monday, to = Monday, kind = "年假" });

        var import = await Ok(host, HttpMethod.Post, "/api/admin/punches/import", new { records = Records() });
        import.GetProperty("created").GetInt32().Should().Be(Records().Length);
    }

    public static object[] Records() =>
    [
        Punch("zhangwei", "2026-10-12T09:05:59+08:00", "in"),
        Punch("zhangwei", "2026-10-12T18:00:00+08:00", "out"),
        Punch("lina", "2026-10-12T09:06:00+08:00", "in"),
        Punch("lina", "2026-10-12T18:01:00+08:00", "out"),
        Punch("wangfang", "2026-10-12T08:50:00+08:00", "in"),
        Punch("wangfang", "2026-10-12T17:30:00+08:00", "out"),
        Punch("liuyang", "2026-10-12T18:05:00+08:00", "out"),
        Punch("chenjing", "2026-10-12T08:55:00+08:00", "in"),
        Punch("yewan", "2026-10-12T13:55:00+08:00", null),
        Punch("yewan", "2026-10-13T00:35:00+08:00", null),
        Punch("sunli", "2026-10-12T21:50:00+08:00", null),
        Punch("sunli", "2026-10-13T06:02:00+08:00", null),
        Punch("xiaoming", "2026-10-12T08:59:00+08:00", null),
        Punch("xiaoming", "2026-10-12T18:10:00+08:00", null),
        Punch("hans", "2026-10-12T08:58:00+02:00", null),
        Punch("hans", "2026-10-12T18:03:00+02:00", null),
        Punch("zhangwei", "2026-10-10T08:57:00+08:00", null),
        Punch("zhangwei", "2026-10-10T18:02:00+08:00", null),
    ];

    public static object Punch(string userId, string time, string? kind) => new { userId, time, kind, source = "kiosk", deviceId = "kiosk-1" };

    public static async Task<JsonElement> Ok(TestHost host, HttpMethod method, string path, object? body = null)
    {
        var response = await host.AdminAsync(method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue($"{method} {path}: {response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
    }

    public static async Task<JsonElement> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        status.Should().Be(response.StatusCode, $"expected {status}, got {response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
    }

    public static Dictionary<string, JsonElement> ByUser(JsonElement days) =>
        days.EnumerateArray().ToDictionary(d => d.GetProperty("userId").GetString()!, d => d);
}
