using System.Text.Json;
using Attendance.Data;
using Microsoft.Extensions.DependencyInjection;
using static Attendance.BotHost.Tests.Punching.PunchTestBed;

namespace Attendance.BotHost.Tests.Face;

/// <summary>
/// The background path: with the pending threshold at 0 every face check is deferred, so each punch is answered at
/// once in review with FACE_PENDING, then completed in the background (verdict and findings replaced in the database,
/// an audit row each) and the leader alerted through the outbox on a mismatch.
/// </summary>
public abstract class FaceBackgroundTests(DatabaseProvider provider)
{
    [Fact]
    public async Task Pending_checks_complete_in_the_background_and_a_mismatch_alerts_the_leader()
    {
        await using var bed = await FaceTestBed.StartAsync(provider, null, "--Face:PendingThreshold=0");
        var own = FaceTestPhotos.Of(FaceTestPhotos.People[0]);
        var other = FaceTestPhotos.Of(FaceTestPhotos.People[1]);
        await bed.EnrolWithConsentAsync("f20a", own[0]);

        var photos = own.Skip(1).Take(6).Select(p => (Photo: p, Same: true)).Concat(other.Take(3).Select(p => (Photo: p, Same: false))).ToList();
        var answers = await Task.WhenAll(photos.Select((p, i) => bed.PunchAsync("f20a", $"load-{i}", p.Photo)));
        foreach (var answer in answers)
        {
            Assert.Equal("review", answer.GetProperty("verdict").GetString());
            Assert.Contains("FACE_PENDING", Codes(answer));
        }

        // Nothing is alerted while the check is pending.
        var ids = answers.Select(a => a.GetProperty("punchId").GetInt64()).ToList();
        var workDate = answers[0].GetProperty("workDate").GetString();
        var final = await WaitUntilCompleteAsync(bed, workDate!, ids.Count);

        for (var i = 0; i < photos.Count; i++)
        {
            var punch = final[ids[i]];
            Assert.DoesNotContain("FACE_PENDING", Codes(punch));
            var alerts = await bed.CountAsync("SELECT COUNT(*) FROM outbox WHERE dedupe_key = @key", new { key = $"review:punch:{ids[i]}:card" });
            if (photos[i].Same)
            {
                Assert.Contains("FACE_MATCH", Codes(punch));
                Assert.Equal("accepted", punch.GetProperty("verdict").GetString());
                Assert.Equal(0, alerts);
            }
            else
            {
                Assert.Contains("FACE_MISMATCH", Codes(punch));
                Assert.Equal("review", punch.GetProperty("verdict").GetString());
                Assert.Equal(1, alerts);
            }
        }

        Assert.Equal(photos.Count, await bed.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'punch.face'"));
        var payload = await bed.CountAsync("SELECT COUNT(*) FROM outbox WHERE target = 'boss' AND dedupe_key LIKE 'review:punch:%'");
        Assert.Equal(3, payload);
    }

    protected static async Task<Dictionary<long, JsonElement>> WaitUntilCompleteAsync(FaceTestBed bed, string workDate, int count)
    {
        var token = await bed.Punches.TokenAsync("f20a");
        var deadline = TimeSpan.FromMinutes(3);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var (_, list, _) = await bed.Punches.SendAsync(bed.Host.Request(HttpMethod.Get, $"/api/me/punches?date={workDate}", null, token));
            var punches = list.EnumerateArray().ToList();
            if (punches.Count == count && punches.All(p => !Codes(p).Contains("FACE_PENDING")))
            {
                // The listing reads rows, then findings: a read that straddled the last completion can pair a stale
                // verdict with fresh findings. Every completion has committed now, so one more read is consistent.
                var (_, settled, _) = await bed.Punches.SendAsync(bed.Host.Request(HttpMethod.Get, $"/api/me/punches?date={workDate}", null, token));
                return settled.EnumerateArray().ToDictionary(p => p.GetProperty("punchId").GetInt64());
            }

            Assert.True(waited.Elapsed < deadline, "background face checks did not complete: " + list);
            await Task.Delay(200);
        }
    }
}

public sealed class FaceBackgroundTestsOnSqlite() : FaceBackgroundTests(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task Checks_still_pending_when_the_host_stops_are_finished_after_it_starts_again()
    {
        await using var bed = await FaceTestBed.StartAsync(DatabaseProvider.Sqlite, null, "--Face:PendingThreshold=0");
        var own = FaceTestPhotos.Of(FaceTestPhotos.People[0]);
        var other = FaceTestPhotos.Of(FaceTestPhotos.People[1]);
        await bed.EnrolWithConsentAsync("f20a", own[0]);

        // Holding SQLite's writer gate right after the answers keeps every background completion from committing, so
        // the host stops with its checks owed (the gate dies with that host; the next one has its own).
        var answers = new List<JsonElement>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add(await bed.PunchAsync("f20a", $"restart-{i}", i == 2 ? other[0] : own[i + 1]));
        }

        var gate = bed.Host.Services.GetRequiredService<ConnectionFactory>().WriteGate!;
        await gate.WaitAsync(TestContext.Current.CancellationToken);
        Assert.All(answers, a => Assert.Contains("FACE_PENDING", Codes(a)));
        var owed = await bed.CountAsync("SELECT COUNT(*) FROM face_pending_checks");
        Assert.True(owed > 0, "the checks should still be owed while the gate is held");

        await bed.Host.RestartAsync();
        var final = await WaitUntilCompleteAsync(bed, answers[0].GetProperty("workDate").GetString()!, answers.Count);
        var ids = answers.Select(a => a.GetProperty("punchId").GetInt64()).ToList();
        Assert.Contains("FACE_MATCH", Codes(final[ids[0]]));
        Assert.Equal("accepted", final[ids[0]].GetProperty("verdict").GetString());
        Assert.Contains("FACE_MISMATCH", Codes(final[ids[2]]));
        Assert.Equal(1, await bed.CountAsync("SELECT COUNT(*) FROM outbox WHERE dedupe_key = @key", new { key = $"review:punch:{ids[2]}:card" }));
        Assert.Equal(0, await bed.CountAsync("SELECT COUNT(*) FROM face_pending_checks"));
    }
}

public sealed class FaceBackgroundTestsOnPostgres() : FaceBackgroundTests(DatabaseProvider.Postgres);
