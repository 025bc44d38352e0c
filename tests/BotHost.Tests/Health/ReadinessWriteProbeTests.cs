using Npgsql;

namespace Attendance.BotHost.Tests.Health;

/// <summary>/readyz answers 503 while the database refuses writes, and ready again once it takes them (issue #16 item 10).</summary>
public sealed class ReadinessWriteProbeTests
{
    [Fact]
    public async Task Readyz_is_503_while_the_database_is_read_only()
    {
        TestDatabase.RequireOrSkip(DatabaseProvider.Postgres);
        await using var host = await TestHost.StartAsync(DatabaseProvider.Postgres);
        (await host.Client.GetAsync("/readyz")).StatusCode.Should().Be(HttpStatusCode.OK);

        // A read-only database, as a standby or an operator's switch makes it: reads work, writes do not.
        await ReadOnlyAsync(host, true);
        // The ended sessions may first show as unreachable; then reads work and the write probe is refused.
        var refused = await ReadyzUntilAsync(host, HttpStatusCode.ServiceUnavailable, "database refuses writes");
        refused.Should().Contain("PostgresException");
        (await host.Client.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK, "the process itself is alive");

        await ReadOnlyAsync(host, false);
        (await ReadyzUntilAsync(host, HttpStatusCode.OK, "\"ready\"")).Should().Contain("postgres");
    }

    private static async Task ReadOnlyAsync(TestHost host, bool readOnly)
    {
        // From the maintenance database: a session of the test database is read-only itself once the switch is on.
        var database = new NpgsqlConnectionStringBuilder(host.Database.ConnectionString).Database!;
        var builder = new NpgsqlConnectionStringBuilder(host.Database.ConnectionString) { Pooling = false, Database = "postgres" };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var alter = new NpgsqlCommand(
            $"ALTER DATABASE \"{database}\" SET default_transaction_read_only = {(readOnly ? "on" : "off")}", connection);
        await alter.ExecuteNonQueryAsync();
        // Sessions take the setting when they start: end the host's pooled ones so its next connection has it.
        await using var end = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @database", connection);
        end.Parameters.AddWithValue("database", database);
        await end.ExecuteNonQueryAsync();
    }

    private static async Task<string> ReadyzUntilAsync(TestHost host, HttpStatusCode wanted, string text) =>
        (await Eventually.UntilAsync(async () =>
            {
                using var response = await host.Client.GetAsync("/readyz");
                return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            }, r => r.StatusCode == wanted && r.Body.Contains(text, StringComparison.Ordinal), TimeSpan.FromSeconds(30),
            $"/readyz {(int)wanted} with \"{text}\"", r => $"{(int)r.StatusCode} {r.Body}")).Body;
}
