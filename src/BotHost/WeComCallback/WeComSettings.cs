using Attendance.WeCom;

namespace Attendance.BotHost.WeComCallback;

/// <summary>
/// The WeCom settings as configured, unvalidated: the host must run (and say so) when WeCom is not configured,
/// whereas resolving the client's validated options would throw.
/// </summary>
public sealed record WeComSettings(WeComOptions Value);
