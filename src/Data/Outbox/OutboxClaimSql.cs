using Attendance.Data.Dialects;

namespace Attendance.Data.Outbox;

/// <summary>
/// The outbox's claim: due, unleased pending rows get this host's name and a lease in one statement, so two hosts
/// never hold the same row. How each database keeps two claims apart is its dialect's
/// (<see cref="SqlDialect.ClaimBatch"/>).
/// </summary>
internal static class OutboxClaimSql
{
    private static readonly string[] Returned =
        ["id", "channel", "target", "payload", "dedupe_key", "state", "attempts", "next_attempt_at", "sent_at", "last_error", "created_at"];

    private const string Due = "state = 'pending' AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until < @now)";

    public static string For(SqlDialect dialect) =>
        dialect.ClaimBatch("outbox", Due, "next_attempt_at, id", "claimed_by = @owner, claimed_until = @until", Returned);
}
