using Attendance.BotHost.Bot;
using Attendance.WeCom.Callback;

namespace Attendance.BotHost.WeComCallback;

/// <summary>Entering the app gets a welcome, through the outbox like every bot reply (once per event).</summary>
public sealed class EnterAgentHandler(BotReplies replies) : ICallbackHandler
{
    public static string WelcomeText => BotText.Welcome;

    public string MsgType => "event";

    public string? Event => "enter_agent";

    public async Task HandleAsync(WeComCallbackMessage message, CancellationToken cancellationToken)
    {
        if (Rules.Common.Identifiers.IsUserId(message.FromUserName))
        {
            await replies.TextAsync(message.FromUserName!, BotReplies.CallbackKey(message), WelcomeText, cancellationToken);
        }
    }
}
