using Attendance.BotHost.Jobs;
using Attendance.Data.Punches;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Attendance.BotHost.Jobs;

public static class JobServices
{
    /// <summary>The operations jobs of this folder with their default schedules (company time zone).</summary>
    public static IServiceCollection AddOperationsJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var zone = configuration["Attendance:TimeZone"] is { Length: > 0 } z ? z : Rules.Common.TimeZones.Default;
        services.TryAddSingleton<Contacts.WeComDirectorySync>();
        services.AddAttendanceJob<DirectorySyncJob>(DirectorySyncJob.Name, new JobSchedule("0 0 2 * * ?", zone, MisfirePolicy.FireOnceNow));
        services.AddAttendanceJob<RetentionPurgeJob>(RetentionPurgeJob.Name, new JobSchedule("0 30 3 * * ?", zone, MisfirePolicy.DoNothing));
        services.AddAttendanceJob<CheckinPushJob>(CheckinPushJob.Name);
        return services;
    }
}
