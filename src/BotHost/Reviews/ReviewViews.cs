using Attendance.BotHost.Punching;
using Attendance.Data.Punches;

namespace Attendance.BotHost.Reviews;

/// <summary>The review side of a flagged punch: pending, approved or rejected, with what people wrote.</summary>
public sealed record PunchReviewView(
    string State,
    string? Explanation,
    DateTimeOffset? ExplainedAt,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? Reason)
{
    public const string Pending = "pending";

    public static PunchReviewView? From(StoredPunch punch, PunchReviewNote? note, PunchDecisionState? decision, TimeZoneInfo zone) =>
        punch.Verdict != Rules.Punching.PunchVerdict.Review ? null : Of(punch.Decision, note, decision, zone);

    public static PunchReviewView Of(string? currentDecision, PunchReviewNote? note, PunchDecisionState? decision, TimeZoneInfo zone) =>
            new(
                currentDecision ?? Pending,
                note?.Explanation,
                note?.ExplainedAt is { } explained ? TimeZoneInfo.ConvertTime(explained, zone) : null,
                decision?.DecidedBy,
                decision?.DecidedAt is { } decided ? TimeZoneInfo.ConvertTime(decided, zone) : null,
                note?.DecisionReason);
}

/// <summary>A flagged punch as a reviewer sees it: who, the punch as its owner saw it, and its review.</summary>
public sealed record ReviewPunchView(string Name, IReadOnlyList<long> DepartmentIds, PunchResponse Punch, PunchReviewView Review)
{
    public long PunchId => Punch.PunchId;

    public string UserId => Punch.UserId;
}

/// <summary>Body of <c>POST /api/admin/punches/{id}/decision</c>.</summary>
public sealed record PunchDecisionRequest(bool? Approve, string? Reason);

/// <summary>Body of <c>POST /api/me/punches/{id}/explanation</c>.</summary>
public sealed record PunchExplanationRequest(string? Text);

/// <summary>Answer of <c>POST /api/me/punches/{id}/explanation</c>.</summary>
public sealed record PunchExplanationResponse(long PunchId, string? Explanation, DateTimeOffset? ExplainedAt);
