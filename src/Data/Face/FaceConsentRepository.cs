using Attendance.Data.Privacy;

namespace Attendance.Data.Face;

/// <summary>
/// Consent to face processing (PIPL Art. 29: separate consent for biometric data), kept as a history in
/// <c>face_consents</c>. A withdrawal deletes the template in the same transaction.
/// </summary>
public sealed class FaceConsentRepository(ConnectionFactory factory, TimeProvider time)
{
    private readonly ConsentLedger _ledger = new(factory, "face_consents", "face.consent");

    public Task<Consent> RecordAsync(string userId, bool granted, string noticeVersion, string actor,
        CancellationToken cancellationToken = default) =>
        factory.InTransactionAsync(async (connection, transaction) =>
        {
            var consent = await _ledger.AppendAsync(connection, transaction, new Consent(userId, granted, noticeVersion, time.GetUtcNow(), actor),
                cancellationToken);
            if (!granted)
            {
                await FaceTemplateRepository.DeleteAsync(connection, transaction, consent.RecordedAt, actor, userId, "consent withdrawn");
            }

            return consent;
        }, cancellationToken);

    /// <summary>The current state, or null when the employee never answered.</summary>
    public Task<Consent?> GetAsync(string userId, CancellationToken cancellationToken = default) => _ledger.GetAsync(userId, cancellationToken);

    /// <summary>The whole history, oldest first.</summary>
    public Task<IReadOnlyList<Consent>> HistoryAsync(string userId, CancellationToken cancellationToken = default) =>
        _ledger.HistoryAsync(userId, cancellationToken);

    internal static Task<Consent?> CurrentAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction,
        string userId, ConnectionFactory factory, CancellationToken cancellationToken) =>
        new ConsentLedger(factory, "face_consents", "face.consent").CurrentAsync(connection, transaction, userId, cancellationToken);
}
