using System.Data.Common;
using Attendance.Data.Dialects;
using Dapper;

namespace Attendance.Data.Repositories;

/// <summary>
/// Per employee, the "tokens valid after" stamp (<c>session_revocations</c>): a session token issued at or before it is
/// refused. Written by an explicit revocation, and inside the employee change that deactivates, records a departure
/// or deletes an employee (<see cref="EmployeeRepository"/>). Whole milliseconds, kept exactly by every store.
/// </summary>
public sealed class SessionRevocationRepository(ConnectionFactory factory, TimeProvider time)
{
    private long _localChanges;

    /// <summary>Counts revocations made through this instance, so the request path's cache can tell its entry is stale.</summary>
    public long LocalChanges => Interlocked.Read(ref _localChanges);

    /// <summary>Revokes every session of an existing employee now (audited); false when there is no such employee.</summary>
    public async Task<DateTimeOffset?> RevokeAsync(string userId, string actor, CancellationToken cancellationToken = default)
    {
        var at = await factory.InTransactionAsync(async (connection, transaction) =>
        {
            var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM employees WHERE user_id = @userId", new { userId }, transaction, cancellationToken: cancellationToken)) > 0;
            if (!exists)
            {
                return (DateTimeOffset?)null;
            }

            var now = time.GetUtcNow();
            var stamp = await StampAsync(connection, transaction, factory.Dialect, userId, now);
            await AuditRepository.AppendAsync(connection, transaction, now, actor, "sessions.revoke", "employee", userId,
                DataJson.Serialize(new { validAfter = stamp }));
            return stamp;
        }, cancellationToken);
        if (at is not null)
        {
            Interlocked.Increment(ref _localChanges);
        }

        return at;
    }

    /// <summary>The stamp, or null when the employee's sessions were never revoked.</summary>
    public async Task<DateTimeOffset?> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DateTimeOffset?>(new CommandDefinition(
            "SELECT valid_after FROM session_revocations WHERE user_id = @userId", new { userId }, cancellationToken: cancellationToken));
    }

    /// <summary>Sets the stamp to <paramref name="now"/> (whole milliseconds) inside the caller's transaction.</summary>
    public static async Task<DateTimeOffset> StampAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, string userId,
        DateTimeOffset now)
    {
        var stamp = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        await connection.ExecuteAsync(dialect.Upsert("session_revocations", ["user_id"], ["user_id", "valid_after"]),
            new { user_id = userId, valid_after = stamp }, transaction);
        return stamp;
    }
}
