namespace Attendance.BotHost.Security;

/// <summary>
/// Who is calling: an admin key (actor <c>admin:&lt;fingerprint&gt;</c>) or an employee session (<c>user:&lt;id&gt;</c>).
/// IsAdmin means the admin API admitted the caller (admin key, or a session of an HR/admin employee).
/// </summary>
public sealed record Caller(string Actor, bool IsAdmin, string? UserId)
{
    private const string ItemKey = "attendance.caller";

    public static Caller From(HttpContext context) =>
        context.Items[ItemKey] as Caller ?? throw new InvalidOperationException("no authenticated caller on this request");

    public void AttachTo(HttpContext context) => context.Items[ItemKey] = this;
}
