using System.Data.Common;
using Attendance.Rules.Punching;
using Dapper;

namespace Attendance.Data.Face;

/// <summary>A face check still owed to a stored punch: the punch, its photo, and what the check needs (serialized by the host).</summary>
public sealed record FacePendingCheckRow(long PunchId, string UserId, string PhotoPath, string Snapshot);

/// <summary>
/// The durable side of the background face checks: a row per punch answered with FACE_PENDING, written in the punch's
/// own transaction and deleted in the transaction that completes the check (<see cref="PunchFaceRepository"/>). A host
/// works on a check under a lease (<c>claimed_by</c>, <c>claimed_until</c>); a check with no lease, or whose lease ran
/// out (its host died), is claimed by whichever host runs background checks next.
/// </summary>
public sealed class FacePendingRepository(ConnectionFactory factory)
{
    /// <summary>Records the owed check; claimed by <paramref name="claimedBy"/> until <paramref name="claimedUntil"/>, or by nobody.</summary>
    public static async Task AddAsync(DbConnection connection, DbTransaction transaction, long punchId, string userId, string snapshot,
        DateTimeOffset at, string? claimedBy = null, DateTimeOffset? claimedUntil = null) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO face_pending_checks (punch_id, user_id, snapshot, created_at, claimed_by, claimed_until) " +
            "VALUES (@punchId, @userId, @snapshot, @at, @claimedBy, @claimedUntil)",
            new { punchId, userId, snapshot, at, claimedBy, claimedUntil }, transaction));

    /// <summary>
    /// Claims up to <paramref name="batch"/> owed checks for <paramref name="owner"/> until <paramref name="until"/>:
    /// those with no lease or an expired one, or every one when <paramref name="ignoreLeases"/> (a single host that has
    /// just started: any lease is its own earlier life's). Oldest first. Each claim is a conditional update, so two hosts
    /// sweeping together never both get a check.
    /// </summary>
    public async Task<IReadOnlyList<FacePendingCheckRow>> ClaimOwedAsync(string owner, DateTimeOffset now, DateTimeOffset until, int batch,
        bool ignoreLeases, CancellationToken cancellationToken = default)
    {
        await ForgetSettledAsync(cancellationToken);
        var due = ignoreLeases ? "" : " WHERE c.claimed_until IS NULL OR c.claimed_until < @now";
        await using var connection = await factory.OpenAsync(cancellationToken);
        var candidates = await connection.QueryAsync<OwedRow>(new CommandDefinition(
            "SELECT c.punch_id, c.user_id, p.photo_path, c.snapshot FROM face_pending_checks c JOIN punches p ON p.id = c.punch_id" + due +
            " ORDER BY c.punch_id" + factory.Dialect.Page("batch", "skip"),
            new { now, batch, skip = 0 }, cancellationToken: cancellationToken));
        var claimed = new List<FacePendingCheckRow>();
        foreach (var row in candidates)
        {
            var taken = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE face_pending_checks SET claimed_by = @owner, claimed_until = @until WHERE punch_id = @punchId" +
                (ignoreLeases ? "" : " AND (claimed_until IS NULL OR claimed_until < @now)"),
                new { owner, until, now, punchId = row.PunchId }, cancellationToken: cancellationToken));
            if (taken == 1)
            {
                claimed.Add(new FacePendingCheckRow(row.PunchId, row.UserId, row.PhotoPath, row.Snapshot));
            }
        }

        return claimed;
    }

    /// <summary>
    /// Deletes rows whose punch no longer waits for its face check: decided, erased or purged meanwhile. Correlated per
    /// owed row (a handful), not a scan of the punches, since every host's sweep runs it.
    /// </summary>
    private async Task ForgetSettledAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM face_pending_checks WHERE NOT EXISTS (
                SELECT 1 FROM punches p WHERE p.id = face_pending_checks.punch_id AND p.decision IS NULL AND p.photo_path IS NOT NULL
                AND EXISTS (SELECT 1 FROM punch_findings f WHERE f.punch_id = p.id AND f.code = @pending))
            """, new { pending = FindingCodes.FacePending }, cancellationToken: cancellationToken));
    }

    internal static async Task DeleteAsync(DbConnection connection, DbTransaction transaction, long punchId) =>
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM face_pending_checks WHERE punch_id = @punchId", new { punchId }, transaction));

    private sealed class OwedRow
    {
        public long PunchId { get; init; }

        public string UserId { get; init; } = "";

        public string PhotoPath { get; init; } = "";

        public string Snapshot { get; init; } = "";
    }
}
