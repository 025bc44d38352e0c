namespace Attendance.Data.Privacy;

/// <summary>
/// Consent to location processing (PIPL: a person's whereabouts are sensitive personal information, with consent of
/// their own), kept as a history in <c>location_consents</c>. The punch path asks <see cref="LocalChanges"/> whether a
/// cached answer may be stale.
/// </summary>
public sealed class LocationConsentRepository(ConnectionFactory factory, TimeProvider time)
{
    private readonly ConsentLedger _ledger = new(factory, "location_consents", "location.consent");
    private long _localChanges;

    /// <summary>Counts consents recorded through this instance (see <c>EmployeeRepository.LocalChanges</c>).</summary>
    public long LocalChanges => Interlocked.Read(ref _localChanges);

    public async Task<Consent> RecordAsync(string userId, bool granted, string noticeVersion, string actor,
        CancellationToken cancellationToken = default)
    {
        var consent = await factory.InTransactionAsync((connection, transaction) =>
            _ledger.AppendAsync(connection, transaction, new Consent(userId, granted, noticeVersion, time.GetUtcNow(), actor), cancellationToken),
            cancellationToken);
        Interlocked.Increment(ref _localChanges);
        return consent;
    }

    /// <summary>The current state, or null when the employee never answered.</summary>
    public Task<Consent?> GetAsync(string userId, CancellationToken cancellationToken = default) => _ledger.GetAsync(userId, cancellationToken);

    /// <summary>The whole history, oldest first.</summary>
    public Task<IReadOnlyList<Consent>> HistoryAsync(string userId, CancellationToken cancellationToken = default) =>
        _ledger.HistoryAsync(userId, cancellationToken);
}
