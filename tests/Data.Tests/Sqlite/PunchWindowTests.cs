using Attendance.Data.Sqlite;
using Attendance.Testing.Waiting;
using Microsoft.Data.Sqlite;

namespace Attendance.Data.Tests.Sqlite;

/// <summary>
/// The SQLite host's in-memory anti-cheat history must answer exactly what the SQL would, whether a punch was loaded
/// with the window or added by the writer afterwards, and must notice every change it did not make.
/// </summary>
public sealed class PunchWindowTests() : DatabaseTest(DatabaseProvider.Sqlite)
{
    private static readonly string[] Users = ["u0", "u1", "u2", "u3", "U0", "u5"];
    private static readonly string?[] Devices = ["d0", "d1", "d2", "D0", null];
    private static readonly string[] Fixes = ["31230400:121473700", "31230401:121473700", "30000000:120000000"];

    [Fact]
    public async Task Loaded_and_added_punches_give_the_same_history_as_sql_as_days_pass()
    {
        Require();
        var random = new Random(20261128);
        var window = new PunchWindow(Db.Factory, Time);
        using var plain = new PunchRepository(Db.Factory);
        using var sql = new PunchHistoryRepository(Db.Factory);
        using var windowed = new PunchRepository(Db.Factory, window);

        // Before the window exists (what a restarted host finds), then through the window's writer.
        await InsertRandomAsync(plain, random, "before", 150);
        await window.LoadAsync(TestContext.Current.CancellationToken);
        window.IsLoaded.Should().BeTrue();
        await InsertRandomAsync(windowed, random, "after", 150);
        await AssertSameAsSqlAsync(window, sql);

        // Days later (the window prunes on a new day) and past the 90-day horizon of the first punches.
        foreach (var days in (int[])[1, 40, 60])
        {
            Time.Advance(TimeSpan.FromDays(days));
            await InsertRandomAsync(windowed, random, "day" + days, 60);
            window.IsLoaded.Should().BeTrue("the window's own writes must keep it loaded");
            await AssertSameAsSqlAsync(window, sql);
        }

        // Someone whose only punch (device, fix) is three hours inside the horizon, then hours later with no commit in
        // between (nothing pruned): the horizon is applied when reading, too.
        var edge = Time.GetUtcNow() - PunchHistoryRepository.DeviceMemory + TimeSpan.FromHours(3);
        await windowed.InsertAsync(Punch("edge", "edge-1", edge, "edge-phone", "29000000:119000000"), cancellationToken: TestContext.Current.CancellationToken);
        await windowed.InsertAsync(Punch("u1", "edge-2", edge.AddMinutes(1), "edge-phone", "29000000:119000000"),
            cancellationToken: TestContext.Current.CancellationToken);
        await AssertSameAsSqlAsync(window, sql);
        window.TryRead("edge", Today, Time.GetUtcNow(), "edge-phone", new FixKey(29000000, 119000000), out var inside).Should().BeTrue();
        inside.KnownDeviceIds.Should().Equal(["edge-phone"]);
        inside.Previous.Should().NotBeNull();
        inside.SameFix.Should().ContainSingle(p => p.UserId == "u1");
        for (var hour = 0; hour < 3; hour++)
        {
            Time.Advance(TimeSpan.FromHours(7));
            await AssertSameAsSqlAsync(window, sql);
        }
    }

    [Fact]
    public async Task A_punch_written_by_another_process_is_noticed_at_the_next_commit()
    {
        Require();
        var window = new PunchWindow(Db.Factory, Time);
        using var repo = new PunchRepository(Db.Factory, window);
        await repo.InsertAsync(Punch("u1", "own-1", Time.GetUtcNow(), "d9", null));
        await window.LoadAsync(TestContext.Current.CancellationToken);
        var loaded = window.Version;

        await InsertElsewhereAsync("intruder", "d9");
        await repo.InsertAsync(Punch("u2", "own-2", Time.GetUtcNow(), null, null));

        await WaitForVersionAsync(window, await DatabaseVersionAsync());
        (window.Version > loaded).Should().BeTrue();
        window.TryRead("u1", Today, Time.GetUtcNow(), "d9", null, out var history).Should().BeTrue();
        history.OtherUsersOnDevice.Should().Contain("intruder");
    }

    [Fact]
    public async Task A_punch_written_by_another_process_is_noticed_within_a_second_without_commits()
    {
        Require();
        var window = new PunchWindow(Db.Factory, Time);
        await window.LoadAsync(TestContext.Current.CancellationToken);
        window.TryRead("u1", Today, Time.GetUtcNow(), "d9", null, out var before).Should().BeTrue();
        before.OtherUsersOnDevice.Should().BeEmpty();

        await InsertElsewhereAsync("intruder", "d9");
        Time.Advance(TimeSpan.FromSeconds(2));
        window.TryRead("u1", Today, Time.GetUtcNow(), "d9", null, out _);

        await WaitForVersionAsync(window, await DatabaseVersionAsync());
        window.TryRead("u1", Today, Time.GetUtcNow(), "d9", null, out var after).Should().BeTrue();
        after.OtherUsersOnDevice.Should().Contain("intruder");
    }

    [Fact]
    public async Task Erasing_someone_drops_the_window_and_the_reload_no_longer_knows_them()
    {
        Require();
        var window = new PunchWindow(Db.Factory, Time);
        using var repo = new PunchRepository(Db.Factory, window);
        await window.LoadAsync(TestContext.Current.CancellationToken);
        await repo.InsertAsync(Punch("gone", "g-1", Time.GetUtcNow(), "shared-phone", null));
        window.TryRead("stays", Today, Time.GetUtcNow(), "shared-phone", null, out var before).Should().BeTrue();
        before.OtherUsersOnDevice.Should().Equal(["gone"]);

        await new PersonalDataRepository(Db.Factory, Time, window).EraseAsync("gone", "admin:test", TestContext.Current.CancellationToken);
        window.IsLoaded.Should().BeFalse();
        window.TryRead("stays", Today, Time.GetUtcNow(), "shared-phone", null, out _).Should().BeFalse();

        await WaitForVersionAsync(window, await DatabaseVersionAsync());
        window.TryRead("stays", Today, Time.GetUtcNow(), "shared-phone", null, out var after).Should().BeTrue();
        after.OtherUsersOnDevice.Should().BeEmpty();
    }

    [Fact]
    public async Task A_punch_that_fails_leaves_the_window_loaded_and_unchanged()
    {
        Require();
        var window = new PunchWindow(Db.Factory, Time);
        using var repo = new PunchRepository(Db.Factory, window);
        await repo.InsertAsync(Punch("u3", "before", Time.GetUtcNow(), "d8", null), cancellationToken: TestContext.Current.CancellationToken);
        await window.LoadAsync(TestContext.Current.CancellationToken);
        var version = window.Version;
        version.Should().Be(1);
        await FluentActions.Awaiting(() => repo.InsertAsync(Punch("u1", "fails", Time.GetUtcNow(), "d7", null),
            (_, _, _) => throw new InvalidOperationException("injected"), TestContext.Current.CancellationToken)).Should().ThrowExactlyAsync<InvalidOperationException>();
        window.IsLoaded.Should().BeTrue("a batch that committed nothing must not drop the window");
        window.Version.Should().Be(version);
        // Nor reload it: not at once, nor after the check against the database that this read starts.
        window.TryRead("u2", Today, Time.GetUtcNow(), "d7", null, out var history).Should().BeTrue();
        await window.IdleAsync();
        window.Loads.Should().Be(1);
        history.OtherUsersOnDevice.Should().BeEmpty();
    }

    [Fact]
    public async Task A_history_larger_than_the_limit_turns_the_window_off_and_sql_answers()
    {
        Require();
        var small = new PunchWindow(Db.Factory, Time) { MaxPunches = 10 };
        using var repo = new PunchRepository(Db.Factory, small);
        await InsertRandomAsync(repo, new Random(3), "big", 30);
        await small.LoadAsync(TestContext.Current.CancellationToken);
        small.TooLarge.Should().BeTrue();
        small.TryRead("u1", Today, Time.GetUtcNow(), "d1", null, out _).Should().BeFalse();

        // The repository then reads with SQL and gets the same answer as without a window.
        using var withWindow = new PunchHistoryRepository(Db.Factory, small);
        using var plain = new PunchHistoryRepository(Db.Factory);
        var expected = await plain.LoadAsync("u1", Today, Time.GetUtcNow(), "d1", null, TestContext.Current.CancellationToken);
        var actual = await withWindow.LoadAsync("u1", Today, Time.GetUtcNow(), "d1", null, TestContext.Current.CancellationToken);
        Ordered(actual.Today).Should().Equal(Ordered(expected.Today));
        actual.KnownDeviceIds.Order(StringComparer.Ordinal).Should().Equal(expected.KnownDeviceIds.Order(StringComparer.Ordinal));

        // 0 turns it off: nothing is loaded and nothing is said about a size.
        var off = new PunchWindow(Db.Factory, Time) { MaxPunches = 0 };
        await off.LoadAsync(TestContext.Current.CancellationToken);
        off.Enabled.Should().BeFalse();
        off.IsLoaded.Should().BeFalse();
        off.TooLarge.Should().BeFalse();

        // Growing past the limit through the writer gives up the same way.
        var growing = new PunchWindow(Db.Factory, Time) { MaxPunches = 40 };
        using var writer = new PunchRepository(Db.Factory, growing);
        await growing.LoadAsync(TestContext.Current.CancellationToken);
        growing.IsLoaded.Should().BeTrue();
        await InsertRandomAsync(writer, new Random(4), "more", 30);
        growing.TooLarge.Should().BeTrue();
        growing.IsLoaded.Should().BeFalse();
    }

    private DateOnly Today => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);

    private async Task AssertSameAsSqlAsync(PunchWindow window, PunchHistoryRepository sql)
    {
        var now = Time.GetUtcNow();
        foreach (var user in Users.Append("edge"))
        {
            foreach (var workDate in (DateOnly[])[Today, Today.AddDays(-1)])
            {
                foreach (var device in Devices.Append("edge-phone"))
                {
                    foreach (var fix in Fixes.Append("29000000:119000000").Append(null))
                    {
                        var key = fix is null ? (FixKey?)null : ParseFix(fix);
                        var expected = await sql.LoadAsync(user, workDate, now, device, key, TestContext.Current.CancellationToken);
                        window.TryRead(user, workDate, now, device, key, out var actual).Should().BeTrue("the loaded window must answer");
                        var what = $"{user} {workDate} {device} {fix}";
                        Ordered(actual.Today).Should().Equal(Ordered(expected.Today));
                        (expected.Previous == actual.Previous).Should().BeTrue($"previous differs for {what}");
                        actual.KnownDeviceIds.Order(StringComparer.Ordinal).Should().Equal(expected.KnownDeviceIds.Order(StringComparer.Ordinal));
                        actual.OtherUsersOnDevice.Order(StringComparer.Ordinal).Should().Equal(expected.OtherUsersOnDevice.Order(StringComparer.Ordinal));
                        actual.SameFix.Should().Equal(expected.SameFix);
                    }
                }
            }
        }
    }

    private static List<PriorPunch> Ordered(IReadOnlyList<PriorPunch> punches) =>
        [.. punches.OrderBy(p => p.Time).ThenBy(p => p.UserId, StringComparer.Ordinal)];

    private static FixKey ParseFix(string text)
    {
        var parts = text.Split(':');
        return new FixKey(long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    /// <summary>Punches spread over the last 100 days (some past the horizon), sharing devices and exact fixes.</summary>
    private async Task InsertRandomAsync(PunchRepository repo, Random random, string prefix, int count)
    {
        var now = Time.GetUtcNow();
        var tasks = new List<Task<PunchInsertResult>>();
        for (var i = 0; i < count; i++)
        {
            var age = random.Next(4) switch
            {
                0 => TimeSpan.FromDays(random.Next(2, 100)),
                1 => TimeSpan.FromHours(random.Next(24, 48)),
                _ => TimeSpan.FromMinutes(random.Next(1, 600)),
            };
            // Unique times: the SQL's "latest" is then one row, not any of several.
            var capture = now - age - TimeSpan.FromMilliseconds(i + (prefix.Length * 1000));
            var fix = random.Next(3) == 0 ? Fixes[random.Next(Fixes.Length)] : null;
            var user = Users[random.Next(Users.Length)];
            tasks.Add(repo.InsertAsync(Punch(user, $"{prefix}-{i}", capture, Devices[random.Next(Devices.Length)], fix,
                located: fix is not null || random.Next(2) == 0)));
        }

        // Concurrent, so the writer commits them in batches.
        (await Task.WhenAll(tasks)).Should().AllSatisfy(r => r.Outcome.Should().Be(PunchInsertOutcome.Created));
    }

    private static StoredPunch Punch(string user, string clientId, DateTimeOffset capture, string? device, string? fix, bool located = true)
    {
        var workDate = DateOnly.FromDateTime(capture.UtcDateTime);
        var (lat, lon) = fix is null ? (31.2 + (capture.Ticks % 1000 / 1e5), 121.4) : (ParseFix(fix).LatitudeE6 / 1e6, ParseFix(fix).LongitudeE6 / 1e6);
        return new StoredPunch(0, user, clientId, PunchSources.App, PunchKind.In, capture, null, capture, workDate, PunchVerdict.Accepted, null, 0,
            "上班打卡成功", located ? lat : null, located ? lon : null, located ? 10 : null, located ? "gcj02" : null, located ? fix : null, null, null,
            device, null, null, false, false, null, null, null, "h", []);
    }

    /// <summary>Another process (or a hand edit): its own connection, not this host's writer.</summary>
    private async Task InsertElsewhereAsync(string user, string device)
    {
        await using var connection = new SqliteConnection(Db.Factory.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO punches (user_id, client_punch_id, source, kind, server_time, capture_time, work_date, verdict, risk_score, message,
                device_id, is_field, is_location_exception, payload_hash)
            VALUES (@user, 'elsewhere', 'manual', 'in', @at, @at, @date, 'accepted', 0, '补录', @device, 0, 0, 'x')
            """;
        command.Parameters.AddWithValue("@user", user);
        command.Parameters.AddWithValue("@device", device);
        command.Parameters.AddWithValue("@at", Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("@date", Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private async Task<long> DatabaseVersionAsync()
    {
        await using var connection = await Db.Factory.OpenAsync(TestContext.Current.CancellationToken);
        return await PunchWindow.ReadVersionAsync(connection, null, TestContext.Current.CancellationToken);
    }

    private static Task<long?> WaitForVersionAsync(PunchWindow window, long version) =>
        Eventually.UntilAsync(() =>
        {
            // A dropped window reloads on its next use.
            window.TryRead("nobody", DateOnly.MinValue, DateTimeOffset.UnixEpoch, null, null, out _);
            return Task.FromResult(window.Version);
        }, v => v == version, TimeSpan.FromSeconds(10), $"the window at version {version}", cancellationToken: TestContext.Current.CancellationToken);
}
