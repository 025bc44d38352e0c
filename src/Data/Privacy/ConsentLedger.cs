using System.Data.Common;
using Attendance.Data.Repositories;
using Dapper;

namespace Attendance.Data.Privacy;

/// <summary>One grant or withdrawal as recorded: server time, the notice version the employee was shown, who recorded it.</summary>
public sealed record Consent(string UserId, bool Granted, string NoticeVersion, DateTimeOffset RecordedAt, string Actor);

/// <summary>
/// A table of consents to one kind of processing (PIPL Art. 29: separate consent for each kind of sensitive personal
/// information). Every change is a new row, so the history stays; the latest row is the current state.
/// </summary>
internal sealed class ConsentLedger(ConnectionFactory factory, string table, string auditPrefix)
{
    /// <summary>Appends the grant or withdrawal and its audit row inside the caller's transaction.</summary>
    public async Task<Consent> AppendAsync(DbConnection connection, DbTransaction transaction, Consent consent, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO {table} (user_id, granted, notice_version, recorded_at, actor) VALUES (@UserId, @Granted, @NoticeVersion, @RecordedAt, @Actor)",
            consent, transaction, cancellationToken: cancellationToken));
        await AuditRepository.AppendAsync(connection, transaction, consent.RecordedAt, consent.Actor,
            consent.Granted ? auditPrefix + ".grant" : auditPrefix + ".withdraw", "employee", consent.UserId,
            DataJson.Serialize(new { noticeVersion = consent.NoticeVersion }));
        return consent;
    }

    /// <summary>The current state, or null when the employee never answered.</summary>
    public async Task<Consent?> GetAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await CurrentAsync(connection, null, userId, cancellationToken);
    }

    /// <summary>The current state as seen inside the caller's transaction.</summary>
    public async Task<Consent?> CurrentAsync(DbConnection connection, DbTransaction? transaction, string userId, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<ConsentRow>(new CommandDefinition(
            $"SELECT user_id, granted, notice_version, recorded_at, actor FROM {table} WHERE user_id = @userId ORDER BY id DESC"
            + factory.Dialect.FirstRows(1),
            new { userId }, transaction, cancellationToken: cancellationToken));
        return row?.ToConsent();
    }

    /// <summary>The whole history, oldest first.</summary>
    public async Task<IReadOnlyList<Consent>> HistoryAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ConsentRow>(new CommandDefinition(
            $"SELECT user_id, granted, notice_version, recorded_at, actor FROM {table} WHERE user_id = @userId ORDER BY id",
            new { userId }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToConsent())];
    }

    private sealed class ConsentRow
    {
        public string UserId { get; init; } = "";

        public bool Granted { get; init; }

        public string NoticeVersion { get; init; } = "";

        public DateTimeOffset RecordedAt { get; init; }

        public string Actor { get; init; } = "";

        public Consent ToConsent() => new(UserId, Granted, NoticeVersion, RecordedAt, Actor);
    }
}
