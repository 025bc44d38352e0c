using Attendance.BotHost.Jobs;
using Attendance.Data.Repositories;
using Quartz;

namespace Attendance.BotHost.Tests.Jobs;

/// <summary>A per-department trigger (as digests use) fires its job through Quartz with the department as argument.</summary>
public sealed class DepartmentTriggerTests
{
    [Fact]
    public async Task A_department_trigger_runs_the_job_for_that_department()
    {
        await using var wecom = await WeComSimulator.StartAsync();
        await using var host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, false,
            wecom.HostArgs());
        wecom.AddDepartment(new SimulatedDepartment(1, "总公司", 0));
        wecom.AddDepartment(new SimulatedDepartment(2, "研发部", 1));
        wecom.AddDepartment(new SimulatedDepartment(3, "测试组", 2));

        var scheduler = await SchedulerStartContract.WaitForSchedulerAsync(host);
        var setup = host.Services.GetRequiredService<JobScheduleSetup>();
        var schedule = new JobSchedule("* * * * * ?", "Asia/Shanghai");
        (await setup.EnsureTriggerAsync(scheduler, "directory-sync", "directory-sync:2", schedule, new JobArguments(DepartmentId: 2), default)).Should().BeTrue();
        (await setup.EnsureTriggerAsync(scheduler, "directory-sync", "directory-sync:2", schedule, new JobArguments(DepartmentId: 2), default)).Should().BeFalse();

        var departments = host.Services.GetRequiredService<DepartmentRepository>();
        await Eventually.UntilAsync(() => departments.ListAsync(), list => list.Count >= 2, TimeSpan.FromSeconds(10), "the department sync ran");

        await scheduler.UnscheduleJob(new TriggerKey("directory-sync:2", JobScheduleSetup.Group));
        (await departments.ListAsync()).Select(d => d.Id).Take(2).Should().Equal([2L, 3L]);
        (await departments.ListAsync()).Should().NotContain(d => d.Id == 1);
    }
}
