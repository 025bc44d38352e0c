using Attendance.Data.Face;
using Attendance.Data.Jobs;
using Attendance.Data.Migrations;
using Attendance.Data.Outbox;
using Attendance.Data.Privacy;
using Attendance.Data.Punches;
using Attendance.Data.Repositories;
using Attendance.Data.Schedule;
using Attendance.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Attendance.Data;

/// <summary>The data layer's registrations, made once: the connection factory, migrations and every repository.</summary>
public static class DataServices
{
    /// <param name="services">The host's services; they must provide <see cref="TimeProvider"/> and logging.</param>
    /// <param name="database">The validated database options (read when the factory is first needed).</param>
    /// <param name="historyWindowMaxPunches">The SQLite punch window's limit (<see cref="PunchWindow.MaxPunches"/>).</param>
    public static IServiceCollection AddAttendanceData(this IServiceCollection services, Func<IServiceProvider, DatabaseOptions> database,
        Func<IServiceProvider, int> historyWindowMaxPunches)
    {
        services.AddSingleton(sp => ConnectionFactory.Create(database(sp)));
        services.AddSingleton(sp => new MigrationRunner(sp.GetRequiredService<ConnectionFactory>()));
        services.AddSingleton(sp => new PunchWindow(sp.GetRequiredService<ConnectionFactory>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PunchWindow>>())
        {
            MaxPunches = historyWindowMaxPunches(sp),
        });

        // Directory, sites, audit, privacy.
        services.AddSingleton<DepartmentRepository>();
        services.AddSingleton<EmployeeRepository>();
        services.AddSingleton<SessionRevocationRepository>();
        services.AddSingleton<SiteRepository>();
        services.AddSingleton<AuditRepository>();
        services.AddSingleton<PersonalDataRepository>();
        services.AddSingleton<LocationConsentRepository>();
        services.AddSingleton<CallbackDedupeRepository>();
        services.AddSingleton<DatabaseProbe>();

        // Punches and their review, photos and faces.
        services.AddSingleton<PunchRepository>();
        services.AddSingleton<PunchHistoryRepository>();
        services.AddSingleton<PunchReviewRepository>();
        services.AddSingleton<PunchPhotoRepository>();
        services.AddSingleton<FaceConsentRepository>();
        services.AddSingleton<FaceTemplateRepository>();
        services.AddSingleton<PunchFaceRepository>();
        services.AddSingleton<FacePendingRepository>();

        // Schedules, days, corrections.
        services.AddSingleton<ShiftRepository>();
        services.AddSingleton<AssignmentRepository>();
        services.AddSingleton<CalendarRepository>();
        services.AddSingleton<LeaveRepository>();
        services.AddSingleton<CorrectionRepository>();
        services.AddSingleton<DayResultRepository>();
        services.AddSingleton<DayInputRepository>();

        // The outbox.
        services.AddSingleton<OutboxRepository>();
        services.AddSingleton<OutboxDeliveryRepository>();

        // Job runs (the scheduler's and the trigger endpoint's record).
        services.AddSingleton<JobRunRepository>();
        return services;
    }
}
