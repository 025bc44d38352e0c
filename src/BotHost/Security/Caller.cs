namespace Attendance.BotHost.Security;

/// <summary>Who is calling: an admin key (by fingerprint) or, later, an employee session.</summary>
public sealed record Caller(string Actor, bool IsAdmin, string? UserId)
{
    private const string ItemKey = "attendance.caller";

    public static Caller From(HttpContext context) =>
        context.Items[ItemKey] as Caller ?? throw new InvalidOperationException("no authenticated caller on this request");

    public void AttachTo(HttpContext context) => context.Items[ItemKey] = this;
}
