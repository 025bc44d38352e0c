using Attendance.BotHost.Digests;
using Attendance.Rules.Digests;
using Attendance.Rules.Directory;
using Attendance.Rules.Schedule;
using Attendance.WeCom.Client;
using Attendance.WeCom.Models;

namespace Attendance.BotHost.Tests.Digests;

/// <summary>A digest published twice reaches the robot, the app chat and each leader once, through the real sender.</summary>
public sealed class DigestPublisherTests : IAsyncLifetime
{
    private const string RobotKey = "digest-robot-key-0001";
    private WeComSimulator _wecom = null!;
    private TestHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _wecom = await WeComSimulator.StartAsync();
        _host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, false,
            ["--Scheduling:Enabled=false", "--Outbox:PollInterval=00:00:00.100",
            .. _wecom.HostArgs()]);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _wecom.DisposeAsync();
    }

    [Fact]
    public async Task Publishing_twice_sends_every_part_once_to_robot_chat_and_leaders()
    {
        await _host.Services.GetRequiredService<WeComClient>().ExecuteCgiBinAppChatCreateAsync(
            new CgiBinAppChatCreateRequest { ChatId = "rdchat01", Name = "研发部考勤", Owner = "zhangwei", UserList = ["zhangwei", "lina"] });
        var department = new Department(2, "研发部", 1, ["lina", "zhangwei"], new DigestSettings(RobotKey, "rdchat01", null, null));
        var rows = Enumerable.Range(1, 120).Select(i => new DigestRow($"员工{i}", $"user{i:000}", DayStatus.Late, DayAnomalies.Late, LateMinutes: i)).ToList();
        var input = new DigestInput("研发部", new DateOnly(2026, 3, 9), DigestKind.Full, rows, 130);
        var publisher = _host.Services.GetRequiredService<DigestPublisher>();

        var first = await publisher.PublishAsync(department, input);
        var second = await publisher.PublishAsync(department, input);
        second.Enqueued.Should().Be(0);
        second.AlreadyQueued.Should().Be(first.Enqueued);

        var robotParts = DigestBuilder.Build(input, DigestBuilder.RobotMarkdownMaxBytes).Parts.Count;
        var appParts = DigestBuilder.Build(input, DigestBuilder.AppMarkdownMaxBytes).Parts.Count;
        robotParts.Should().BeGreaterThan(1);
        first.Enqueued.Should().Be(robotParts + 1 + appParts * 3);

        var mention = await _wecom.WaitForMessageAsync(m => m.Api == Apis.WebhookSend && m.MsgType == "text", TimeSpan.FromSeconds(20));
        mention.Json.Should().Contain("user001");
        await _host.WaitForOutboxDrainedAsync();
        var robot = _wecom.Messages.Where(m => m.Api == Apis.WebhookSend && m.MsgType == "markdown").ToList();
        robot.Count.Should().Be(robotParts);
        robot.Should().AllSatisfy(m => m.RobotKey.Should().Be(RobotKey));
        var contents = robot.Select(m => JsonDocument.Parse(m.Json).RootElement.GetProperty("markdown").GetProperty("content").GetString()!).ToList();
        for (var i = 0; i < robotParts; i++)
        {
            contents[i].Should().Contain($"({i + 1}/{robotParts})");
        }

        _wecom.Messages.Count(m => m.Api == Apis.AppChatSend && m.ChatId == "rdchat01").Should().Be(appParts);
        _wecom.Messages.Count(m => m.Api == Apis.MessageSend && m.ToUser == "zhangwei").Should().Be(appParts);
        _wecom.Messages.Count(m => m.Api == Apis.MessageSend && m.ToUser == "lina").Should().Be(appParts);
        _wecom.Messages.Count.Should().Be(first.Enqueued);
    }

    [Fact]
    public void Dedupe_keys_name_department_date_kind_channel_and_part()
    {
        var department = new Department(7, "销售部", null, ["zhaomin"], new DigestSettings("k-1", null, null, null));
        var input = new DigestInput("销售部", new DateOnly(2026, 3, 10), DigestKind.RollCall,
            [new DigestRow("赵敏", "zhaomin", DayStatus.MissingIn, DayAnomalies.MissingIn)], 1);
        var keys = DigestPublisher.Messages(department, input).Select(m => m.DedupeKey).ToList();
        keys.Should().Equal([
            "digest:7:2026-03-10:rollcall:robot:1",
            "digest:7:2026-03-10:rollcall:robot:mention",
            "digest:7:2026-03-10:rollcall:app:zhaomin:1",
        ]);
    }
}
