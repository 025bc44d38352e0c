using System.Data.Common;
using Attendance.Data.Migrations;
using Quartz;

namespace Attendance.BotHost.Jobs;

/// <summary>
/// Starts the Quartz scheduler once the database is reachable and migrated (so a host waiting for <c>migrate</c>
/// still serves <c>/readyz</c>), applies the job schedules, and on shutdown waits for running jobs to finish.
/// </summary>
public sealed class SchedulerHost(ISchedulerFactory factory, JobScheduleSetup setup, MigrationRunner migrations, TimeProvider time,
    ILogger<SchedulerHost> logger) : BackgroundService
{
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(30);

    private IScheduler? _scheduler;

    /// <summary>The running scheduler, or null while it waits for the database.</summary>
    public IScheduler? Scheduler => _scheduler;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var warned = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (migrations.PendingScripts() is { Count: > 0 } pending)
                {
                    if (!warned)
                    {
                        logger.LogWarning("Scheduler waits for migrations ({Scripts}); run `migrate`", string.Join(", ", pending));
                        warned = true;
                    }
                }
                else
                {
                    var scheduler = await factory.GetScheduler(stoppingToken);
                    await setup.ApplyAsync(scheduler, stoppingToken);
                    await scheduler.Start(stoppingToken);
                    _scheduler = scheduler;
                    logger.LogInformation("Scheduler {Name} started as {Instance}", scheduler.SchedulerName, scheduler.SchedulerInstanceId);
                    return;
                }
            }
            catch (DbException e)
            {
                logger.LogWarning("Scheduler cannot reach the database yet: {Error}", e.Message);
            }

            await Task.Delay(RetryInterval, time, stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_scheduler is { } scheduler)
        {
            // Waits for running jobs, so a digest half-enqueued is finished rather than cut.
            await scheduler.Shutdown(true, cancellationToken);
        }
    }
}
