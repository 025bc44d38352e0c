using Attendance.Data.Punches;
using Attendance.BotHost.Jobs;
using Attendance.Data.Schedule;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Days;

public static class ScheduleServices
{
    public static IServiceCollection AddSchedule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CorrectionOptions>().Bind(configuration.GetSection(CorrectionOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CorrectionOptions>>(new CorrectionOptionsValidator());
        // The punch branch registers it too; Try keeps one registration whichever lands first.
        services.AddSingleton<DayService>();
        services.AddSingleton<CorrectionService>();
        // 04:15 finalizes yesterday's day shifts; 12:15 catches night shifts whose check-out window closes mid-morning.
        var zone = configuration["Attendance:TimeZone"] is { Length: > 0 } z ? z : Rules.Common.TimeZones.Default;
        services.AddAttendanceJob<FinalizeDaysJob>(FinalizeDaysJob.Name, new JobSchedule("0 15 4,12 * * ?", zone, MisfirePolicy.FireOnceNow));
        services.AddSingleton<MonthlyReportService>();
        services.AddSingleton<RosterService>();
        return services;
    }

    private sealed class CorrectionOptionsValidator : IValidateOptions<CorrectionOptions>
    {
        public ValidateOptionsResult Validate(string? name, CorrectionOptions options)
        {
            var failures = options.Validate().ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
