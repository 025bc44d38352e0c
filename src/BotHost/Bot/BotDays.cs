using Attendance.BotHost.Days;
using Attendance.Rules.Directory;
using Attendance.Rules.Schedule;

namespace Attendance.BotHost.Bot;

/// <summary>
/// Evaluated days of a group of people. <see cref="DayService.EnsureAsync"/> for everyone trusts a date once any
/// final result is stored for it, so people whose day was never evaluated (added since, or a date first read for one
/// person only) are evaluated here before anyone is counted.
/// </summary>
public sealed class BotDays(DayService days)
{
    public async Task<IReadOnlyList<DayResult>> ForAsync(DateOnly from, DateOnly to, IReadOnlyCollection<Employee> people,
        CancellationToken cancellationToken)
    {
        var today = days.Today();
        if (to > today)
        {
            to = today;
        }

        if (from > to || people.Count == 0)
        {
            return [];
        }

        var wanted = people.Select(p => p.UserId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var stored = (await days.EnsureAsync(from, to, null, cancellationToken)).Where(d => wanted.Contains(d.UserId)).ToList();
        var dates = to.DayNumber - from.DayNumber + 1;
        var counts = stored.GroupBy(d => d.UserId, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        var missing = wanted.Where(u => counts.GetValueOrDefault(u) < dates).ToList();
        if (missing.Count == 0)
        {
            return stored;
        }

        var run = await days.EvaluateRangeAsync(from, to, missing, cancellationToken);
        var redone = missing.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. stored.Where(d => !redone.Contains(d.UserId)), .. run.Days];
    }
}
