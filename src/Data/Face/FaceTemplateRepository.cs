using System.Data.Common;
using Attendance.Data.Repositories;
using Dapper;

namespace Attendance.Data.Face;

/// <summary>An enrolled template as stored: the encrypted bytes and the id of the key that encrypted them.</summary>
public sealed record StoredFaceTemplate(string UserId, byte[] Encrypted, string KeyId, string Source, DateTimeOffset EnrolledAt, string EnrolledBy);

public enum FaceEnrolOutcome
{
    Enrolled,
    NoConsent,
}

/// <summary>
/// At most one template per employee. Saving checks the current consent inside the same transaction, so an
/// enrolment racing a withdrawal can never leave a template behind; every save and delete writes an audit row.
/// </summary>
public sealed class FaceTemplateRepository(ConnectionFactory factory, TimeProvider time)
{
    private static readonly string[] Columns = ["user_id", "template", "key_id", "source", "enrolled_at", "enrolled_by"];

    public Task<FaceEnrolOutcome> SaveAsync(string userId, byte[] encrypted, string keyId, string source, string actor,
        CancellationToken cancellationToken = default) =>
        factory.InTransactionAsync(async (connection, transaction) =>
        {
            if (await FaceConsentRepository.CurrentAsync(connection, transaction, userId, factory, cancellationToken) is not { Granted: true })
            {
                return FaceEnrolOutcome.NoConsent;
            }

            var now = time.GetUtcNow();
            await connection.ExecuteAsync(new CommandDefinition(factory.Dialect.Upsert("face_templates", ["user_id"], Columns),
                new { user_id = userId, template = encrypted, key_id = keyId, source, enrolled_at = now, enrolled_by = actor },
                transaction, cancellationToken: cancellationToken));
            await AuditRepository.AppendAsync(connection, transaction, now, actor, "face.template.enrol", "employee", userId,
                DataJson.Serialize(new { source, keyId }));
            return FaceEnrolOutcome.Enrolled;
        }, cancellationToken);

    public async Task<StoredFaceTemplate?> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TemplateRow>(new CommandDefinition(
            $"SELECT {string.Join(", ", Columns)} FROM face_templates WHERE user_id = @userId", new { userId }, cancellationToken: cancellationToken));
        return row?.ToTemplate();
    }

    public Task<bool> DeleteAsync(string userId, string actor, string reason, CancellationToken cancellationToken = default) =>
        factory.InTransactionAsync((connection, transaction) =>
            DeleteAsync(connection, transaction, time.GetUtcNow(), actor, userId, reason), cancellationToken);

    /// <summary>
    /// Deletes inside a caller's transaction (consent withdrawal, an employee leaving), with its audit row when there
    /// was a template; false when there was none.
    /// </summary>
    public static async Task<bool> DeleteAsync(DbConnection connection, DbTransaction transaction, DateTimeOffset at, string actor,
        string userId, string reason)
    {
        var deleted = await connection.ExecuteAsync("DELETE FROM face_templates WHERE user_id = @userId", new { userId }, transaction) > 0;
        if (deleted)
        {
            await AuditRepository.AppendAsync(connection, transaction, at, actor, "face.template.delete", "employee", userId,
                DataJson.Serialize(new { reason }));
        }

        return deleted;
    }

    private sealed class TemplateRow
    {
        public string UserId { get; init; } = "";

        public byte[] Template { get; init; } = [];

        public string KeyId { get; init; } = "";

        public string Source { get; init; } = "";

        public DateTimeOffset EnrolledAt { get; init; }

        public string EnrolledBy { get; init; } = "";

        public StoredFaceTemplate ToTemplate() => new(UserId, Template, KeyId, Source, EnrolledAt, EnrolledBy);
    }
}
