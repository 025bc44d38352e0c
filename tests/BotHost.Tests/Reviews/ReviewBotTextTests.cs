using Attendance.BotHost.Tests.Bot;
using static Attendance.BotHost.Tests.Days.SmallCompany;

namespace Attendance.BotHost.Tests.Reviews;

/// <summary>The bot names a day in review 待复核, in a person's days, their totals and a department's roll call.</summary>
public sealed class ReviewBotTextTests
{
    [Fact]
    public async Task A_day_in_review_reads_as_such_in_chat()
    {
        await using var rig = await BotRig.StartAsync();
        await rig.SeedAsync();
        await Ok(rig.Host, HttpMethod.Post, "/api/admin/punches/import", new
        {
            records = new object[]
            {
                ReviewApiTests.Flagged("liuyang", "2026-10-12T08:58:00+08:00", "in"),
            },
        });

        var own = await rig.AskAsync("liuyang", "我的考勤 2026-10-12");
        own.Should().Contain("待复核").And.NotContain("上班缺卡");
        var person = await rig.AskAsync("chenjing", "查 刘洋 2026-10-12");
        person.Should().Contain("待复核").And.NotContain("上班缺卡");
        (await rig.AskAsync("chenjing", "查 刘洋 2026-10-11至2026-10-12")).Should().Contain("待复核 1 天");
        var department = await rig.AskAsync("chenjing", "部门 总部 2026-10-12");
        department.Should().Contain("待复核 1").And.Contain("待复核：刘洋");
    }
}
