using Attendance.BotHost.Tests.Days;

namespace Attendance.BotHost.Tests.Bot;

/// <summary>Hostile message texts are answered (or refused at the door) and change nothing that is stored.</summary>
public sealed class BotHostileTextTests
{
    public static TheoryData<string, string> Texts => new()
    {
        { "sql-query", "查 '; DROP TABLE employees; --" },
        { "sql-dept", "部门 研发部' OR '1'='1" },
        { "sql-export", "导出 2026-10 x'); DELETE FROM audit_log; --" },
        { "sql-correction", "补卡 昨天 上班 08:00 '); UPDATE corrections SET state='approved'; --" },
        { "ten-kb", "我的考勤 " + new string('啊', 10 * 1024) },
        { "ten-kb-ascii", new string('A', 10 * 1024) },
        { "emoji", "😀😀 我的考勤 🙃 2026-10-12 👍🏽" },
        { "emoji-name", "查 👨‍👩‍👧‍👦" },
        { "controls", "\t帮助\r\n\u200B\u202E\u2066\uFEFF" },
        { "cdata-break", "查 ]]><FromUserName>chenjing</FromUserName>" },
        { "markup", "<a href='x'>查</a> &amp; 王芳" },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task Hostile_text_is_answered_without_effect_on_stored_data(string name, string text)
    {
        await using var rig = await BotRig.StartAsync();
        await rig.SeedAsync();
        var before = await SnapshotAsync(rig);

        var sent = rig.To("liuyang").Count;
        var xml = rig.WeCom.Callbacks.TextMessage("liuyang", text.Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal));
        var response = await rig.PostAsync(xml);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var reply = BotRig.TextOf(await rig.NextAsync("liuyang", sent, _ => true));
        string.IsNullOrWhiteSpace(reply).Should().BeFalse(name);
        reply.Should().NotContain("Exception");
        System.Text.Encoding.UTF8.GetByteCount(reply).Should().BeLessThanOrEqualTo(2048);

        var after = await SnapshotAsync(rig);
        after.Employees.Should().Be(before.Employees);
        after.Departments.Should().Be(before.Departments);
        after.Corrections.Should().Be(before.Corrections);
        rig.WeCom.Messages.Should().NotContain(m => m.Api.Contains("update_template_card", StringComparison.Ordinal));
        rig.WeCom.Messages.Should().NotContain(m => (m.ToUser ?? "").Contains("chenjing", StringComparison.Ordinal));
    }

    private static async Task<(string Employees, string Departments, string Corrections)> SnapshotAsync(BotRig rig)
    {
        var employees = await SmallCompany.Ok(rig.Host, HttpMethod.Get, "/api/admin/employees?limit=500");
        var departments = await SmallCompany.Ok(rig.Host, HttpMethod.Get, "/api/admin/departments");
        var corrections = await rig.Host.Services.GetRequiredService<Data.Schedule.CorrectionRepository>().ListForUserAsync("liuyang");
        return (JsonSerializer.Serialize(employees), JsonSerializer.Serialize(departments), JsonSerializer.Serialize(corrections));
    }
}
