using Attendance.BotHost.Demo;
using Attendance.BotHost.Days;
using Attendance.BotHost.Tests.Bot;
using Attendance.Data.Punches;
using Attendance.Data.Schedule;
using Microsoft.Extensions.Time.Testing;
using MiniExcelLibs;

namespace Attendance.BotHost.Tests.Demo;

/// <summary>One <c>--demo</c> host with the fake WeCom, shared by the story's read-only checks.</summary>
public sealed class DemoStoryFixture : IAsyncLifetime
{
    internal BotRig Rig { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Rig = await BotRig.StartDemoAsync();

    public async ValueTask DisposeAsync() => await Rig.DisposeAsync();
}

/// <summary>
/// <c>--demo</c> tells a month's story: what a newcomer asks the bot, the month report and the review queue all have
/// something to show, through the product's own paths.
/// </summary>
public sealed class DemoStoryTests(DemoStoryFixture fixture) : IClassFixture<DemoStoryFixture>
{
    private BotRig Rig => fixture.Rig;

    private TestHost Host => Rig.Host;

    [Fact]
    public async Task Wangfang_sees_her_late_days_in_my_attendance()
    {
        var (from, to) = await Host.Services.GetRequiredService<DemoHistory>().WindowAsync();
        var late = await LateDaysAsync(Host, "wangfang");
        late.Should().HaveCount(3).And.Contain(await LastWorkdayAsync(Host, to));

        var reply = await Rig.AskAsync("wangfang", $"我的考勤 {from:yyyy-MM-dd}至{to:yyyy-MM-dd}");
        reply.Split('\n').Where(line => line.Contains(" 休息", StringComparison.Ordinal)).Should().NotBeEmpty()
            .And.OnlyContain(line => !line.Contains("上班", StringComparison.Ordinal), "a rest day shows no punches of the days around it");
        foreach (var day in late)
        {
            reply.Split('\n').Should().Contain(line => line.StartsWith(day.ToString("MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal)
                && line.Contains("迟到", StringComparison.Ordinal), $"{day} was late");
        }
    }

    [Fact]
    public async Task Zhangwei_sees_yesterdays_anomalies_of_his_team()
    {
        var (_, to) = await Host.Services.GetRequiredService<DemoHistory>().WindowAsync();
        var last = await LastWorkdayAsync(Host, to);
        var reply = await Rig.AskAsync("zhangwei", $"异常 {last:yyyy-MM-dd}");
        reply.Split('\n').Should().Contain(line => line.Contains("王芳 迟到", StringComparison.Ordinal));

        // 刘洋's day waits on his flagged punch: not an anomaly yet, but on 张伟's review list.
        (await Rig.AskAsync("zhangwei", "待复核")).Should().Contain("刘洋");
    }

    [Fact]
    public async Task Yesterdays_research_digest_reaches_the_demo_robot_with_its_anomalies()
    {
        Rig.WeCom.RobotKeys.Add(DemoSeeder.RdRobotKey);
        var (_, to) = await Host.Services.GetRequiredService<DemoHistory>().WindowAsync();
        var last = await LastWorkdayAsync(Host, to);
        var response = await Host.AdminAsync(HttpMethod.Post, "/api/admin/jobs/digest/trigger", new { date = last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), departmentId = 2 });
        response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());

        var robot = await Rig.WeCom.WaitForMessageAsync(m => m.RobotKey == DemoSeeder.RdRobotKey && m.MsgType == "markdown", TimeSpan.FromSeconds(30));
        robot.Json.Should().Contain("研发部").And.Contain("王芳").And.Contain("迟到").And.Contain("刘洋");
    }

    [Fact]
    public async Task Lina_as_HR_gets_last_months_export_file()
    {
        var before = Rig.To("lina").Count;
        (await Rig.AskAllAsync("lina", "导出"))[0].Should().Be("正在生成…");
        var file = await Rig.NextAsync("lina", before, m => m.MsgType == "file");
        var mediaId = (string?)BotRig.Body(file)["file"]!["media_id"];
        var media = Rig.WeCom.Media.Should().ContainSingle(m => m.MediaId == mediaId).Subject;
        using var book = new MemoryStream(media.Content);
        var ids = new List<string>();
        foreach (var sheet in book.GetSheetNames())
        {
            book.Position = 0;
            ids.AddRange(book.Query(useHeaderRow: true, sheetName: sheet).Cast<IDictionary<string, object>>()
                .Select(r => Convert.ToString(r["工号"], CultureInfo.InvariantCulture)).OfType<string>());
        }

        ids.Should().BeEquivalentTo(DemoSeeder.People.Select(p => p.UserId));
    }

    [Fact]
    public async Task The_monthly_report_counts_late_early_missing_field_and_review_for_the_right_people()
    {
        var (from, to) = await Host.Services.GetRequiredService<DemoHistory>().WindowAsync();
        var totals = new Dictionary<string, Dictionary<string, int>>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            var response = await Host.AdminAsync(HttpMethod.Get, $"/api/admin/reports/monthly?month={month:yyyy-MM}");
            var body = await response.Content.ReadAsStringAsync();
            response.IsSuccessStatusCode.Should().BeTrue(body);
            foreach (var row in JsonDocument.Parse(body).RootElement.GetProperty("employees").EnumerateArray())
            {
                var sums = totals.TryGetValue(row.GetProperty("userId").GetString()!, out var s) ? s : totals[row.GetProperty("userId").GetString()!] = [];
                foreach (var name in new[] { "lateCount", "earlyLeaveCount", "missingPunches", "absentDays", "fieldPunches", "reviewDays" })
                {
                    sums[name] = sums.GetValueOrDefault(name) + row.GetProperty(name).GetInt32();
                }
            }
        }

        // Today is in the report too, and depending on the hour it already counts missing punches for everyone alike:
        // 李娜, who has an ordinary month, is the baseline the story's anomalies are counted from.
        var baseline = totals["lina"];
        int Over(string user, string counter) => totals[user][counter] - baseline[counter];
        Over("wangfang", "lateCount").Should().Be(3);
        Over("liuyang", "earlyLeaveCount").Should().Be(1);
        Over("liuyang", "missingPunches").Should().Be(1);
        Over("liuyang", "reviewDays").Should().Be(1);
        Over("zhangwei", "fieldPunches").Should().Be(1);
        totals["chenjing"].Should().Equal(baseline, "陈静 has an ordinary month too");
        baseline["lateCount"].Should().Be(0);
        baseline["absentDays"].Should().BeLessThanOrEqualTo(1, "the history starts on the first of a month, so only today can read as absent");
        totals.Values.Should().OnlyContain(t => t["absentDays"] == baseline["absentDays"]);
    }

    [Fact]
    public async Task The_review_queue_holds_liuyangs_mock_location_punch()
    {
        var response = await Host.AdminAsync(HttpMethod.Get, "/api/admin/punches?state=review");
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue(body);
        var queue = JsonDocument.Parse(body).RootElement;
        queue.GetArrayLength().Should().Be(1, body);
        queue[0].GetProperty("userId").GetString().Should().Be("liuyang");
        body.Should().Contain("SUSPICIOUS_FIX");
    }

    [Fact]
    public async Task Wangfangs_correction_waits_for_zhangwei()
    {
        var pending = (await Host.Services.GetRequiredService<CorrectionRepository>().ListForUserAsync("wangfang"))
            .Should().ContainSingle().Subject;
        pending.State.Should().Be(CorrectionStates.Pending);
        pending.WorkDate.Should().Be((await LateDaysAsync(Host, "wangfang")).Max());

        var reply = await Rig.AskAsync("zhangwei", "待审批");
        reply.Should().Contain("王芳").And.Contain($"编号 {pending.Id}");
        (await Rig.AskAsync("chenjing", "待审批")).Should().NotContain($"编号 {pending.Id}", "陈静 leads 王芳 neither directly nor by department");
    }

    [Fact]
    public async Task Research_digest_goes_to_the_demo_robot_on_its_schedule()
    {
        // The admin API masks robot keys, so the stored department is read.
        var rd = await Host.Services.GetRequiredService<Data.Repositories.DepartmentRepository>().GetAsync(2);
        rd!.Digest.Should().Be(new Rules.Directory.DigestSettings(DemoSeeder.RdRobotKey, null, "0 30 9 ? * MON-FRI", "Asia/Shanghai"));
    }

    internal static async Task<List<DateOnly>> LateDaysAsync(TestHost host, string userId)
    {
        var (from, to) = await host.Services.GetRequiredService<DemoHistory>().WindowAsync();
        var results = await host.Services.GetRequiredService<DayService>().EnsureAsync(from, to, userId);
        return [.. results.Where(d => d.LateMinutes > 0).Select(d => d.WorkDate).Order()];
    }

    /// <summary>The last day up to <paramref name="to"/> on which the demo people had a shift.</summary>
    internal static async Task<DateOnly> LastWorkdayAsync(TestHost host, DateOnly to)
    {
        var punches = await host.Services.GetRequiredService<PunchRepository>().ListForWorkDatesAsync(to.AddDays(-20), to);
        return punches.Max(p => p.WorkDate);
    }
}
