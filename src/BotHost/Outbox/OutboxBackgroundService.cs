namespace Attendance.BotHost.Outbox;

/// <summary>Runs <see cref="OutboxSender.SendDueAsync"/> every poll interval, and at once again while batches come back full.</summary>
public sealed class OutboxBackgroundService(OutboxSender sender, OutboxOptions options, TimeProvider time, ILogger<OutboxBackgroundService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.PollInterval, time);
        do
        {
            try
            {
                OutboxPassResult pass;
                do
                {
                    pass = await sender.SendDueAsync(stoppingToken);
                }
                while (pass.Claimed >= options.BatchSize && !stoppingToken.IsCancellationRequested);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // One bad pass (database hiccup, unexpected row) must not stop the host: the next tick retries.
                logger.LogWarning(e, "Outbox pass failed; retrying in {Interval}", options.PollInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
