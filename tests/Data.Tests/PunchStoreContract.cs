using Attendance.Data.Outbox;
using Attendance.Data.Punches;
using Attendance.Data.Repositories;
using Attendance.Rules.Punching;

namespace Attendance.Data.Tests;

public abstract class PunchStoreContract(DatabaseProvider provider) : DatabaseTest(provider)
{
    protected StoredPunch Sample(string user, string clientId) => Punch(user, clientId);

    private StoredPunch Punch(string user, string clientId, string hash = "h1", PunchVerdict verdict = PunchVerdict.Accepted, int minute = 52) =>
        new(0, user, clientId, PunchSources.App, PunchKind.In, Time.GetUtcNow().AddMinutes(minute), Time.GetUtcNow().AddMinutes(minute - 1),
            Time.GetUtcNow().AddMinutes(minute), new DateOnly(2026, 3, 2), verdict, null, verdict == PunchVerdict.Accepted ? 0 : 40,
            "上班打卡成功", 31.2304, 121.4737, 15, "gcj02", "31.230400,121.473700", "Office", "0a:1b:2c:3d:4e:5f", "dev-1", "sh-hq", 12,
            false, false, "备注", null, null, hash,
            [new PunchFinding(FindingCodes.LocationInFence, FindingSeverity.Info, "在打卡范围内"), new PunchFinding(FindingCodes.WifiMatch, FindingSeverity.Info, "Wi-Fi 匹配")]);

    [Fact]
    public async Task A_punch_is_stored_once_with_its_findings_replayed_or_refused_as_a_conflict()
    {
        Require();
        var repo = new PunchRepository(Db.Factory);
        var first = await repo.InsertAsync(Punch("wangfang", "c-001"));
        Assert.Equal(PunchInsertOutcome.Created, first.Outcome);
        Assert.True(first.Punch.Id > 0);

        var replay = await repo.InsertAsync(Punch("wangfang", "c-001"));
        Assert.Equal(PunchInsertOutcome.Replayed, replay.Outcome);
        Assert.Equal(first.Punch.Id, replay.Punch.Id);
        Assert.Equal(2, replay.Punch.Findings.Count);
        Assert.Equal("Wi-Fi 匹配", replay.Punch.Findings[1].Message);
        Assert.Equal(Time.GetUtcNow().AddMinutes(52), replay.Punch.ServerTime);
        Assert.Equal(new DateOnly(2026, 3, 2), replay.Punch.WorkDate);

        var conflict = await repo.InsertAsync(Punch("wangfang", "c-001", hash: "h2"));
        Assert.Equal(PunchInsertOutcome.Conflict, conflict.Outcome);
        Assert.Equal(PunchInsertOutcome.Created, (await repo.InsertAsync(Punch("liuyang", "c-001"))).Outcome);
        Assert.Single(await repo.ListForUserAsync("wangfang", new DateOnly(2026, 3, 2)));
    }

    [Fact]
    public async Task Concurrent_submissions_of_one_id_store_one_punch()
    {
        Require();
        var repo = new PunchRepository(Db.Factory);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => repo.InsertAsync(Punch("zhangwei", "same")))));
        Assert.Single(results, r => r.Outcome == PunchInsertOutcome.Created);
        Assert.All(results, r => Assert.NotEqual(PunchInsertOutcome.Conflict, r.Outcome));
        Assert.Single(await repo.ListForUserAsync("zhangwei", new DateOnly(2026, 3, 2)));
    }

    [Fact]
    public async Task A_failure_alongside_rolls_the_punch_back()
    {
        Require();
        var repo = new PunchRepository(Db.Factory);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            repo.InsertAsync(Punch("chenjing", "c-9"), (_, _, _) => throw new InvalidOperationException("injected")));
        Assert.Null(await repo.GetAsync("chenjing", "c-9"));
        Assert.Empty(await repo.ListForWorkDatesAsync(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 3)));
    }

    [Fact]
    public async Task A_burst_commits_together_yet_each_failing_punch_fails_alone()
    {
        Require();
        var repo = new PunchRepository(Db.Factory);
        // Holding SQLite's writer gate makes the whole burst queue up, so the writer commits it in large batches.
        var largest = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "attendance.punch.commit_batch_size")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, size, _, _) => InterlockedMax(ref largest, size));
        listener.Start();
        var gate = Db.Factory.WriteGate;
        if (gate is not null)
        {
            await gate.WaitAsync(TestContext.Current.CancellationToken);
        }

        var tasks = Enumerable.Range(0, 40).Select(i => Task.Run(() => repo.InsertAsync(Punch("u" + (i % 10), "burst-" + i),
            (i % 7) switch
            {
                3 => (_, _, _) => throw new InvalidOperationException("injected"),
                5 => FailInTheDatabase,
                _ => null,
            }))).ToList();
        tasks.AddRange(Enumerable.Range(0, 4).Select(_ => Task.Run(() => repo.InsertAsync(Punch("u0", "burst-0")))));
        await Task.Delay(200, TestContext.Current.CancellationToken);
        gate?.Release();

        var outcomes = new List<string>();
        foreach (var task in tasks)
        {
            try
            {
                outcomes.Add((await task).Outcome.ToString());
            }
            catch (Exception e)
            {
                outcomes.Add(e is InvalidOperationException ? "injected" : "db");
            }
        }

        var failing = Enumerable.Range(0, 40).Where(i => i % 7 is 3 or 5).ToHashSet();
        Assert.Equal(Enumerable.Range(0, 40).Count(i => i % 7 == 3), outcomes.Count(o => o == "injected"));
        Assert.Equal(Enumerable.Range(0, 40).Count(i => i % 7 == 5), outcomes.Count(o => o == "db"));
        Assert.Equal(40 - failing.Count, outcomes.Count(o => o == nameof(PunchInsertOutcome.Created)));
        Assert.Equal(4, outcomes.Count(o => o == nameof(PunchInsertOutcome.Replayed)));
        var stored = await repo.ListForWorkDatesAsync(new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 2));
        Assert.Equal(
            Enumerable.Range(0, 40).Where(i => !failing.Contains(i)).Select(i => "burst-" + i).Order(StringComparer.Ordinal),
            stored.Select(p => p.ClientPunchId).Order(StringComparer.Ordinal));
        Assert.All(stored, p => Assert.Equal(2, p.Findings.Count));
        if (gate is not null)
        {
            Assert.True(largest > 10, $"the queued burst should commit in large batches; the largest was {largest}");
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) != current)
        {
            current = Volatile.Read(ref target);
        }
    }

    private static async Task FailInTheDatabase(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, long id)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO punch_findings (punch_id, ordinal, code, severity, message) VALUES (NULL, 0, NULL, NULL, NULL)";
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Review_punches_count_only_after_approval_and_alerts_commit_with_the_punch()
    {
        Require();
        var repo = new PunchRepository(Db.Factory);
        var outbox = new OutboxRepository(Db.Factory, Time);
        var stored = await repo.InsertAsync(Punch("lina", "r-1", verdict: PunchVerdict.Review), (c, t, id) =>
            outbox.EnqueueAsync(c, t, new OutboxMessage(OutboxChannels.App, "chenjing", "{\"msgtype\":\"text\"}", $"alert:punch:{id}")));
        Assert.True(stored.Punch.AwaitsReview);
        Assert.False(stored.Punch.Counts);
        var reviews = new PunchReviewRepository(Db.Factory, Time);
        Assert.Equal(ReviewWriteOutcome.Done, await reviews.DecideAsync(stored.Punch.Id, PunchDecisions.Approved, "user:chenjing", null, allowChange: false));
        Assert.Equal(ReviewWriteOutcome.AlreadyDone, await reviews.DecideAsync(stored.Punch.Id, PunchDecisions.Rejected, "user:chenjing", "迟了", allowChange: false));
        var after = await repo.GetAsync("lina", "r-1");
        Assert.True(after!.Counts);

        Assert.False(await outbox.EnqueueAsync(new OutboxMessage(OutboxChannels.App, "chenjing", "{}", $"alert:punch:{stored.Punch.Id}")));
        var rows = await outbox.ListAsync(OutboxStates.Pending, 10, 0);
        var row = Assert.Single(rows);
        Assert.Equal("chenjing", row.Target);
        Assert.Equal(0, row.Attempts);
    }

    [Fact]
    public async Task A_review_keeps_one_explanation_a_reason_and_a_later_change_with_both_audited()
    {
        Require();
        var repo = new PunchRepository(Db.Factory);
        var reviews = new PunchReviewRepository(Db.Factory, Time);
        var flagged = (await repo.InsertAsync(Punch("lina", "r-2", verdict: PunchVerdict.Review))).Punch;
        var accepted = (await repo.InsertAsync(Punch("lina", "a-2"))).Punch;

        Assert.Equal(ReviewWriteOutcome.NotFound, await reviews.ExplainAsync(flagged.Id, "zhangwei", "不是我的"));
        Assert.Equal(ReviewWriteOutcome.NotInReview, await reviews.ExplainAsync(accepted.Id, "lina", "正常打卡"));
        Assert.Equal(ReviewWriteOutcome.Done, await reviews.ExplainAsync(flagged.Id, "lina", "手机定位漂移，我在公司"));
        Assert.Equal(ReviewWriteOutcome.AlreadyDone, await reviews.ExplainAsync(flagged.Id, "lina", "再说一次"));
        Assert.Equal(ReviewWriteOutcome.NotInReview, await reviews.DecideAsync(accepted.Id, PunchDecisions.Rejected, "user:chenjing", "x", allowChange: true));

        Assert.Equal(ReviewWriteOutcome.Done, await reviews.DecideAsync(flagged.Id, PunchDecisions.Rejected, "user:zhangwei", "不在公司", allowChange: false));
        Assert.Equal(ReviewWriteOutcome.AlreadyDone, await reviews.ExplainAsync(flagged.Id, "lina", "补充"));
        Assert.Equal(ReviewWriteOutcome.Done, await reviews.DecideAsync(flagged.Id, PunchDecisions.Approved, "user:chenjing", "核实在岗", allowChange: true));

        var note = await reviews.GetNoteAsync(flagged.Id);
        Assert.Equal("手机定位漂移，我在公司", note!.Explanation);
        Assert.Equal("核实在岗", note.DecisionReason);
        var state = (await reviews.GetDecisionsAsync([flagged.Id]))[flagged.Id];
        Assert.Equal((PunchDecisions.Approved, "user:chenjing"), (state.Decision, state.DecidedBy));
        Assert.True((await repo.GetByIdAsync(flagged.Id))!.Counts);
        Assert.Contains(await repo.ListReviewedAsync(decided: true, null, null), p => p.Id == flagged.Id);
        Assert.DoesNotContain(await repo.ListReviewedAsync(decided: false, null, null), p => p.Id == flagged.Id);

        var audit = await new AuditRepository(Db.Factory, Time).ListAsync(new AuditQuery(EntityType: "punch", EntityId: flagged.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(["punch.explain", "punch.decide", "punch.decision.change"], audit.OrderBy(a => a.Id).Select(a => a.Action).ToArray());
    }

    [Fact]
    public async Task A_reason_prompt_is_answered_once_and_not_after_it_expired()
    {
        Require();
        var reviews = new PunchReviewRepository(Db.Factory, Time);
        await reviews.OpenPromptAsync(new ReviewReasonPrompt("zhangwei", 41, "rc-1", Time.GetUtcNow().AddMinutes(10)));
        await reviews.OpenPromptAsync(new ReviewReasonPrompt("zhangwei", 42, "rc-2", Time.GetUtcNow().AddMinutes(10)));
        await reviews.OpenPromptAsync(new ReviewReasonPrompt("lina", 43, null, Time.GetUtcNow().AddMinutes(-1)));

        var taken = await reviews.TakePromptAsync("zhangwei");
        Assert.Equal((42L, "rc-2"), (taken!.PunchId, taken.ResponseCode));
        Assert.Null(await reviews.TakePromptAsync("zhangwei"));
        Assert.Null(await reviews.TakePromptAsync("lina"));
    }

    [Fact]
    public async Task Punches_of_a_date_range_come_back_by_user_and_time_with_their_findings()
    {
        Require();
        var repo = new PunchRepository(Db.Factory);
        await repo.InsertAsync(Punch("b-user", "2", minute: 600));
        await repo.InsertAsync(Punch("b-user", "1", minute: 30));
        await repo.InsertAsync(Punch("a-user", "1", minute: 45));
        var all = await repo.ListForWorkDatesAsync(new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 2));
        Assert.Equal(["a-user:1", "b-user:1", "b-user:2"], all.Select(p => $"{p.UserId}:{p.ClientPunchId}"));
        Assert.All(all, p => Assert.Equal(2, p.Findings.Count));
    }
}

public sealed class SqlitePunchStoreTests() : PunchStoreContract(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task A_caller_giving_up_while_queued_neither_fails_the_batch_nor_abandons_its_punch()
    {
        var repo = new PunchRepository(Db.Factory);
        var gate = Db.Factory.WriteGate!;
        await gate.WaitAsync(TestContext.Current.CancellationToken);
        using var giveUp = new CancellationTokenSource();
        var tasks = Enumerable.Range(0, 6).Select(i => Task.Run(() => repo.InsertAsync(Sample("u" + i, "q-" + i), null,
            i == 2 ? giveUp.Token : CancellationToken.None))).ToList();
        await Task.Delay(200, TestContext.Current.CancellationToken);
        await giveUp.CancelAsync();
        gate.Release();

        // Every caller, the one that gave up included, gets the stored answer: a queued punch is never half-abandoned.
        var results = await Task.WhenAll(tasks);
        Assert.All(results, r => Assert.Equal(PunchInsertOutcome.Created, r.Outcome));
        Assert.Equal(6, (await repo.ListForWorkDatesAsync(new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 2))).Count);

        // Cancelled before it queues, nothing is stored.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => repo.InsertAsync(Sample("u9", "q-9"), null, giveUp.Token));
        Assert.Null(await repo.GetAsync("u9", "q-9"));
    }
}

public sealed class PostgresPunchStoreTests() : PunchStoreContract(DatabaseProvider.Postgres);

public sealed class SqlServerPunchStoreTests() : PunchStoreContract(DatabaseProvider.SqlServer);
