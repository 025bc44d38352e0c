using Attendance.WeCom.Client;
using MiniExcelLibs;

namespace Attendance.BotHost.Tests.Bot;

/// <summary>导出: 正在生成… at once, then the xlsx uploaded with media/upload and sent as a file message.</summary>
public sealed class BotExportTests
{
    [Fact]
    public async Task HR_gets_the_whole_company_and_a_supervisor_only_their_team()
    {
        await using var rig = await BotRig.StartAsync();
        await rig.SeedAsync();

        var hrRows = await ExportAsync(rig, "chenjing", "导出 2026-10");
        hrRows.Should().Contain("hans");
        hrRows.Should().Contain("xiaoming");
        hrRows.Should().Contain("wangfang");
        (await rig.AuditAsync("user:chenjing")).EnumerateArray().Should().Contain(a => a.GetProperty("action").GetString() == "bot.export" && a.GetProperty("entityId").GetString() == "2026-10");

        var teamRows = await ExportAsync(rig, "lina", "export 2026年10月");
        teamRows.Order(StringComparer.Ordinal).ToArray().Should().Equal(["lina", "xiaoming", "zhangwei2"]);

        var departmentRows = await ExportAsync(rig, "zhaolei", "导出 2026-10 柏林办");
        departmentRows.Should().Equal(["hans"]);

        (await rig.AskAsync("lina", "导出 2026-10 总部")).Should().Be("无权限");
        (await rig.AskAsync("liuyang", "导出 2026-10")).Should().Be("无权限");
        (await rig.AskAsync("chenjing", "导出 2026-10 不存在部")).Should().Contain("没有找到部门");
    }

    [Fact]
    public async Task An_upload_failure_is_told_once_and_nothing_else_is_sent()
    {
        await using var rig = await BotRig.StartAsync();
        await rig.SeedAsync();
        rig.WeCom.FailNext(Apis.MediaUpload, 48002);
        var before = rig.To("chenjing").Count;
        // The failure notice may already have arrived with the acknowledgement: only the first reply is the ack.
        (await rig.AskAllAsync("chenjing", "导出 2026-10"))[0].Should().Be("正在生成…");
        var failed = await rig.NextAsync("chenjing", before, m => BotRig.TextOf(m).Contains("导出失败", StringComparison.Ordinal));
        BotRig.TextOf(failed).Should().Be("导出失败：考勤表没能生成或上传，请稍后再试。");

        // A later reply arriving means everything queued before it was delivered: no file, no second notice.
        await rig.AskAsync("chenjing", "帮助");
        var after = rig.To("chenjing").Skip(before).ToList();
        after.Should().ContainSingle(m => BotRig.TextOf(m).Contains("导出失败", StringComparison.Ordinal));
        after.Should().NotContain(m => m.MsgType == "file");
        rig.WeCom.Media.Should().BeEmpty();
    }

    /// <summary>Asks for an export and returns the userids of every row of the file that comes back.</summary>
    private static async Task<List<string>> ExportAsync(BotRig rig, string user, string text)
    {
        var before = rig.To(user).Count;
        var ack = await rig.AskAllAsync(user, text);
        BotRig.TextOf(rig.To(user)[before]).Should().Be("正在生成…");
        ack.Should().NotBeEmpty();
        var file = await rig.NextAsync(user, before, m => m.MsgType == "file");
        var mediaId = (string?)BotRig.Body(file)["file"]!["media_id"];
        var media = rig.WeCom.Media.Should().ContainSingle(m => m.MediaId == mediaId).Which;
        media.FileName.Should().EndWith(".xlsx");
        media.Type.Should().Be("file");
        using var book = new MemoryStream(media.Content);
        var ids = new List<string>();
        foreach (var sheet in book.GetSheetNames())
        {
            book.Position = 0;
            ids.AddRange(book.Query(useHeaderRow: true, sheetName: sheet).Cast<IDictionary<string, object>>()
                .Select(r => Convert.ToString(r["工号"], System.Globalization.CultureInfo.InvariantCulture)).OfType<string>().Where(s => s.Length > 0));
        }

        return ids;
    }
}
