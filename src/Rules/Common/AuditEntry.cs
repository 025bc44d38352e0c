namespace Attendance.Rules.Common;

/// <summary>One row of the audit trail: who did what to which entity, when.</summary>
public sealed record AuditEntry(
    long Id,
    DateTimeOffset At,
    string Actor,
    string Action,
    string EntityType,
    string EntityId,
    string? Details);
