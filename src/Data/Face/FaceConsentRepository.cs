using Attendance.Data.Repositories;
using Dapper;

namespace Attendance.Data.Face;

/// <summary>One grant or withdrawal as recorded: server time, the notice version the employee was shown, who recorded it.</summary>
public sealed record FaceConsent(string UserId, bool Granted, string NoticeVersion, DateTimeOffset RecordedAt, string Actor);

/// <summary>
/// Consent to face processing (PIPL Art. 29: separate consent for biometric data). Every change is a new row, so the
/// history stays; the latest row is the current state. A withdrawal deletes the template in the same transaction.
/// </summary>
public sealed class FaceConsentRepository(ConnectionFactory factory, TimeProvider time)
{
    public Task<FaceConsent> RecordAsync(string userId, bool granted, string noticeVersion, string actor,
        CancellationToken cancellationToken = default) =>
        factory.InTransactionAsync(async (connection, transaction) =>
        {
            var consent = new FaceConsent(userId, granted, noticeVersion, time.GetUtcNow(), actor);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO face_consents (user_id, granted, notice_version, recorded_at, actor) VALUES (@UserId, @Granted, @NoticeVersion, @RecordedAt, @Actor)",
                consent, transaction, cancellationToken: cancellationToken));
            await AuditRepository.AppendAsync(connection, transaction, consent.RecordedAt, actor,
                granted ? "face.consent.grant" : "face.consent.withdraw", "employee", userId,
                DataJson.Serialize(new { noticeVersion }));
            if (!granted)
            {
                await FaceTemplateRepository.DeleteAsync(connection, transaction, consent.RecordedAt, actor, userId, "consent withdrawn");
            }

            return consent;
        }, cancellationToken);

    /// <summary>The current state, or null when the employee never answered.</summary>
    public async Task<FaceConsent?> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await CurrentAsync(connection, null, userId, factory, cancellationToken);
    }

    /// <summary>The whole history, oldest first.</summary>
    public async Task<IReadOnlyList<FaceConsent>> HistoryAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ConsentRow>(new CommandDefinition(
            "SELECT user_id, granted, notice_version, recorded_at, actor FROM face_consents WHERE user_id = @userId ORDER BY id",
            new { userId }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToConsent())];
    }

    internal static async Task<FaceConsent?> CurrentAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction,
        string userId, ConnectionFactory factory, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<ConsentRow>(new CommandDefinition(
            "SELECT user_id, granted, notice_version, recorded_at, actor FROM face_consents WHERE user_id = @userId ORDER BY id DESC"
            + factory.Dialect.Page("limit", "offset"),
            new { userId, limit = 1, offset = 0 }, transaction, cancellationToken: cancellationToken));
        return row?.ToConsent();
    }

    private sealed class ConsentRow
    {
        public string UserId { get; init; } = "";

        public bool Granted { get; init; }

        public string NoticeVersion { get; init; } = "";

        public DateTimeOffset RecordedAt { get; init; }

        public string Actor { get; init; } = "";

        public FaceConsent ToConsent() => new(UserId, Granted, NoticeVersion, RecordedAt, Actor);
    }
}
