using Attendance.BotHost.Jobs;
using Attendance.Data;
using Attendance.Testing.Databases;
using Dapper;
using Quartz;

namespace Attendance.BotHost.Tests.Scheduling;

/// <summary>Quartz on the AdoJobStore of each database: starts on the migrated schema and persists the job triggers.</summary>
public abstract class SchedulerStartContract(DatabaseProvider provider)
{
    [Fact]
    public async Task The_scheduler_starts_on_the_migrated_schema_and_stores_the_job_triggers()
    {
        TestDatabase.RequireOrSkip(provider);
        await using var host = await TestHost.StartAsync(provider);
        var scheduler = await WaitForSchedulerAsync(host);

        Assert.Equal("attendance", scheduler.SchedulerName);
        if (provider == DatabaseProvider.Sqlite)
        {
            Assert.Equal("NON_CLUSTERED", scheduler.SchedulerInstanceId);
        }
        else
        {
            Assert.NotEqual("NON_CLUSTERED", scheduler.SchedulerInstanceId);
        }

        var trigger = Assert.IsAssignableFrom<ICronTrigger>(await scheduler.GetTrigger(new TriggerKey("directory-sync", JobScheduleSetup.Group)));
        Assert.Equal("0 0 2 * * ?", trigger.CronExpressionString);
        Assert.Equal(CronTriggerMisfireInstruction.FireAndProceed, trigger.MisfireInstruction);
        var purge = Assert.IsAssignableFrom<ICronTrigger>(await scheduler.GetTrigger(new TriggerKey("retention-purge", JobScheduleSetup.Group)));
        Assert.Equal(CronTriggerMisfireInstruction.DoNothing, purge.MisfireInstruction);
        Assert.Null(await scheduler.GetTrigger(new TriggerKey("wecom-checkin-push", JobScheduleSetup.Group)));
        var finalize = Assert.IsAssignableFrom<ICronTrigger>(await scheduler.GetTrigger(new TriggerKey("finalize-days", JobScheduleSetup.Group)));
        Assert.Equal("0 15 4,12 * * ?", finalize.CronExpressionString);
        var digest = Assert.IsAssignableFrom<ICronTrigger>(await scheduler.GetTrigger(new TriggerKey("digest", JobScheduleSetup.Group)));
        Assert.Equal("0 30 9 * * ?", digest.CronExpressionString);

        await using (var connection = await host.Database.Factory.OpenAsync())
        {
            Assert.Equal(4, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM qrtz_triggers WHERE trigger_group = 'attendance'"));
        }

        // A restart finds its triggers in the database and keeps them (their misfire state with them).
        var next = trigger.NextFireTimeUtc;
        await host.RestartAsync();
        var again = await WaitForSchedulerAsync(host);
        var kept = await again.GetTrigger(new TriggerKey("directory-sync", JobScheduleSetup.Group));
        Assert.Equal(next, kept!.NextFireTimeUtc);
    }

    internal static async Task<IScheduler> WaitForSchedulerAsync(TestHost host)
    {
        var schedulerHost = host.Services.GetRequiredService<SchedulerHost>();
        for (var i = 0; i < 200 && schedulerHost.Scheduler is null; i++)
        {
            await Task.Delay(50);
        }

        return schedulerHost.Scheduler ?? throw new TimeoutException("the scheduler did not start");
    }
}

public sealed class SqliteSchedulerStartTests() : SchedulerStartContract(DatabaseProvider.Sqlite);

public sealed class PostgresSchedulerStartTests() : SchedulerStartContract(DatabaseProvider.Postgres);

public sealed class SqlServerSchedulerStartTests() : SchedulerStartContract(DatabaseProvider.SqlServer);
