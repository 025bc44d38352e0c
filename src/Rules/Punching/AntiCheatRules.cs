using Attendance.Rules.Geo;

namespace Attendance.Rules.Punching;

/// <summary>Signs of buddy punching and fake locations. Each one only sends the punch to review.</summary>
internal static class AntiCheatRules
{
    public static (bool AntiCheat, bool DeviceNew) Assess(
        PunchAttempt attempt, PunchContext context, GeoPoint? gcj02, List<PunchFinding> findings)
    {
        var antiCheat = false;
        var deviceNew = false;
        if (!string.IsNullOrEmpty(attempt.DeviceId))
        {
            if (!context.KnownDeviceIds.Contains(attempt.DeviceId))
            {
                findings.Add(new PunchFinding(FindingCodes.DeviceNew, FindingSeverity.Info, FindingMessages.DeviceNew));
                deviceNew = true;
            }

            var others = CountOthers(context.OtherUsersOnDevice, attempt.UserId);
            if (others > 0)
            {
                findings.Add(new PunchFinding(FindingCodes.DeviceShared, FindingSeverity.Critical, FindingMessages.DeviceShared(others)));
                antiCheat = true;
            }
        }

        if (gcj02 is { } here && attempt.Location is { } location)
        {
            antiCheat |= CheckTravel(attempt, context, here, location.AccuracyMeters, findings);
            antiCheat |= CheckFix(attempt, context, here, location, findings);
        }

        if (attempt.DeviceTime is { } deviceTime)
        {
            var skew = deviceTime - attempt.ServerTime;
            if (skew.Duration() > context.Settings.ClockSkew)
            {
                findings.Add(new PunchFinding(FindingCodes.ClockSkew, FindingSeverity.Warning, FindingMessages.ClockSkew(skew)));
                antiCheat = true;
            }
        }

        return (antiCheat, deviceNew);
    }

    /// <summary>
    /// Speed from the latest earlier punch with a location. Both accuracies are taken off the distance (either fix
    /// may be that far off), and a jump shorter than the minimum is ignored, so two punches seconds apart with
    /// slightly different fixes never yield an absurd speed; a real jump of kilometres in seconds still does.
    /// </summary>
    private static bool CheckTravel(PunchAttempt attempt, PunchContext context, GeoPoint here, double accuracy, List<PunchFinding> findings)
    {
        var previous = LatestBefore(context.PreviousPunch, context.TodayPunches, attempt.ServerTime);
        if (previous?.Gcj02 is not { } there)
        {
            return false;
        }

        var settings = context.Settings;
        var distance = Haversine.DistanceMeters(here, there) - accuracy - (previous.AccuracyMeters ?? 0);
        if (distance < settings.ImpossibleTravelMinMeters)
        {
            return false;
        }

        var elapsed = attempt.ServerTime - previous.Time;
        var kmh = distance / 1_000 / Math.Max(elapsed.TotalHours, 1.0 / 3_600);
        if (kmh <= settings.ImpossibleTravelKmh)
        {
            return false;
        }

        findings.Add(new PunchFinding(FindingCodes.ImpossibleTravel, FindingSeverity.Critical,
            FindingMessages.ImpossibleTravel(distance, elapsed, kmh)));
        return true;
    }

    /// <summary>
    /// Real receivers never report a perfect fix, and two genuine fixes never agree to a tenth of a metre across
    /// people or days; mock-location apps do both. Coarse coordinates (five decimals or fewer) repeat honestly, so
    /// they are not compared.
    /// </summary>
    private static bool CheckFix(PunchAttempt attempt, PunchContext context, GeoPoint here, PunchLocation location, List<PunchFinding> findings)
    {
        string? message = null;
        if (location.AccuracyMeters == 0)
        {
            message = FindingMessages.SuspiciousZeroAccuracy;
        }
        else if (HasSixDecimals(location.Latitude) || HasSixDecimals(location.Longitude))
        {
            var key = FixKey.Of(here);
            var repeats = context.SameCoordinatePunches;
            for (var i = 0; i < repeats.Count; i++)
            {
                var p = repeats[i];
                var elsewhere = !string.Equals(p.UserId, attempt.UserId, StringComparison.OrdinalIgnoreCase) || p.WorkDate != context.WorkDate;
                if (elsewhere && p.Gcj02 is { } g && FixKey.Of(g) == key)
                {
                    message = FindingMessages.SuspiciousRepeat;
                    break;
                }
            }
        }

        if (message is null)
        {
            return false;
        }

        findings.Add(new PunchFinding(FindingCodes.SuspiciousFix, FindingSeverity.Warning, message));
        return true;
    }

    private static bool HasSixDecimals(double degrees)
    {
        var scaled = degrees * 1e5;
        return Math.Abs(scaled - Math.Round(scaled)) > 1e-6;
    }

    private static PriorPunch? LatestBefore(PriorPunch? previous, IReadOnlyList<PriorPunch> today, DateTimeOffset now)
    {
        var best = previous is { Gcj02: not null } && previous.Time <= now ? previous : null;
        for (var i = 0; i < today.Count; i++)
        {
            var p = today[i];
            if (p.Gcj02 is not null && p.Time <= now && (best is null || p.Time > best.Time))
            {
                best = p;
            }
        }

        return best;
    }

    private static int CountOthers(IReadOnlyCollection<string> users, string self)
    {
        if (users.Count == 0)
        {
            return 0;
        }

        var count = 0;
        foreach (var u in users)
        {
            count += string.Equals(u, self, StringComparison.OrdinalIgnoreCase) ? 0 : 1;
        }

        return count;
    }
}
