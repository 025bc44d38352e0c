using Dapper;

namespace Attendance.Data.Repositories;

/// <summary>Remembers processed WeCom callbacks so that WeCom's retries, on any host, are processed once.</summary>
public sealed class CallbackDedupeRepository(ConnectionFactory factory, TimeProvider time)
{
    public const int MaxKeyLength = 200;

    private static readonly string[] Columns = ["dedupe_key", "received_at", "expires_at"];

    /// <summary>True when this key was not seen (and is now claimed); false for a duplicate delivery.</summary>
    public async Task<bool> TryClaimAsync(string key, TimeSpan keepFor, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(key.Length, MaxKeyLength);
        var now = time.GetUtcNow();
        await using var connection = await factory.OpenAsync(cancellationToken);
        var sql = factory.Dialect.InsertIgnoreDuplicate("wecom_callback_dedupe", Columns, ["dedupe_key"]);
        return await connection.ExecuteAsync(new CommandDefinition(sql,
            new { dedupe_key = key, received_at = now, expires_at = now + keepFor }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Gives a claim back when the message could not be queued, so WeCom's retry is processed.</summary>
    public async Task ReleaseAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM wecom_callback_dedupe WHERE dedupe_key = @key",
            new { key }, cancellationToken: cancellationToken));
    }

    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM wecom_callback_dedupe WHERE expires_at < @now",
            new { now = time.GetUtcNow() }, cancellationToken: cancellationToken));
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM wecom_callback_dedupe", cancellationToken: cancellationToken));
    }
}
