using Attendance.Data.Repositories;

namespace Attendance.BotHost.WeComCallback;

/// <summary>
/// Deletes expired callback dedupe rows hourly so the table stays small. Every host may run it: the delete is
/// idempotent. (The retention-purge Quartz job of the scheduling issue can take this over.)
/// </summary>
public sealed class CallbackDedupePurger(CallbackDedupeRepository dedupe, TimeProvider time, ILogger<CallbackDedupePurger> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var purged = await dedupe.PurgeExpiredAsync(stoppingToken);
                logger.LogDebug("Purged {Count} expired WeCom callback dedupe rows", purged);
            }
            catch (System.Data.Common.DbException e)
            {
                logger.LogWarning(e, "Could not purge expired WeCom callback dedupe rows; will retry in {Interval}", Interval);
            }
        }
    }
}
