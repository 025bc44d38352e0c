namespace Attendance.Rules.Schedule;

/// <summary>What writing a person's day roster does to their own assignments: the ones to delete and the ones to store.</summary>
public sealed record DayRosterChange(IReadOnlyList<Assignment> Removed, IReadOnlyList<Assignment> Added);

/// <summary>
/// A person's roster set day by day (the Excel import and the grid of the console): each given date gets the given
/// shift (or rest, null) as the person's own assignment. Consecutive dates with the same value become one assignment
/// with explicit weekdays (all seven: the day is worked as written, not as the weekly pattern says; holidays still
/// win). The person's existing assignments that reach into a given date are cut around it, so nothing overlaps and
/// every other date keeps what it had (an open-ended assignment keeps its open end after the last given date).
/// </summary>
public static class DayRoster
{
    public static DayRosterChange Plan(string userId, IReadOnlyList<Assignment> own, IReadOnlyDictionary<DateOnly, string?> days)
    {
        if (days.Count == 0)
        {
            return new DayRosterChange([], []);
        }

        var dates = days.Keys.Order().ToArray();
        var removed = new List<Assignment>();
        var added = new List<Assignment>();
        foreach (var a in own)
        {
            var inside = dates.Where(a.CoversDate).ToArray();
            if (inside.Length == 0)
            {
                continue;
            }

            removed.Add(a);
            var cursor = a.From;
            foreach (var d in inside)
            {
                if (cursor < d)
                {
                    AddPiece(added, a, cursor, d.AddDays(-1));
                }

                cursor = d.AddDays(1);
            }

            if (a.To is null)
            {
                added.Add(a with { From = cursor, Id = 0 });
            }
            else if (cursor <= a.To)
            {
                AddPiece(added, a, cursor, a.To.Value);
            }
        }

        var start = 0;
        for (var i = 1; i <= dates.Length; i++)
        {
            if (i < dates.Length && dates[i] == dates[i - 1].AddDays(1) && days[dates[i]] == days[dates[start]])
            {
                continue;
            }

            added.Add(new Assignment(userId, null, days[dates[start]], dates[start], dates[i - 1], Assignment.AllWeekdays, false));
            start = i;
        }

        return new DayRosterChange(removed, added);
    }

    /// <summary>A bounded piece of a cut assignment, unless none of its dates falls on the assignment's weekdays.</summary>
    private static void AddPiece(List<Assignment> added, Assignment a, DateOnly from, DateOnly to)
    {
        var piece = a with { From = from, To = to, Id = 0 };
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            if (piece.Covers(d))
            {
                added.Add(piece);
                return;
            }
        }
    }
}
