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
        Assert.Contains("hans", hrRows);
        Assert.Contains("xiaoming", hrRows);
        Assert.Contains("wangfang", hrRows);
        Assert.Contains((await rig.AuditAsync("user:chenjing")).EnumerateArray(),
            a => a.GetProperty("action").GetString() == "bot.export" && a.GetProperty("entityId").GetString() == "2026-10");

        var teamRows = await ExportAsync(rig, "lina", "export 2026年10月");
        Assert.Equal(["lina", "xiaoming", "zhangwei2"], teamRows.Order(StringComparer.Ordinal).ToArray());

        var departmentRows = await ExportAsync(rig, "zhaolei", "导出 2026-10 柏林办");
        Assert.Equal(["hans"], departmentRows);

        Assert.Equal("无权限", await rig.AskAsync("lina", "导出 2026-10 总部"));
        Assert.Equal("无权限", await rig.AskAsync("liuyang", "导出 2026-10"));
        Assert.Contains("没有找到部门", await rig.AskAsync("chenjing", "导出 2026-10 不存在部"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_failure_is_told_once_and_nothing_else_is_sent()
    {
        await using var rig = await BotRig.StartAsync();
        await rig.SeedAsync();
        rig.WeCom.FailNext(Apis.MediaUpload, 48002);
        var before = rig.To("chenjing").Count;
        // The failure notice may already have arrived with the acknowledgement: only the first reply is the ack.
        Assert.Equal("正在生成…", (await rig.AskAllAsync("chenjing", "导出 2026-10"))[0]);
        var failed = await rig.NextAsync("chenjing", before, m => BotRig.TextOf(m).Contains("导出失败", StringComparison.Ordinal));
        Assert.Equal("导出失败：考勤表没能生成或上传，请稍后再试。", BotRig.TextOf(failed));

        // A later reply arriving means everything queued before it was delivered: no file, no second notice.
        await rig.AskAsync("chenjing", "帮助");
        var after = rig.To("chenjing").Skip(before).ToList();
        Assert.Single(after, m => BotRig.TextOf(m).Contains("导出失败", StringComparison.Ordinal));
        Assert.DoesNotContain(after, m => m.MsgType == "file");
        Assert.Empty(rig.WeCom.Media);
    }

    /// <summary>Asks for an export and returns the userids of every row of the file that comes back.</summary>
    private static async Task<List<string>> ExportAsync(BotRig rig, string user, string text)
    {
        var before = rig.To(user).Count;
        var ack = await rig.AskAllAsync(user, text);
        Assert.Equal("正在生成…", BotRig.TextOf(rig.To(user)[before]));
        Assert.NotEmpty(ack);
        var file = await rig.NextAsync(user, before, m => m.MsgType == "file");
        var mediaId = (string?)BotRig.Body(file)["file"]!["media_id"];
        var media = Assert.Single(rig.WeCom.Media, m => m.MediaId == mediaId);
        Assert.EndsWith(".xlsx", media.FileName, StringComparison.Ordinal);
        Assert.Equal("file", media.Type);
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
