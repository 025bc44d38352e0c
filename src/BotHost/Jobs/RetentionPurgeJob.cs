using Attendance.BotHost.Configuration;
using Attendance.BotHost.Jobs;
using Attendance.BotHost.Punching.Photos;
using Attendance.Data.Punches;
using Attendance.Data.Repositories;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Jobs;

/// <summary>
/// <c>retention-purge</c>: deletes punch photos of the photo store written longer ago than
/// <c>Attendance:PhotoRetentionDays</c> (PIPL: kept no longer than needed), clears <c>punches.photo_path</c> for
/// them, deletes expired WeCom callback dedupe rows, and job runs older than <see cref="JobRunRetention"/> (each job's
/// newest run is kept, so the console always shows a last run).
/// </summary>
public sealed class RetentionPurgeJob(IOptions<AttendanceOptions> attendance, IPhotoStore store, PunchPhotoRepository photos, CallbackDedupeRepository dedupe,
    Data.Jobs.JobRunRepository runs, TimeProvider time, ILogger<RetentionPurgeJob> logger) : IAttendanceJob
{
    public const string Name = "retention-purge";

    /// <summary>Half a year of runs answers "did the digest go out on that day" for any recent complaint.</summary>
    public static readonly TimeSpan JobRunRetention = TimeSpan.FromDays(180);

    public async Task<JobSummary> RunAsync(JobArguments arguments, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(attendance.Value.PhotoRetentionDays);
        var deleted = new List<StoredObject>();
        await foreach (var stored in store.ListAsync(cancellationToken))
        {
            if (stored.LastWritten >= cutoff)
            {
                continue;
            }

            try
            {
                await store.DeleteAsync(stored.Path);
                deleted.Add(stored);
            }
            catch (IOException e)
            {
                logger.LogWarning("Could not delete expired photo {Path}: {Error}", stored.Path, e.Message);
            }
        }

        // Each form a row may name a photo by is cleared.
        var cleared = await photos.ClearAsync([.. deleted.SelectMany(o => o.RowNames).Distinct(StringComparer.Ordinal)], cancellationToken);
        var purged = await dedupe.PurgeExpiredAsync(cancellationToken);
        var oldRuns = await runs.PurgeOlderThanAsync(time.GetUtcNow() - JobRunRetention, cancellationToken);
        return JobSummary.Of(("photosDeleted", deleted.Count), ("photoPathsCleared", cleared), ("dedupeRowsPurged", purged), ("jobRunsPurged", oldRuns));
    }
}
