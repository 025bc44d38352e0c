using Attendance.BotHost.WeComCallback;

namespace Attendance.BotHost.Bot;

public static class BotServices
{
    /// <summary>The chat bot: text commands, approval-card clicks, the welcome on entering the app, and the export worker.</summary>
    public static IServiceCollection AddBot(this IServiceCollection services)
    {
        services.AddSingleton<BotReplies>();
        services.AddSingleton<BotDirectory>();
        services.AddSingleton<BotDays>();
        services.AddSingleton<BotQueries>();
        services.AddSingleton<BotExports>();
        services.AddSingleton<BotCorrections>();
        services.AddSingleton<ICallbackHandler, BotTextHandler>();
        services.AddSingleton<ICallbackHandler, BotCardClickHandler>();
        services.AddSingleton<ICallbackHandler, EnterAgentHandler>();
        services.AddHostedService<BotExportWorker>();
        return services;
    }
}
