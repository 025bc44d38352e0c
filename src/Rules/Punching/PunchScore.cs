using Attendance.Rules.Geo;

namespace Attendance.Rules.Punching;

public enum FindingSeverity
{
    Info,
    Warning,
    Critical,
}

/// <summary>Only accepted (and, after review, approved) punches count for the day; rejected ones are kept as evidence.</summary>
public enum PunchVerdict
{
    Accepted,
    Review,
    Rejected,
}

/// <summary>One reason, with its user-facing Chinese message.</summary>
public sealed record PunchFinding(string Code, FindingSeverity Severity, string Message);

/// <summary>The site the punch was matched to, with the distance in whole metres (0 inside a polygon; null when
/// only Wi-Fi placed the punch and there was no location).</summary>
public sealed record MatchedSite(string Id, string Name, int? DistanceMeters);

/// <summary>
/// The scorer's answer. <see cref="IsField"/> (外勤) and <see cref="IsLocationException"/> (地点异常) are the
/// out-of-range outcomes the site policy accepted. <see cref="Gcj02"/> is the converted fix, to store for the next
/// punch's travel and repeat checks.
/// </summary>
public sealed record PunchScore(
    IReadOnlyList<PunchFinding> Findings,
    int RiskScore,
    PunchVerdict Verdict,
    MatchedSite? Site,
    bool IsField,
    bool IsLocationException,
    GeoPoint? Gcj02,
    string Message)
{
    public bool Has(string code)
    {
        for (var i = 0; i < Findings.Count; i++)
        {
            if (Findings[i].Code == code)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>The lower-case names used in JSON and storage.</summary>
public static class PunchWireNames
{
    public static string ToWire(this FindingSeverity severity) => severity switch
    {
        FindingSeverity.Info => "info",
        FindingSeverity.Warning => "warning",
        _ => "critical",
    };

    public static string ToWire(this PunchVerdict verdict) => verdict switch
    {
        PunchVerdict.Accepted => "accepted",
        PunchVerdict.Review => "review",
        _ => "rejected",
    };

    public static string ToWire(this PunchKind kind) => kind switch
    {
        PunchKind.In => "in",
        PunchKind.Out => "out",
        _ => "auto",
    };

    /// <summary>Reads <c>auto | in | out</c> (any case; missing means auto); false for anything else.</summary>
    public static bool TryParseKind(string? text, out PunchKind kind)
    {
        kind = PunchKind.Auto;
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "auto": return true;
            case "in": kind = PunchKind.In; return true;
            case "out": kind = PunchKind.Out; return true;
            default: return false;
        }
    }
}
