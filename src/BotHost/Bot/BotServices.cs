using Attendance.BotHost.Contacts;
using Attendance.BotHost.WeComCallback;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Attendance.BotHost.Bot;

public static class BotServices
{
    /// <summary>The chat bot: text commands, 补卡 and review card clicks, the welcome on entering the app, live directory changes (change_contact), and the export worker.</summary>
    public static IServiceCollection AddBot(this IServiceCollection services)
    {
        services.AddSingleton<BotReplies>();
        services.AddSingleton<BotDirectory>();
        services.AddSingleton<BotDays>();
        services.AddSingleton<BotQueries>();
        services.AddSingleton<BotExports>();
        services.AddSingleton<BotCorrections>();
        services.AddSingleton<BotReviews>();
        services.AddSingleton<ICallbackHandler, BotTextHandler>();
        services.AddSingleton<ICallbackHandler, BotCardClickHandler>();
        services.AddSingleton<ICallbackHandler, EnterAgentHandler>();
        services.TryAddSingleton<WeComDirectorySync>();
        services.AddSingleton<ICallbackHandler, ContactChangeHandler>();
        services.AddHostedService<BotExportWorker>();
        return services;
    }
}
