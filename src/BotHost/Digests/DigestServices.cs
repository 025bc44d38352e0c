using Attendance.BotHost.Jobs;

namespace Attendance.BotHost.Digests;

public static class DigestServices
{
    /// <summary>The daily digest: 09:30 company time for departments without a cron of their own.</summary>
    public static IServiceCollection AddDigests(this IServiceCollection services, IConfiguration configuration)
    {
        var zone = configuration["Attendance:TimeZone"] is { Length: > 0 } z ? z : Rules.Common.TimeZones.Default;
        services.AddSingleton<DigestSchedules>();
        services.AddSingleton<IScheduleSource>(sp => sp.GetRequiredService<DigestSchedules>());
        services.AddAttendanceJob<DigestJob>(DigestJob.Name, new JobSchedule("0 30 9 * * ?", zone, MisfirePolicy.FireOnceNow));
        return services;
    }
}
