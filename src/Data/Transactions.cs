using System.Data.Common;

namespace Attendance.Data;

public static class Transactions
{
    /// <summary>Runs <paramref name="work"/> in one transaction on a fresh connection, committing when it returns.</summary>
    public static async Task<T> InTransactionAsync<T>(this ConnectionFactory factory,
        Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        var gate = factory.WriteGate;
        if (gate is not null)
        {
            await gate.WaitAsync(cancellationToken);
        }

        try
        {
            await using var connection = await factory.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            gate?.Release();
        }
    }
}

/// <summary>What an idempotent PUT did.</summary>
public enum UpsertOutcome
{
    Created,
    Updated,
    Unchanged,
}
