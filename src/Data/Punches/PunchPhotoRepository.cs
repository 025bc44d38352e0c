using Dapper;

namespace Attendance.Data.Punches;

/// <summary>
/// The punches' photo references, for the jobs that clean the photo store: which of a set of stored names a punch
/// still points at (the orphan sweep), and dropping the references to photos the retention purge deleted.
/// </summary>
public sealed class PunchPhotoRepository(ConnectionFactory factory)
{
    /// <summary>Names per statement: far below every database's parameter limit (SQL Server's is 2,100).</summary>
    public const int MaxNames = 500;

    /// <summary>Those of <paramref name="names"/> that some punch's <c>photo_path</c> equals.</summary>
    public async Task<IReadOnlySet<string>> ReferencedAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken = default)
    {
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        if (names.Count == 0)
        {
            return referenced;
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        foreach (var chunk in names.Chunk(MaxNames))
        {
            referenced.UnionWith(await connection.QueryAsync<string>(new CommandDefinition(
                $"SELECT photo_path FROM punches WHERE {factory.Dialect.InList("photo_path", "chunk")}", new { chunk },
                cancellationToken: cancellationToken)));
        }

        return referenced;
    }

    /// <summary>Clears <c>photo_path</c> on every punch that names one of <paramref name="names"/>; the number of punches changed.</summary>
    public async Task<long> ClearAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken = default)
    {
        long cleared = 0;
        if (names.Count == 0)
        {
            return cleared;
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        foreach (var chunk in names.Chunk(MaxNames))
        {
            cleared += await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE punches SET photo_path = NULL WHERE {factory.Dialect.InList("photo_path", "chunk")}", new { chunk },
                cancellationToken: cancellationToken));
        }

        return cleared;
    }
}
