using Attendance.BotHost.Configuration;
using Attendance.BotHost.Jobs;
using Attendance.Data.Punches;
using Attendance.Data.Repositories;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Jobs;

/// <summary>
/// <c>retention-purge</c>: deletes punch photos under <c>Attendance:PhotoRoot</c> whose file time is older than
/// <c>Attendance:PhotoRetentionDays</c> (PIPL: kept no longer than needed), clears <c>punches.photo_path</c> for
/// them, and deletes expired WeCom callback dedupe rows.
/// </summary>
public sealed class RetentionPurgeJob(IOptions<AttendanceOptions> attendance, PunchPhotoRepository photos, CallbackDedupeRepository dedupe,
    TimeProvider time, ILogger<RetentionPurgeJob> logger) : IAttendanceJob
{
    public const string Name = "retention-purge";

    public async Task<JobSummary> RunAsync(JobArguments arguments, CancellationToken cancellationToken)
    {
        var options = attendance.Value;
        var root = Path.GetFullPath(options.PhotoRoot);
        var cutoff = time.GetUtcNow().UtcDateTime - TimeSpan.FromDays(options.PhotoRetentionDays);
        var deleted = new List<string>();
        if (Directory.Exists(root))
        {
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (File.GetLastWriteTimeUtc(file) >= cutoff)
                {
                    continue;
                }

                try
                {
                    File.Delete(file);
                    deleted.Add(file);
                }
                catch (IOException e)
                {
                    logger.LogWarning("Could not delete expired photo {File}: {Error}", file, e.Message);
                }
            }
        }

        var cleared = await ClearPhotoPathsAsync(root, deleted, cancellationToken);
        var purged = await dedupe.PurgeExpiredAsync(cancellationToken);
        return JobSummary.Of(("photosDeleted", deleted.Count), ("photoPathsCleared", cleared), ("dedupeRowsPurged", purged));
    }

    /// <summary>Punches may store the path relative to the photo root or absolute; either form is cleared.</summary>
    private Task<long> ClearPhotoPathsAsync(string root, List<string> files, CancellationToken cancellationToken) =>
        photos.ClearAsync(files.SelectMany(f => new[] { f, Path.GetRelativePath(root, f), Path.GetRelativePath(root, f).Replace('\\', '/') })
            .Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
}
