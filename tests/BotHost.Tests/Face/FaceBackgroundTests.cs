using Attendance.Testing.Faces;
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
        var own = FacePhotos.Photos(FacePhotos.People[0]);
        var other = FacePhotos.Photos(FacePhotos.People[1]);
        await bed.EnrolWithConsentAsync("f20a", own[0]);

        var photos = own.Skip(1).Take(6).Select(p => (Photo: p, Same: true)).Concat(other.Take(3).Select(p => (Photo: p, Same: false))).ToList();
        var answers = await Task.WhenAll(photos.Select((p, i) => bed.PunchAsync("f20a", $"load-{i}", p.Photo)));
        foreach (var answer in answers)
        {
            answer.GetProperty("verdict").GetString().Should().Be("review");
            Codes(answer).Should().Contain("FACE_PENDING");
        }

        // Nothing is alerted while the check is pending.
        var ids = answers.Select(a => a.GetProperty("punchId").GetInt64()).ToList();
        var workDate = answers[0].GetProperty("workDate").GetString();
        var final = await WaitUntilCompleteAsync(bed, workDate!, ids.Count);

        for (var i = 0; i < photos.Count; i++)
        {
            var punch = final[ids[i]];
            Codes(punch).Should().NotContain("FACE_PENDING");
            var alerts = await bed.CountAsync("SELECT COUNT(*) FROM outbox WHERE dedupe_key = @key", new { key = $"review:punch:{ids[i]}:card" });
            if (photos[i].Same)
            {
                Codes(punch).Should().Contain("FACE_MATCH");
                punch.GetProperty("verdict").GetString().Should().Be("accepted");
                alerts.Should().Be(0);
            }
            else
            {
                Codes(punch).Should().Contain("FACE_MISMATCH");
                punch.GetProperty("verdict").GetString().Should().Be("review");
                alerts.Should().Be(1);
            }
        }

        (await bed.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'punch.face'")).Should().Be(photos.Count);
        var payload = await bed.CountAsync("SELECT COUNT(*) FROM outbox WHERE target = 'boss' AND dedupe_key LIKE 'review:punch:%'");
        payload.Should().Be(3);
    }

    protected static async Task<Dictionary<long, JsonElement>> WaitUntilCompleteAsync(FaceTestBed bed, string workDate, int count)
    {
        var token = await bed.Punches.TokenAsync("f20a");
        async Task<JsonElement> ListAsync() =>
            (await bed.Punches.SendAsync(bed.Host.Request(HttpMethod.Get, $"/api/me/punches?date={workDate}", null, token))).Item2;
        await Eventually.UntilAsync(ListAsync,
            list => list.GetArrayLength() == count && list.EnumerateArray().All(p => !Codes(p).Contains("FACE_PENDING")),
            TimeSpan.FromMinutes(3), "background face checks completed");

        // The listing reads rows, then findings: a read that straddled the last completion can pair a stale verdict
        // with fresh findings. Every completion has committed now, so one more read is consistent.
        return (await ListAsync()).EnumerateArray().ToDictionary(p => p.GetProperty("punchId").GetInt64());
    }
}

public sealed class FaceBackgroundTestsOnSqlite() : FaceBackgroundTests(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task Checks_still_pending_when_the_host_stops_are_finished_after_it_starts_again()
    {
        await using var bed = await FaceTestBed.StartAsync(DatabaseProvider.Sqlite, null, "--Face:PendingThreshold=0");
        var own = FacePhotos.Photos(FacePhotos.People[0]);
        var other = FacePhotos.Photos(FacePhotos.People[1]);
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
        answers.Should().AllSatisfy(a => Codes(a).Should().Contain("FACE_PENDING"));
        var owed = await bed.CountAsync("SELECT COUNT(*) FROM face_pending_checks");
        owed.Should().BeGreaterThan(0, "the checks should still be owed while the gate is held");

        await bed.Host.RestartAsync();
        var final = await WaitUntilCompleteAsync(bed, answers[0].GetProperty("workDate").GetString()!, answers.Count);
        var ids = answers.Select(a => a.GetProperty("punchId").GetInt64()).ToList();
        Codes(final[ids[0]]).Should().Contain("FACE_MATCH");
        final[ids[0]].GetProperty("verdict").GetString().Should().Be("accepted");
        Codes(final[ids[2]]).Should().Contain("FACE_MISMATCH");
        (await bed.CountAsync("SELECT COUNT(*) FROM outbox WHERE dedupe_key = @key", new { key = $"review:punch:{ids[2]}:card" })).Should().Be(1);
        (await bed.CountAsync("SELECT COUNT(*) FROM face_pending_checks")).Should().Be(0);
    }
}

public sealed class FaceBackgroundTestsOnPostgres() : FaceBackgroundTests(DatabaseProvider.Postgres);
