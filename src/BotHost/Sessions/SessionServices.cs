using Attendance.BotHost.Configuration;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Sessions;

public static class SessionServices
{
    public static IServiceCollection AddSessions(this IServiceCollection services)
    {
        services.AddSingleton(sp => SessionTokens.FromBase64(
            sp.GetRequiredService<IOptions<SecurityOptions>>().Value.SessionSigningKey, sp.GetRequiredService<TimeProvider>()));
        services.AddMemoryCache(o => o.SizeLimit = 200_000);
        services.AddSingleton<SessionEligibility>();
        services.AddSingleton<SessionAuthentication>();
        services.AddSingleton<SessionRevocations>();
        services.AddSingleton<SessionEligibilityFilter>();
        return services;
    }
}
