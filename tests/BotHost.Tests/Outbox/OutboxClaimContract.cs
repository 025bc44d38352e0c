using Attendance.BotHost.Outbox;
using Attendance.Data.Outbox;

namespace Attendance.BotHost.Tests.Outbox;

/// <summary>Several hosts' senders on one database: every row reaches WeCom exactly once.</summary>
public abstract class OutboxClaimContract(DatabaseProvider provider) : IAsyncLifetime
{
    private SenderRig? _rig;

    private SenderRig Rig => _rig ?? throw new InvalidOperationException("no database");

    public async ValueTask InitializeAsync()
    {
        if (Testing.Databases.TestDatabase.UnavailableReason(provider) is null)
        {
            _rig = await SenderRig.StartAsync(provider);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_rig is not null)
        {
            await _rig.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private async Task EnqueueManyAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Rig.EnqueueAsync(OutboxChannels.App, $"user{i:000}", SenderRig.AppText($"user{i:000}", $"消息{i}"), $"claim:{i}");
        }
    }

    [Fact]
    public async Task Two_senders_claiming_concurrently_send_each_row_exactly_once()
    {
        Testing.Databases.TestDatabase.RequireOrSkip(provider);
        const int count = 80;
        await EnqueueManyAsync(count);
        var options = new OutboxOptions { BatchSize = 7 };
        var senders = new[] { Rig.NewSender(options, "host-a"), Rig.NewSender(new OutboxOptions { BatchSize = 7 }, "host-b") };

        async Task<int> DrainAsync(OutboxSender sender)
        {
            var sent = 0;
            while ((await Rig.RowsAsync(OutboxStates.Pending)).Count > 0)
            {
                sent += (await sender.SendDueAsync()).Sent;
            }

            return sent;
        }

        var results = await Task.WhenAll(senders.Select(s => Task.Run(() => DrainAsync(s))));

        results.Sum().Should().Be(count);
        Rig.WeCom.Messages.Count.Should().Be(count);
        Rig.WeCom.Messages.Select(m => m.ToUser).Distinct().Count().Should().Be(count);
        (await Rig.RowsAsync()).Should().AllSatisfy(r => r.State.Should().Be(OutboxStates.Sent));
    }

    [Fact]
    public async Task A_host_killed_after_claiming_leaves_its_rows_to_another_after_the_lease()
    {
        Testing.Databases.TestDatabase.RequireOrSkip(provider);
        await EnqueueManyAsync(10);
        var lease = TimeSpan.FromSeconds(30);

        // The "killed" host claimed everything and never came back to deliver or release.
        var claimed = await Rig.Store.ClaimAsync("dead-host", lease, 100);
        claimed.Count.Should().Be(10);

        var survivor = Rig.NewSender(new OutboxOptions { Lease = lease }, "survivor");
        (await survivor.SendDueAsync()).Claimed.Should().Be(0);
        Rig.Time.Advance(lease + TimeSpan.FromSeconds(1));
        (await survivor.SendDueAsync()).Sent.Should().Be(10);

        // Should the dead host wake up, its stale claim no longer matches: it cannot mark or reschedule the rows.
        await Rig.Store.RescheduleAsync(claimed[0].Id, "dead-host", Rig.Time.GetUtcNow(), failed: true, "late", CancellationToken.None);
        (await survivor.SendDueAsync()).Claimed.Should().Be(0);
        Rig.WeCom.Messages.Count.Should().Be(10);
        Rig.WeCom.Messages.Select(m => m.ToUser).Distinct().Count().Should().Be(10);
        (await Rig.RowsAsync()).Should().AllSatisfy(r => r.State.Should().Be(OutboxStates.Sent));
    }
}

public sealed class SqliteOutboxClaimTests() : OutboxClaimContract(DatabaseProvider.Sqlite);

public sealed class PostgresOutboxClaimTests() : OutboxClaimContract(DatabaseProvider.Postgres);

public sealed class SqlServerOutboxClaimTests() : OutboxClaimContract(DatabaseProvider.SqlServer);
