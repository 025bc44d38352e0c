using Attendance.Data.Outbox;
using Dapper;

namespace Attendance.BotHost.Tests.Outbox;

/// <summary><c>POST /api/admin/outbox/{id}/retry</c> over real HTTP: only a parked row moves, and the move is audited.</summary>
public abstract class OutboxRetryContract(DatabaseProvider provider) : IAsyncLifetime
{
    private TestHost? _host;

    private TestHost Host => _host ?? throw new InvalidOperationException("no database");

    public async ValueTask InitializeAsync()
    {
        if (Testing.Databases.TestDatabase.UnavailableReason(provider) is null)
        {
            // The sender is off so the rows stay where the test puts them.
            _host = await TestHost.StartAsync(provider, false, "--Scheduling:Enabled=false", "--Outbox:Enabled=false");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private async Task<long> RowInStateAsync(string dedupeKey, string state, int attempts, string? error)
    {
        var outbox = Host.Services.GetRequiredService<OutboxRepository>();
        await outbox.EnqueueAsync(new OutboxMessage(OutboxChannels.App, "wangfang", "{\"touser\":\"wangfang\",\"msgtype\":\"text\",\"text\":{\"content\":\"提醒\"}}", dedupeKey));
        await using var connection = await Host.Database.Factory.OpenAsync();
        var id = await connection.ExecuteScalarAsync<long>("SELECT id FROM outbox WHERE dedupe_key = @dedupeKey", new { dedupeKey });
        await connection.ExecuteAsync("UPDATE outbox SET state = @state, attempts = @attempts, last_error = @error, next_attempt_at = @later WHERE id = @id",
            new { state, attempts, error, id, later = DateTimeOffset.UtcNow.AddDays(3) });
        return id;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement;
    }

    private Task<HttpResponseMessage> RetryAsync(long id) => Host.AdminAsync(HttpMethod.Post, $"/api/admin/outbox/{id}/retry");

    [Fact]
    public async Task A_parked_row_goes_back_to_pending_due_now_with_its_attempts_reset_and_an_audit_row()
    {
        Testing.Databases.TestDatabase.RequireOrSkip(provider);
        var id = await RowInStateAsync("retry:parked", OutboxStates.Parked, 3, "81013 all recipients invalid");
        var before = DateTimeOffset.UtcNow;

        var row = await JsonAsync(await RetryAsync(id), HttpStatusCode.OK);

        row.GetProperty("id").GetInt64().Should().Be(id);
        row.GetProperty("state").GetString().Should().Be(OutboxStates.Pending);
        row.GetProperty("attempts").GetInt32().Should().Be(0);
        row.GetProperty("nextAttemptAt").GetDateTimeOffset().Should().BeCloseTo(before, TimeSpan.FromMinutes(1));
        // Kept until the next attempt, so the console still says why it was parked.
        row.GetProperty("lastError").GetString().Should().Contain("81013");
        var audit = await JsonAsync(await Host.AdminAsync(HttpMethod.Get, $"/api/admin/audit?entityType=outbox&entityId={id}"), HttpStatusCode.OK);
        audit.EnumerateArray().Should().ContainSingle().Which.GetProperty("action").GetString().Should().Be("outbox.retry");

        // A second click finds it pending: nothing to retry.
        var again = await JsonAsync(await RetryAsync(id), HttpStatusCode.Conflict);
        again.GetProperty("detail").GetString().Should().Contain("等待发送");
    }

    [Fact]
    public async Task A_sent_row_is_409_because_retrying_it_would_send_it_twice()
    {
        Testing.Databases.TestDatabase.RequireOrSkip(provider);
        var id = await RowInStateAsync("retry:sent", OutboxStates.Sent, 1, null);

        var problem = await JsonAsync(await RetryAsync(id), HttpStatusCode.Conflict);

        problem.GetProperty("detail").GetString().Should().Contain("已发送");
        problem.GetProperty("state").GetString().Should().Be(OutboxStates.Sent);
        var rows = await JsonAsync(await Host.AdminAsync(HttpMethod.Get, "/api/admin/outbox?state=sent"), HttpStatusCode.OK);
        rows.EnumerateArray().Should().ContainSingle(r => r.GetProperty("id").GetInt64() == id);
        var audit = await JsonAsync(await Host.AdminAsync(HttpMethod.Get, $"/api/admin/audit?entityType=outbox&entityId={id}"), HttpStatusCode.OK);
        audit.EnumerateArray().Should().BeEmpty();
    }

    [Fact]
    public async Task An_unknown_row_is_404()
    {
        Testing.Databases.TestDatabase.RequireOrSkip(provider);
        await JsonAsync(await RetryAsync(987654321), HttpStatusCode.NotFound);
    }
}

public sealed class SqliteOutboxRetryTests() : OutboxRetryContract(DatabaseProvider.Sqlite);

public sealed class PostgresOutboxRetryTests() : OutboxRetryContract(DatabaseProvider.Postgres);
