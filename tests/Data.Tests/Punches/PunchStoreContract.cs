using Attendance.Data.Outbox;
using Attendance.Testing.Waiting;

namespace Attendance.Data.Tests.Punches;

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
    public async Task Photo_references_are_found_and_cleared_by_name_in_chunks()
    {
        Require();
        using var repo = new PunchRepository(Db.Factory);
        await repo.InsertAsync(Sample("u1", "p-1") with { PhotoPath = "2026/03/02/a.aph" });
        await repo.InsertAsync(Sample("u2", "p-2") with { PhotoPath = "/var/photos/2026/03/02/b.aph" });
        await repo.InsertAsync(Sample("u3", "p-3"));
        var photos = new PunchPhotoRepository(Db.Factory);
        // More names than one statement takes, so the chunking (and each database's list parameter) is used.
        string[] names = [.. Enumerable.Range(0, PunchPhotoRepository.MaxNames + 20).Select(i => $"2026/03/02/none-{i}.aph"),
            "2026/03/02/a.aph", "/var/photos/2026/03/02/b.aph"];

        (await photos.ReferencedAsync(names)).Should().BeEquivalentTo(["2026/03/02/a.aph", "/var/photos/2026/03/02/b.aph"]);
        (await photos.ReferencedAsync([])).Should().BeEmpty();

        (await photos.ClearAsync(names)).Should().Be(2);
        (await photos.ReferencedAsync(names)).Should().BeEmpty();
        (await repo.GetAsync("u1", "p-1"))!.PhotoPath.Should().BeNull();
        (await repo.GetAsync("u3", "p-3")).Should().NotBeNull();
    }

    [Fact]
    public async Task A_punch_is_stored_once_with_its_findings_replayed_or_refused_as_a_conflict()
    {
        Require();
        var repo = new PunchRepository(Db.Factory);
        var first = await repo.InsertAsync(Punch("wangfang", "c-001"));
        first.Outcome.Should().Be(PunchInsertOutcome.Created);
        first.Punch.Id.Should().BeGreaterThan(0);

        var replay = await repo.InsertAsync(Punch("wangfang", "c-001"));
        replay.Outcome.Should().Be(PunchInsertOutcome.Replayed);
        replay.Punch.Id.Should().Be(first.Punch.Id);
        replay.Punch.Findings.Count.Should().Be(2);
        replay.Punch.Findings[1].Message.Should().Be("Wi-Fi 匹配");
        replay.Punch.ServerTime.Should().Be(Time.GetUtcNow().AddMinutes(52));
        replay.Punch.WorkDate.Should().Be(new DateOnly(2026, 3, 2));

        var conflict = await repo.InsertAsync(Punch("wangfang", "c-001", hash: "h2"));
        conflict.Outcome.Should().Be(PunchInsertOutcome.Conflict);
        (await repo.InsertAsync(Punch("liuyang", "c-001"))).Outcome.Should().Be(PunchInsertOutcome.Created);
        (await repo.ListForUserAsync("wangfang", new DateOnly(2026, 3, 2))).Should().ContainSingle();
    }

    [Fact]
    public async Task Concurrent_submissions_of_one_id_store_one_punch()
    {
        Require();
        var repo = new PunchRepository(Db.Factory);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => repo.InsertAsync(Punch("zhangwei", "same")))));
        results.Should().ContainSingle(r => r.Outcome == PunchInsertOutcome.Created);
        results.Should().AllSatisfy(r => r.Outcome.Should().NotBe(PunchInsertOutcome.Conflict));
        (await repo.ListForUserAsync("zhangwei", new DateOnly(2026, 3, 2))).Should().ContainSingle();
    }

    [Fact]
    public async Task A_failure_alongside_rolls_the_punch_back()
    {
        Require();
        var repo = new PunchRepository(Db.Factory);
        await FluentActions.Awaiting(() =>
            repo.InsertAsync(Punch("chenjing", "c-9"), (_, _, _) => throw new InvalidOperationException("injected"))).Should().ThrowExactlyAsync<InvalidOperationException>();
        (await repo.GetAsync("chenjing", "c-9")).Should().BeNull();
        (await repo.ListForWorkDatesAsync(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 3))).Should().BeEmpty();
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
        if (gate is not null)
        {
            // Every punch waits in the group commit's queue before the writer may start: they share batches.
            await WaitForQueuedAsync(repo, tasks.Count);
            gate.Release();
        }

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
        outcomes.Count(o => o == "injected").Should().Be(Enumerable.Range(0, 40).Count(i => i % 7 == 3));
        outcomes.Count(o => o == "db").Should().Be(Enumerable.Range(0, 40).Count(i => i % 7 == 5));
        outcomes.Count(o => o == nameof(PunchInsertOutcome.Created)).Should().Be(40 - failing.Count);
        outcomes.Count(o => o == nameof(PunchInsertOutcome.Replayed)).Should().Be(4);
        var stored = await repo.ListForWorkDatesAsync(new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 2));
        stored.Select(p => p.ClientPunchId).Order(StringComparer.Ordinal).Should().Equal(Enumerable.Range(0, 40).Where(i => !failing.Contains(i)).Select(i => "burst-" + i).Order(StringComparer.Ordinal));
        stored.Should().AllSatisfy(p => p.Findings.Count.Should().Be(2));
        if (gate is not null)
        {
            largest.Should().BeGreaterThan(10, $"the queued burst should commit in large batches; the largest was {largest}");
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
        stored.Punch.AwaitsReview.Should().BeTrue();
        stored.Punch.Counts.Should().BeFalse();
        var reviews = new PunchReviewRepository(Db.Factory, Time);
        (await reviews.DecideAsync(stored.Punch.Id, PunchDecisions.Approved, "user:chenjing", null, allowChange: false)).Should().Be(ReviewWriteOutcome.Done);
        (await reviews.DecideAsync(stored.Punch.Id, PunchDecisions.Rejected, "user:chenjing", "迟了", allowChange: false)).Should().Be(ReviewWriteOutcome.AlreadyDone);
        var after = await repo.GetAsync("lina", "r-1");
        after!.Counts.Should().BeTrue();

        (await outbox.EnqueueAsync(new OutboxMessage(OutboxChannels.App, "chenjing", "{}", $"alert:punch:{stored.Punch.Id}"))).Should().BeFalse();
        var rows = await outbox.ListAsync(OutboxStates.Pending, 10, 0);
        var row = rows.Should().ContainSingle().Which;
        row.Target.Should().Be("chenjing");
        row.Attempts.Should().Be(0);
    }

    [Fact]
    public async Task A_review_keeps_one_explanation_a_reason_and_a_later_change_with_both_audited()
    {
        Require();
        var repo = new PunchRepository(Db.Factory);
        var reviews = new PunchReviewRepository(Db.Factory, Time);
        var flagged = (await repo.InsertAsync(Punch("lina", "r-2", verdict: PunchVerdict.Review))).Punch;
        var accepted = (await repo.InsertAsync(Punch("lina", "a-2"))).Punch;

        (await reviews.ExplainAsync(flagged.Id, "zhangwei", "不是我的")).Should().Be(ReviewWriteOutcome.NotFound);
        (await reviews.ExplainAsync(accepted.Id, "lina", "正常打卡")).Should().Be(ReviewWriteOutcome.NotInReview);
        (await reviews.ExplainAsync(flagged.Id, "lina", "手机定位漂移，我在公司")).Should().Be(ReviewWriteOutcome.Done);
        (await reviews.ExplainAsync(flagged.Id, "lina", "再说一次")).Should().Be(ReviewWriteOutcome.AlreadyDone);
        (await reviews.DecideAsync(accepted.Id, PunchDecisions.Rejected, "user:chenjing", "x", allowChange: true)).Should().Be(ReviewWriteOutcome.NotInReview);

        (await reviews.DecideAsync(flagged.Id, PunchDecisions.Rejected, "user:zhangwei", "不在公司", allowChange: false)).Should().Be(ReviewWriteOutcome.Done);
        (await reviews.ExplainAsync(flagged.Id, "lina", "补充")).Should().Be(ReviewWriteOutcome.AlreadyDone);
        (await reviews.DecideAsync(flagged.Id, PunchDecisions.Approved, "user:chenjing", "核实在岗", allowChange: true)).Should().Be(ReviewWriteOutcome.Done);

        var note = await reviews.GetNoteAsync(flagged.Id);
        note!.Explanation.Should().Be("手机定位漂移，我在公司");
        note.DecisionReason.Should().Be("核实在岗");
        var state = (await reviews.GetDecisionsAsync([flagged.Id]))[flagged.Id];
        ((state.Decision, state.DecidedBy)).Should().Be((PunchDecisions.Approved, "user:chenjing"));
        (await repo.GetByIdAsync(flagged.Id))!.Counts.Should().BeTrue();
        (await repo.ListReviewedAsync(decided: true, null, null)).Should().Contain(p => p.Id == flagged.Id);
        (await repo.ListReviewedAsync(decided: false, null, null)).Should().NotContain(p => p.Id == flagged.Id);

        var audit = await new AuditRepository(Db.Factory, Time).ListAsync(new AuditQuery(EntityType: "punch", EntityId: flagged.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        audit.OrderBy(a => a.Id).Select(a => a.Action).ToArray().Should().Equal(["punch.explain", "punch.decide", "punch.decision.change"]);
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
        ((taken!.PunchId, taken.ResponseCode)).Should().Be((42L, "rc-2"));
        (await reviews.TakePromptAsync("zhangwei")).Should().BeNull();
        (await reviews.TakePromptAsync("lina")).Should().BeNull();
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
        all.Select(p => $"{p.UserId}:{p.ClientPunchId}").Should().Equal(["a-user:1", "b-user:1", "b-user:2"]);
        all.Should().AllSatisfy(p => p.Findings.Count.Should().Be(2));
    }

    protected static Task<int> WaitForQueuedAsync(PunchRepository repo, int count) =>
        Eventually.UntilAsync(() => Task.FromResult(repo.QueuedPunches), n => n == count, TimeSpan.FromSeconds(10), $"{count} punches queued",
            cancellationToken: TestContext.Current.CancellationToken);
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
        await WaitForQueuedAsync(repo, 6);
        await giveUp.CancelAsync();
        gate.Release();

        // Every caller, the one that gave up included, gets the stored answer: a queued punch is never half-abandoned.
        var results = await Task.WhenAll(tasks);
        results.Should().AllSatisfy(r => r.Outcome.Should().Be(PunchInsertOutcome.Created));
        (await repo.ListForWorkDatesAsync(new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 2))).Count.Should().Be(6);

        // Cancelled before it queues, nothing is stored.
        await FluentActions.Awaiting(() => repo.InsertAsync(Sample("u9", "q-9"), null, giveUp.Token)).Should().ThrowAsync<OperationCanceledException>();
        (await repo.GetAsync("u9", "q-9")).Should().BeNull();
    }
}

public sealed class PostgresPunchStoreTests() : PunchStoreContract(DatabaseProvider.Postgres);

public sealed class SqlServerPunchStoreTests() : PunchStoreContract(DatabaseProvider.SqlServer);
