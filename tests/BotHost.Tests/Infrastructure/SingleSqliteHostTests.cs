
namespace Attendance.BotHost.Tests.Infrastructure;

/// <summary>One host per SQLite file (issue #16 item 9): a second host, or a migrate run, is refused with a clear message.</summary>
public sealed class SingleSqliteHostTests
{
    [Fact]
    public async Task A_second_host_on_the_same_SQLite_file_is_refused_until_the_first_stops()
    {
        await using var first = await TestHost.StartAsync(DatabaseProvider.Sqlite);

        await using (var second = HostProgram.Build(first.Args))
        {
            var refused = (await FluentActions.Awaiting(() => HostProgram.PrepareAsync(second, demo: false)).Should().ThrowExactlyAsync<Data.Sqlite.SqliteHostLockedException>()).Which;
            refused.Message.Should().Contain("Another host is already using the SQLite database").And.Contain(".lock").And.Contain("PostgreSQL");
        }

        var migrate = await HostProgram.RunAsync(["migrate", $"--Database:ConnectionString={first.Database.ConnectionString}"]);
        migrate.Should().Be(3, "migrating under a running host is refused too");

        await first.RestartAsync();
        (await first.Client.GetAsync("/healthz")).IsSuccessStatusCode.Should().BeTrue("the lock goes with the host that held it");
    }
}
