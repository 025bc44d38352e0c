using Attendance.BotHost.Digests;
using Attendance.Rules.Digests;
using Attendance.Rules.Directory;
using Attendance.Rules.Schedule;
using Attendance.WeCom.Client;

namespace Attendance.BotHost.Tests.Digests;

/// <summary>
/// Two hosts on one PostgreSQL, both publishing the same digest (as when the digest fires on each) with both outbox
/// senders and clustered schedulers running: exactly one set of messages reaches WeCom.
/// </summary>
public sealed class TwoHostDigestTests
{
    [Fact]
    public async Task The_same_digest_from_two_hosts_reaches_WeCom_once()
    {
        TestDatabase.RequireOrSkip(DatabaseProvider.Postgres);
        await using var wecom = await WeComSimulator.StartAsync();
        string[] settings =
        [
            "--Outbox:PollInterval=00:00:00.050", "--Outbox:BatchSize=3", "--Outbox:RobotPerMinute=1000", "--Outbox:MemberPerMinute=1000",
            .. wecom.HostArgs(),
        ];
        await using var first = await TestHost.StartAsync(DatabaseProvider.Postgres, false, [.. settings, "--Outbox:HostName=host-1"]);
        await using var second = HostProgram.Build([.. first.Args, "--Outbox:HostName=host-2"]);
        await HostProgram.PrepareAsync(second, demo: false);
        await second.StartAsync();
        try
        {
            var leaders = Enumerable.Range(1, 6).Select(i => $"leader{i}").ToList();
            var department = new Department(5, "生产部", 1, leaders, new DigestSettings("two-host-robot-key", null, null, null));
            var rows = Enumerable.Range(1, 200).Select(i => new DigestRow($"工人{i}", $"w{i:000}", DayStatus.Absent, DayAnomalies.Absent)).ToList();
            var input = new DigestInput("生产部", new DateOnly(2026, 3, 9), DigestKind.Full, rows, 200);
            var expected = DigestPublisher.Messages(department, input).Count;

            var results = await Task.WhenAll(
                first.Services.GetRequiredService<DigestPublisher>().PublishAsync(department, input),
                second.Services.GetRequiredService<DigestPublisher>().PublishAsync(department, input));
            results.Sum(r => r.Enqueued).Should().Be(expected);

            // Both hosts share the database, so an empty pending queue means neither has anything left to send.
            await first.WaitForOutboxDrainedAsync(TimeSpan.FromSeconds(30));
            wecom.Messages.Count.Should().Be(expected);
            wecom.Messages.Select(m => (m.Api, m.ToUser, m.RobotKey, m.Json)).Distinct().Count().Should().Be(expected);
            wecom.Messages.Count(m => m.Api == Apis.WebhookSend).Should().Be(DigestBuilder.Build(input, DigestBuilder.RobotMarkdownMaxBytes).Parts.Count + 1);
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
        }
    }
}
