using System.Data.Common;
using Attendance.Data.Repositories;
using Attendance.Rules.Punching;
using Dapper;

namespace Attendance.Data.Face;

/// <summary>Where a punch's photo is, for enrolling from it.</summary>
public sealed record PunchPhotoReference(long PunchId, string UserId, string? PhotoPath, string? PhotoKeyId);

/// <summary>The face side of stored punches: reading a punch's photo reference, and replacing a pending face verdict.</summary>
public sealed class PunchFaceRepository(ConnectionFactory factory, TimeProvider time)
{
    public async Task<PunchPhotoReference?> GetPhotoAsync(long punchId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<PhotoRow>(new CommandDefinition(
            "SELECT id, user_id, photo_path, photo_key_id FROM punches WHERE id = @punchId",
            new { punchId }, cancellationToken: cancellationToken));
        return row is null ? null : new PunchPhotoReference(row.Id, row.UserId, row.PhotoPath, row.PhotoKeyId);
    }

    /// <summary>
    /// Replaces the verdict, risk, message and findings of a punch still waiting for its face check (it carries
    /// FACE_PENDING and no reviewer has decided it), with an audit row and <paramref name="alongside"/> (the leader's
    /// alert) in the same transaction. False when the punch is no longer pending: a reviewer's decision wins.
    /// </summary>
    public Task<bool> CompletePendingAsync(long punchId, PunchVerdict verdict, int riskScore, string message, IReadOnlyList<PunchFinding> findings,
        string actor, string details, Func<DbConnection, DbTransaction, Task>? alongside = null, CancellationToken cancellationToken = default) =>
        factory.InTransactionAsync(async (connection, transaction) =>
        {
            // Owed no longer, whether this completes it or a reviewer already decided it.
            await FacePendingRepository.DeleteAsync(connection, transaction, punchId);
            var updated = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE punches SET verdict = @verdict, risk_score = @riskScore, message = @message WHERE id = @punchId AND decision IS NULL " +
                "AND EXISTS (SELECT 1 FROM punch_findings f WHERE f.punch_id = @punchId AND f.code = @pending)",
                new { punchId, verdict = verdict.ToWire(), riskScore, message, pending = FindingCodes.FacePending }, transaction,
                cancellationToken: cancellationToken));
            if (updated == 0)
            {
                return false;
            }

            await connection.ExecuteAsync("DELETE FROM punch_findings WHERE punch_id = @punchId", new { punchId }, transaction);
            await connection.ExecuteAsync(
                "INSERT INTO punch_findings (punch_id, ordinal, code, severity, message) VALUES (@punch_id, @ordinal, @code, @severity, @message)",
                findings.Select((f, i) => new { punch_id = punchId, ordinal = i, code = f.Code, severity = f.Severity.ToWire(), message = f.Message }),
                transaction);
            await AuditRepository.AppendAsync(connection, transaction, time.GetUtcNow(), actor, "punch.face", "punch",
                punchId.ToString(System.Globalization.CultureInfo.InvariantCulture), details);
            if (alongside is not null)
            {
                await alongside(connection, transaction);
            }

            return true;
        }, cancellationToken);

    private sealed class PhotoRow
    {
        public long Id { get; init; }

        public string UserId { get; init; } = "";

        public string? PhotoPath { get; init; }

        public string? PhotoKeyId { get; init; }
    }
}
