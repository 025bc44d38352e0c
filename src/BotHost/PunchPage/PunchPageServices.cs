using Attendance.BotHost.Configuration;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.PunchPage;

public static class PunchPageServices
{
    public static IServiceCollection AddPunchPage(this IServiceCollection services)
    {
        services.AddSingleton<PunchPageFiles>();
        services.AddSingleton(sp => new OAuthState(
            Convert.FromBase64String(sp.GetRequiredService<IOptions<SecurityOptions>>().Value.SessionSigningKey), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
