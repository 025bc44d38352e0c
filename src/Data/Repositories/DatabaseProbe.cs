using Dapper;

namespace Attendance.Data.Repositories;

/// <summary>The readiness probe's two questions to the database: does it answer, and does it take a write.</summary>
public sealed class DatabaseProbe(ConnectionFactory factory)
{
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Opens a write transaction and rolls it back: an UPDATE that matches no row still needs a write transaction on
    /// all three databases, so a read-only database refuses it, and nothing changes where it is accepted.
    /// </summary>
    public async Task ProbeWriteAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE schema_versions SET scriptname = scriptname WHERE 1 = 0", transaction: transaction, cancellationToken: cancellationToken));
        await transaction.RollbackAsync(cancellationToken);
    }
}
