using Attendance.BotHost.Configuration;
using Attendance.Data.Punches;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Punching.Photos;

/// <summary>
/// Deletes photo files that no punch row names, at start-up and hourly. A photo is written before its row and removed
/// again when the row is not written, but a host killed in between (<c>kill -9</c>, power loss) leaves the file with
/// no row, where the personal-data erasure (which follows the rows) cannot reach it. Only <c>*.aph</c> and
/// <c>*.tmp</c> files last written more than <see cref="MinimumAge"/> ago are candidates, so a punch still in flight on
/// this or another host is never touched; every host may run it, as deleting an old file with no row is idempotent.
/// </summary>
public sealed class PhotoOrphanSweeper(IPhotoStore store, PunchPhotoRepository photos, TimeProvider time,
    ILogger<PhotoOrphanSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan MinimumAge = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private readonly TaskCompletionSource _firstSweep = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the start-up sweep has finished (or failed and was logged).</summary>
    public Task FirstSweep => _firstSweep.Task;

    /// <summary>One sweep of the whole photo store; the number of objects deleted.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - MinimumAge;
        var deleted = 0;
        var batch = new List<StoredObject>();
        await foreach (var stored in store.ListAsync(cancellationToken))
        {
            if (stored.LastWritten < cutoff)
            {
                batch.Add(stored);
            }

            if (batch.Count == PunchPhotoRepository.MaxNames / 2)
            {
                deleted += await SweepBatchAsync(batch, cancellationToken);
                batch.Clear();
            }
        }

        return deleted + await SweepBatchAsync(batch, cancellationToken);
    }

    private async Task<int> SweepBatchAsync(List<StoredObject> batch, CancellationToken cancellationToken)
    {
        var referenced = await photos.ReferencedAsync([.. batch.SelectMany(o => o.RowNames)], cancellationToken);
        var deleted = 0;
        foreach (var stored in batch.Where(o => !o.RowNames.Any(referenced.Contains)))
        {
            try
            {
                await store.DeleteAsync(stored.Path);
                deleted++;
                logger.LogInformation("Deleted orphan photo {Path}: no punch row names it", stored.Path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("Could not delete orphan photo {Path}: {Error}", stored.Path, e.Message);
            }
        }

        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: a large photo root must not delay listening.
        await Task.Yield();
        await SweepLoggedAsync(stoppingToken);
        _firstSweep.TrySetResult();
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await SweepLoggedAsync(stoppingToken);
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _firstSweep.TrySetCanceled(CancellationToken.None);
        return base.StopAsync(cancellationToken);
    }

    private async Task SweepLoggedAsync(CancellationToken stoppingToken)
    {
        try
        {
            var deleted = await SweepAsync(stoppingToken);
            if (deleted > 0)
            {
                logger.LogWarning("Swept {Count} orphan photo files (written, but their punch was never stored)", deleted);
            }
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "The orphan photo sweep failed; it runs again in {Interval}", Interval);
        }
    }
}
