namespace Attendance.BotHost.Health;

/// <summary>
/// The shape of <c>GET /readyz</c>'s answer, for the OpenAPI document: <c>ready</c> with the database's provider, or
/// (503) <c>migrations pending</c> with the scripts, <c>database refuses writes</c> or <c>database unreachable</c>
/// with the error.
/// </summary>
public sealed record Readiness(string Status, string? Database, IReadOnlyList<string>? Pending, string? Error);
