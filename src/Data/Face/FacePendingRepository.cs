using System.Data.Common;
using Attendance.Rules.Punching;
using Dapper;

namespace Attendance.Data.Face;

/// <summary>A face check still owed to a stored punch: the punch, its photo, and what the check needs (serialized by the host).</summary>
public sealed record FacePendingCheckRow(long PunchId, string UserId, string PhotoPath, string Snapshot);

/// <summary>
/// The durable side of the background face checks: a row per punch answered with FACE_PENDING, written in the punch's
/// own transaction and deleted in the transaction that completes the check (<see cref="PunchFaceRepository"/>).
/// </summary>
public sealed class FacePendingRepository(ConnectionFactory factory)
{
    public static async Task AddAsync(DbConnection connection, DbTransaction transaction, long punchId, string userId, string snapshot,
        DateTimeOffset at) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO face_pending_checks (punch_id, user_id, snapshot, created_at) VALUES (@punchId, @userId, @snapshot, @at)",
            new { punchId, userId, snapshot, at }, transaction));

    internal static async Task DeleteAsync(DbConnection connection, DbTransaction transaction, long punchId) =>
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM face_pending_checks WHERE punch_id = @punchId", new { punchId }, transaction));

    /// <summary>
    /// The checks still owed, oldest first: their punch still carries FACE_PENDING, has its photo and no reviewer's
    /// decision. Rows whose punch was decided, erased or purged meanwhile are deleted here.
    /// </summary>
    public async Task<IReadOnlyList<FacePendingCheckRow>> ListOwedAsync(CancellationToken cancellationToken = default)
    {
        var rows = await factory.InTransactionAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                DELETE FROM face_pending_checks WHERE punch_id NOT IN (
                    SELECT p.id FROM punches p WHERE p.decision IS NULL AND p.photo_path IS NOT NULL
                    AND EXISTS (SELECT 1 FROM punch_findings f WHERE f.punch_id = p.id AND f.code = @pending))
                """, new { pending = FindingCodes.FacePending }, transaction, cancellationToken: cancellationToken));
            return await connection.QueryAsync<OwedRow>(new CommandDefinition(
                "SELECT c.punch_id, c.user_id, p.photo_path, c.snapshot FROM face_pending_checks c JOIN punches p ON p.id = c.punch_id ORDER BY c.punch_id",
                transaction: transaction, cancellationToken: cancellationToken));
        }, cancellationToken);
        return [.. rows.Select(r => new FacePendingCheckRow(r.PunchId, r.UserId, r.PhotoPath, r.Snapshot))];
    }

    private sealed class OwedRow
    {
        public long PunchId { get; init; }

        public string UserId { get; init; } = "";

        public string PhotoPath { get; init; } = "";

        public string Snapshot { get; init; } = "";
    }
}
