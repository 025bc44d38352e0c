using Attendance.BotHost.Configuration;
using Attendance.BotHost.Punching.Photos;
using Attendance.Data.Outbox;
using Attendance.Data.Punches;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Punching;

public static class PunchingServices
{
    public static IServiceCollection AddPunching(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PunchingOptions>().Bind(configuration.GetSection(PunchingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PunchingOptions>>(new PunchingOptionsValidator());
        services.AddSingleton<SiteIndexCache>();
        services.AddSingleton<Days.ScheduleSnapshotCache>();
        services.AddSingleton<PunchAlerts>();
        services.AddSingleton<PunchService>();
        services.AddSingleton<PunchImportService>();
        services.AddSingleton<PhotoOrphanSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<PhotoOrphanSweeper>());
        services.AddSingleton(sp => new PhotoCipher(Convert.FromBase64String(sp.GetRequiredService<IOptions<SecurityOptions>>().Value.DataEncryptionKey)));
        services.AddSingleton<IPhotoStore, ConfiguredPhotoStore>();
        services.AddPunchRateLimits(configuration.GetSection(PunchingOptions.Section).Get<PunchingOptions>() ?? new PunchingOptions());
        return services;
    }

    /// <summary>The rate limiter, which must run before the endpoints (the routes are in <see cref="PunchEndpoints.MapPunchApi"/>).</summary>
    public static WebApplication UsePunching(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    private sealed class PunchingOptionsValidator : IValidateOptions<PunchingOptions>
    {
        public ValidateOptionsResult Validate(string? name, PunchingOptions options) =>
            options.Validate().ToList() is { Count: > 0 } failures ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
