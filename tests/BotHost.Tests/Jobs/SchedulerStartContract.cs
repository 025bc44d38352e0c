using Attendance.BotHost.Jobs;
using Dapper;
using Quartz;

namespace Attendance.BotHost.Tests.Jobs;

/// <summary>Quartz on the AdoJobStore of each database: starts on the migrated schema and persists the job triggers.</summary>
public abstract class SchedulerStartContract(DatabaseProvider provider)
{
    [Fact]
    public async Task The_scheduler_starts_on_the_migrated_schema_and_stores_the_job_triggers()
    {
        TestDatabase.RequireOrSkip(provider);
        await using var host = await TestHost.StartAsync(provider);
        var scheduler = await WaitForSchedulerAsync(host);

        scheduler.SchedulerName.Should().Be("attendance");
        if (provider == DatabaseProvider.Sqlite)
        {
            scheduler.SchedulerInstanceId.Should().Be("NON_CLUSTERED");
        }
        else
        {
            scheduler.SchedulerInstanceId.Should().NotBe("NON_CLUSTERED");
        }

        var trigger = (await scheduler.GetTrigger(new TriggerKey("directory-sync", JobScheduleSetup.Group))).Should().BeAssignableTo<ICronTrigger>().Which;
        trigger.CronExpressionString.Should().Be("0 0 2 * * ?");
        trigger.MisfireInstruction.Should().Be(CronTriggerMisfireInstruction.FireAndProceed);
        var purge = (await scheduler.GetTrigger(new TriggerKey("retention-purge", JobScheduleSetup.Group))).Should().BeAssignableTo<ICronTrigger>().Which;
        purge.MisfireInstruction.Should().Be(CronTriggerMisfireInstruction.DoNothing);
        (await scheduler.GetTrigger(new TriggerKey("wecom-checkin-push", JobScheduleSetup.Group))).Should().BeNull();
        var finalize = (await scheduler.GetTrigger(new TriggerKey("finalize-days", JobScheduleSetup.Group))).Should().BeAssignableTo<ICronTrigger>().Which;
        finalize.CronExpressionString.Should().Be("0 15 4,12 * * ?");
        var digest = (await scheduler.GetTrigger(new TriggerKey("digest", JobScheduleSetup.Group))).Should().BeAssignableTo<ICronTrigger>().Which;
        digest.CronExpressionString.Should().Be("0 30 9 * * ?");

        await using (var connection = await host.Database.Factory.OpenAsync())
        {
            (await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM qrtz_triggers WHERE trigger_group = 'attendance'")).Should().Be(4);
        }

        // A restart finds its triggers in the database and keeps them (their misfire state with them).
        var next = trigger.NextFireTimeUtc;
        await host.RestartAsync();
        var again = await WaitForSchedulerAsync(host);
        var kept = await again.GetTrigger(new TriggerKey("directory-sync", JobScheduleSetup.Group));
        kept!.NextFireTimeUtc.Should().Be(next);
    }

    internal static async Task<IScheduler> WaitForSchedulerAsync(TestHost host)
    {
        var schedulerHost = host.Services.GetRequiredService<SchedulerHost>();
        return (await Eventually.UntilAsync(() => Task.FromResult(schedulerHost.Scheduler), s => s is not null, TimeSpan.FromSeconds(10),
            "the scheduler started"))!;
    }
}

public sealed class SqliteSchedulerStartTests() : SchedulerStartContract(DatabaseProvider.Sqlite);

public sealed class PostgresSchedulerStartTests() : SchedulerStartContract(DatabaseProvider.Postgres);

public sealed class SqlServerSchedulerStartTests() : SchedulerStartContract(DatabaseProvider.SqlServer);
