using Attendance.Data.Repositories;
using Dapper;

namespace Attendance.Data.Outbox;

/// <summary>
/// The sender's side of the outbox: claim due rows under a lease, then record what happened to each. Updates check
/// the claim, so a host whose lease ran out (and whose rows another host re-claimed) cannot overwrite the outcome.
/// </summary>
public sealed class OutboxDeliveryRepository(ConnectionFactory factory, TimeProvider time)
{
    public const int MaxErrorLength = 200;

    public async Task<IReadOnlyList<OutboxRow>> ClaimAsync(string owner, TimeSpan lease, int batch, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<OutboxRowData>(new CommandDefinition(OutboxClaimSql.For(factory.Dialect),
            new { owner, until = now + lease, now, batch }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToRow()).OrderBy(r => r.NextAttemptAt).ThenBy(r => r.Id)];
    }

    public async Task MarkSentAsync(IReadOnlyCollection<long> ids, string owner, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE outbox SET state = 'sent', sent_at = @now, claimed_until = NULL, attempts = attempts + 1 " +
            "WHERE id = @id AND claimed_by = @owner",
            ids.Select(id => new { id, owner, now = time.GetUtcNow() }), cancellationToken: cancellationToken));
    }

    /// <summary>Back to pending until <paramref name="nextAttemptAt"/>; <paramref name="failed"/> counts an attempt.</summary>
    public async Task RescheduleAsync(long id, string owner, DateTimeOffset nextAttemptAt, bool failed, string? error, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE outbox SET next_attempt_at = @next, claimed_by = NULL, claimed_until = NULL, attempts = attempts + @add, " +
            "last_error = COALESCE(@error, last_error) WHERE id = @id AND claimed_by = @owner",
            new { id, owner, next = nextAttemptAt, add = failed ? 1 : 0, error = Clip(error) }, cancellationToken: cancellationToken));
    }

    public async Task ParkAsync(long id, string owner, string reason, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE outbox SET state = 'parked', claimed_until = NULL, attempts = attempts + 1, last_error = @reason " +
            "WHERE id = @id AND claimed_by = @owner",
            new { id, owner, reason = Clip(reason) }, cancellationToken: cancellationToken));
    }

    /// <summary>Gives claimed rows back untouched (WeCom unconfigured, or the host is stopping).</summary>
    public async Task ReleaseAsync(IReadOnlyCollection<long> ids, string owner, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE id = @id AND claimed_by = @owner",
            ids.Select(id => new { id, owner }), cancellationToken: cancellationToken));
    }

    /// <summary>Send times of rows to one target since <paramref name="since"/>, oldest first (for per-target limits).</summary>
    public async Task<IReadOnlyList<DateTimeOffset>> SentSinceAsync(string channel, string target, DateTimeOffset since, string? dedupePrefix = null,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var sql = "SELECT sent_at FROM outbox WHERE channel = @channel AND target = @target AND state = 'sent' AND sent_at >= @since" +
                  (dedupePrefix is null ? "" : " AND dedupe_key LIKE @prefix") + " ORDER BY sent_at";
        var rows = await connection.QueryAsync<DateTimeOffset>(new CommandDefinition(sql,
            new { channel, target, since, prefix = dedupePrefix + "%" }, cancellationToken: cancellationToken));
        return [.. rows];
    }

    public async Task<OutboxRow?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<OutboxRowData>(new CommandDefinition(
            "SELECT id, channel, target, payload, dedupe_key, state, attempts, next_attempt_at, sent_at, last_error, created_at FROM outbox WHERE id = @id",
            new { id }, cancellationToken: cancellationToken));
        return row?.ToRow();
    }

    /// <summary>
    /// An administrator's retry of a parked row: back to pending, due now, with its attempts counted from zero again
    /// (so it gets the full backoff before it could park again). <c>last_error</c> stays, so the row still says why it
    /// was parked until the next attempt overwrites it (a send that succeeds leaves it, as for any retried row). Only a
    /// parked row moves: a pending row is already due, and a sent one would reach WeCom twice. The audit row
    /// (<c>outbox.retry</c>) is written in the same transaction.
    /// </summary>
    public async Task<(OutboxRetryOutcome Outcome, OutboxRow? Row)> RetryParkedAsync(long id, string actor, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var moved = await factory.InTransactionAsync(async (connection, transaction) =>
        {
            var changed = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = @now, claimed_by = NULL, claimed_until = NULL " +
                "WHERE id = @id AND state = 'parked'",
                new { id, now }, transaction, cancellationToken: cancellationToken));
            if (changed == 1)
            {
                await AuditRepository.AppendAsync(connection, transaction, now, actor, "outbox.retry", "outbox",
                    id.ToString(System.Globalization.CultureInfo.InvariantCulture), null);
            }

            return changed == 1;
        }, cancellationToken);
        var row = await GetAsync(id, cancellationToken);
        return (row is null ? OutboxRetryOutcome.NotFound : moved ? OutboxRetryOutcome.Retried : OutboxRetryOutcome.NotParked, row);
    }

    private static string? Clip(string? text) => text is { Length: > MaxErrorLength } ? text[..MaxErrorLength] : text;
}

internal sealed class OutboxRowData
{
    public long Id { get; init; }

    public string Channel { get; init; } = "";

    public string Target { get; init; } = "";

    public string Payload { get; init; } = "";

    public string DedupeKey { get; init; } = "";

    public string State { get; init; } = "";

    public int Attempts { get; init; }

    public DateTimeOffset NextAttemptAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public string? ClaimedBy { get; init; }

    public DateTimeOffset? ClaimedUntil { get; init; }

    public OutboxRow ToRow() => new(Id, Channel, Target, Payload, DedupeKey, State, Attempts, NextAttemptAt, SentAt, LastError, CreatedAt, ClaimedBy,
        ClaimedUntil);
}

public enum OutboxRetryOutcome
{
    Retried,
    NotFound,
    NotParked,
}
