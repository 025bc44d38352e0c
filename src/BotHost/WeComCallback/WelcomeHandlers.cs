using Attendance.WeCom;
using Attendance.WeCom.Callback;
using Attendance.WeCom.Client;
using Attendance.WeCom.Models;

namespace Attendance.BotHost.WeComCallback;

/// <summary>Until the bot commands exist, any text gets a short help reply and entering the app a welcome.</summary>
public sealed class TextHelpHandler(IServiceProvider services, WeComSettings options) : ICallbackHandler
{
    public const string HelpText = "您好，我是考勤助手。打卡请在工作台打开「考勤打卡」；" +
                                   "查询考勤、补卡、导出等指令即将上线，届时发送「帮助」即可查看。";

    public string MsgType => "text";

    public string? Event => null;

    public Task HandleAsync(WeComCallbackMessage message, CancellationToken cancellationToken) =>
        AppReply.SendTextAsync(services, options.Value, message.FromUserName, HelpText, cancellationToken);
}

public sealed class EnterAgentHandler(IServiceProvider services, WeComSettings options) : ICallbackHandler
{
    public const string WelcomeText = "欢迎使用考勤助手！在工作台打开「考勤打卡」即可一键打卡，异常和补卡提醒会在这里通知您。";

    public string MsgType => "event";

    public string? Event => "enter_agent";

    public Task HandleAsync(WeComCallbackMessage message, CancellationToken cancellationToken) =>
        AppReply.SendTextAsync(services, options.Value, message.FromUserName, WelcomeText, cancellationToken);
}

internal static class AppReply
{
    public static async Task SendTextAsync(IServiceProvider services, WeComOptions options, string? toUser, string text, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(toUser) || !Rules.Common.Identifiers.IsUserId(toUser))
        {
            return;
        }

        using var scope = services.CreateScope();
        var client = scope.ServiceProvider.GetRequiredService<WeComClient>();
        await client.ExecuteCgiBinMessageSendAsync(new CgiBinMessageSendRequest
        {
            ToUser = toUser,
            MessageType = MessageTypes.Text,
            AgentId = int.TryParse(options.AgentId, out var agent) ? agent : null,
            Text = new TextContent { Content = text },
        }, cancellationToken);
    }
}
