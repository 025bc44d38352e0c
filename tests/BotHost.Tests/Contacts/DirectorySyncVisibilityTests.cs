using Attendance.BotHost.Tests.Bot;
using static Attendance.BotHost.Tests.Days.SmallCompany;

namespace Attendance.BotHost.Tests.Contacts;

/// <summary>directory-sync through the fake WeCom when the app does not see the whole corp.</summary>
public sealed class DirectorySyncVisibilityTests : IAsyncLifetime
{
    private BotRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await BotRig.StartAsync();

    public async ValueTask DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Members_outside_the_visible_range_or_gone_are_skipped_and_the_rest_is_synced()
    {
        var host = _rig.Host;
        await Ok(host, HttpMethod.Put, "/api/admin/departments/2", new { name = "旧研发部", parentId = 1 });
        await Ok(host, HttpMethod.Put, "/api/admin/employees/wangfang", new { name = "王芳", departmentIds = new[] { 2 } });
        // liuyang was entered by HR but sits in a department the app cannot see.
        await Ok(host, HttpMethod.Put, "/api/admin/employees/liuyang", new { name = "刘洋", departmentIds = new[] { 3 } });

        var wecom = _rig.WeCom;
        wecom.AddDepartment(new SimulatedDepartment(1, "总公司", 0));
        // "ghost" leads 研发部 on paper but is no longer in the directory (user/get answers 60111); we never stored them.
        wecom.AddDepartment(new SimulatedDepartment(2, "研发部", 1, ["ghost", "zhangwei"]));
        wecom.AddDepartment(new SimulatedDepartment(3, "外包部", 1));
        wecom.AddUser(new SimulatedUser("zhangwei", "张伟", [2]));
        wecom.AddUser(new SimulatedUser("wangfang", "王芳", [2], DirectLeaders: ["zhangwei"]));
        wecom.AddUser(new SimulatedUser("liuyang", "刘洋", [3]));
        wecom.SetVisibleRange([2]);

        var response = await host.AdminAsync(HttpMethod.Post, "/api/admin/jobs/directory-sync/trigger");
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        var counts = JsonDocument.Parse(text).RootElement.GetProperty("counts");
        counts.GetProperty("departments").GetInt64().Should().Be(1);
        counts.GetProperty("outsideVisibility").GetInt64().Should().Be(1);
        counts.GetProperty("notFound").GetInt64().Should().Be(1);

        var dept = await Ok(host, HttpMethod.Get, "/api/admin/departments/2");
        dept.GetProperty("name").GetString().Should().Be("研发部");
        var wang = await Ok(host, HttpMethod.Get, "/api/admin/employees/wangfang");
        wang.GetProperty("directLeaderUserIds")[0].GetString().Should().Be("zhangwei");
        var zhang = await Ok(host, HttpMethod.Get, "/api/admin/employees/zhangwei");
        zhang.GetProperty("active").GetBoolean().Should().BeTrue();

        // Not visible is not gone: liuyang is kept as HR entered them, neither left nor deactivated.
        var liu = await Ok(host, HttpMethod.Get, "/api/admin/employees/liuyang");
        liu.GetProperty("active").GetBoolean().Should().BeTrue();
        (liu.TryGetProperty("leftOn", out var leftOn) && leftOn.ValueKind != JsonValueKind.Null).Should().BeFalse();
        (await host.AdminAsync(HttpMethod.Get, "/api/admin/employees/ghost")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
