using Attendance.WeCom.Client;
using static Attendance.BotHost.Tests.ScaleOut.HostPair;

namespace Attendance.BotHost.Tests.ScaleOut;

/// <summary>
/// Two host processes sharing one scheduler cluster and one outbox, one of them killed as <c>kill -9</c> kills: each
/// scheduled fire runs on one host and the survivor keeps firing; a message a dying host had handed to WeCom is sent
/// by the other after the lease and still shown once.
/// </summary>
public sealed class TwoProcessFailoverTests
{
    private const string RobotOne = "failover-robot-key-0001";
    private const string RobotTwo = "failover-robot-key-0002";

    [Fact]
    public async Task Each_digest_fire_runs_on_one_host_each_department_gets_it_once_and_the_survivor_keeps_firing()
    {
        // Every 2 s, on both hosts' schedulers (Quartz clustered on PostgreSQL); a node silent for 2 s is presumed dead.
        await using var pair = await HostPair.StartAsync("--Scheduling:Enabled=true", "--Scheduling:Jobs:digest=0/2 * * * * ?",
            "--Scheduling:CheckinInterval=00:00:01");
        pair.WeCom.RobotKeys.Add(RobotOne);
        pair.WeCom.RobotKeys.Add(RobotTwo);
        await AdminOkAsync(pair.A, HttpMethod.Put, "/api/admin/shifts/day",
            new { name = "白班", segments = new[] { new { start = "09:00", end = "18:00" } } });
        await AdminOkAsync(pair.A, HttpMethod.Put, "/api/admin/departments/1", new { name = "总部", digest = new { robotKey = RobotOne } });
        await AdminOkAsync(pair.A, HttpMethod.Put, "/api/admin/departments/2", new { name = "分部", digest = new { robotKey = RobotTwo } });
        await AdminOkAsync(pair.A, HttpMethod.Put, "/api/admin/employees/wangwu", new { name = "王五", departmentIds = new[] { 2 } });
        foreach (var department in new[] { 1, 2 })
        {
            await AdminOkAsync(pair.A, HttpMethod.Post, "/api/admin/assignments", new { departmentId = department, shiftId = "day", from = "2026-01-01" });
        }

        // Yesterday's digest of each department reaches its robot, though every host fires it every 2 s.
        foreach (var robot in new[] { RobotOne, RobotTwo })
        {
            await pair.WeCom.WaitForMessageAsync(m => m.RobotKey == robot, TimeSpan.FromSeconds(60));
        }

        var runs = await Eventually.UntilAsync(() => ScheduledRunsAsync(pair.B), r => r.Count(run => run.Outcome == "succeeded") >= 6,
            TimeSpan.FromSeconds(60), "six scheduled digest runs", Describe, pollInterval: Poll);
        runs.GroupBy(r => r.ScheduledFor).Where(g => g.Count() > 1).Should().BeEmpty("each fire time runs on one host of the cluster");
        await WaitForOutboxDrainedAsync(pair.A);
        foreach (var robot in new[] { RobotOne, RobotTwo })
        {
            var messages = pair.WeCom.Messages.Where(m => m.RobotKey == robot).Select(m => m.Json).ToList();
            messages.Should().NotBeEmpty().And.OnlyHaveUniqueItems($"the digest of {robot}'s department reaches it once");
        }

        // The host that ran the newest fire dies; the other's scheduler recovers it and keeps firing. Only fires after the
        // kill count: the dead host may have run one between the listing and the kill.
        var newest = (await ScheduledRunsAsync(pair.B)).MaxBy(r => r.ScheduledFor)!;
        var dead = pair.ByName(newest.Host);
        var survivor = pair.Other(dead);
        dead.Kill();
        var killedAt = DateTimeOffset.UtcNow;
        var later = await Eventually.UntilAsync(() => ScheduledRunsAsync(survivor),
            r => r.Count(run => run.ScheduledFor > killedAt && run.Outcome == "succeeded") >= 2, TimeSpan.FromSeconds(60),
            "the survivor firing after the kill", Describe, pollInterval: Poll);
        later.Where(r => r.ScheduledFor > killedAt).Select(r => r.Host).Should()
            .OnlyContain(host => host == (ReferenceEquals(survivor, pair.A) ? "host-a" : "host-b"));
        later.GroupBy(r => r.ScheduledFor).Where(g => g.Count() > 1).Should().BeEmpty();
    }

    [Fact]
    public async Task A_message_WeCom_took_from_a_host_killed_before_it_heard_back_is_taken_over_after_the_lease_and_shown_once()
    {
        await using var pair = await HostPair.StartAsync("--Outbox:Lease=00:00:04");
        await AdminOkAsync(pair.A, HttpMethod.Put, "/api/admin/shifts/day",
            new { name = "白班", segments = new[] { new { start = "09:00", end = "18:00" } } });
        await AdminOkAsync(pair.A, HttpMethod.Post, "/api/admin/assignments", new { departmentId = 1, shiftId = "day", from = "2026-01-01" });
        await AdminOkAsync(pair.A, HttpMethod.Put, "/api/admin/departments/1", new { name = "总部", leaderUserIds = new[] { "lina" } });
        var held = pair.WeCom.HoldNextAnswer(Apis.MessageSend);
        // Monday 2026-10-12: lina, on the day shift, did not punch; the digest goes to her as the department's leader.
        await AdminOkAsync(pair.A, HttpMethod.Post, "/api/admin/jobs/digest/trigger", new { date = "2026-10-12", departmentId = 1 });

        // WeCom has taken the digest (it is in lina's chat) and its answer is held: the sender is mid-delivery.
        await held.WaitAsync(TimeSpan.FromSeconds(60));
        pair.WeCom.Messages.Where(m => m.Api == Apis.MessageSend && m.ToUser == "lina").Should().ContainSingle();
        var claimed = (await OutboxAsync(pair.B)).Should().ContainSingle(r => r.GetProperty("state").GetString() == "pending").Which;
        var sender = pair.ByName(claimed.GetProperty("claimedBy").GetString()!);
        var leaseEnd = claimed.GetProperty("claimedUntil").GetDateTimeOffset();
        sender.Kill();

        var survivor = pair.Other(sender);
        var sent = await Eventually.UntilAsync(async () => (await OutboxAsync(survivor)).Single(r => r.GetProperty("id").GetInt64() == claimed.GetProperty("id").GetInt64()),
            row => row.GetProperty("state").GetString() == "sent", TimeSpan.FromSeconds(60), "the survivor sending the row", pollInterval: Poll);
        sent.GetProperty("claimedBy").GetString().Should().Be(ReferenceEquals(survivor, pair.A) ? "host-a" : "host-b");
        sent.GetProperty("sentAt").GetDateTimeOffset().Should().BeOnOrAfter(leaseEnd, "the survivor waits out the dead host's lease");
        pair.WeCom.SuppressedDuplicates.Should().ContainSingle("the survivor's resend reached WeCom, which knew the request");
        pair.WeCom.Messages.Where(m => m.Api == Apis.MessageSend && m.ToUser == "lina").Should().ContainSingle("lina sees the digest once");
    }

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private sealed record Run(string Host, DateTimeOffset ScheduledFor, string Outcome);

    private static string Describe(IReadOnlyList<Run> runs) => string.Join("; ", runs.Take(10));

    private static async Task<IReadOnlyList<Run>> ScheduledRunsAsync(HostProcess host)
    {
        var runs = await AdminOkAsync(host, HttpMethod.Get, "/api/admin/jobs/digest/runs?limit=500");
        return [.. runs.EnumerateArray().Where(r => r.GetProperty("origin").GetString() == "scheduled")
            .Select(r => new Run(r.GetProperty("host").GetString()!, r.GetProperty("scheduledFor").GetDateTimeOffset(), r.GetProperty("outcome").GetString()!))];
    }

    private static async Task<List<JsonElement>> OutboxAsync(HostProcess host) =>
        [.. (await AdminOkAsync(host, HttpMethod.Get, "/api/admin/outbox?limit=50")).EnumerateArray()];
}
