using System.Globalization;
using Attendance.BotHost.Infrastructure;
using Attendance.Data.Repositories;
using Attendance.Data.Schedule;
using Attendance.Rules.Common;
using Attendance.Rules.Punching;
using Attendance.Rules.Schedule;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Days;

/// <summary>Body of <c>POST /api/me/corrections</c>: <c>time</c> is "HH:mm" on the date (before the day boundary:
/// the next morning) or an ISO-8601 instant.</summary>
public sealed record CorrectionRequest(DateOnly? Date, string? Kind, string? Time, string? Reason);

/// <summary>What an employee may still ask for in a month: the form shows it before the request is refused.
/// <c>earliestDate</c> is the oldest work date a request may name today.</summary>
public sealed record CorrectionAllowance(string Month, int MonthlyLimit, int Used, int Remaining, int MaxDaysBack, DateOnly EarliestDate);

public enum DecisionOutcome
{
    Decided,
    NotFound,
    AlreadyDecided,

    /// <summary>The decider asked to decide their own request: nobody approves their own 补卡, HR and admins included.</summary>
    OwnRequest,
}

/// <summary>补卡: employees ask, within a monthly allowance and a days-back limit; a supervisor or HR decides (from
/// the admin API now, from chat later); an approved request counts as a punch and the day is evaluated again.</summary>
public sealed class CorrectionService(
    CorrectionRepository corrections,
    EmployeeRepository employees,
    DayService days,
    IOptions<CorrectionOptions> options,
    TimeProvider time)
{
    public async Task<Correction> RequestAsync(string userId, CorrectionRequest? body, string actor, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        if (body is null)
        {
            throw InputException.Invalid("$", "a correction body is required");
        }

        errors.Require(body.Date is not null, "date", "is required (yyyy-MM-dd)");
        errors.Require(PunchWireNames.TryParseKind(body.Kind, out var kind) && kind != PunchKind.Auto, "kind", "must be in or out");
        errors.RequireText(body.Reason, "reason", 200);
        var schedule = await days.LoadScheduleAsync(cancellationToken);
        var employee = await employees.GetAsync(userId, cancellationToken);
        var zone = employee is null ? schedule.CompanyZone : schedule.ZoneFor(employee);
        DateTimeOffset? at = null;
        if (body.Date is { } date)
        {
            at = ParseTime(body.Time, date, zone, schedule.Boundary);
            errors.Require(at is not null, "time", "must be HH:mm or an ISO-8601 time with offset");
        }

        if (!errors.IsEmpty)
        {
            throw InputException.Invalid(errors);
        }

        var workDate = body.Date!.Value;
        var today = days.Today();
        var o = options.Value;
        if (workDate > today || at > time.GetUtcNow())
        {
            throw Refused("time", "不能为将来的时间补卡");
        }

        if (workDate < today.AddDays(-o.MaxDaysBack))
        {
            throw Refused("date", $"只能补最近 {o.MaxDaysBack} 天内的卡");
        }

        if (employee is null || !employee.IsEmployedOn(workDate))
        {
            throw Refused("date", "该日期不在任职期间，无法补卡");
        }

        var monthStart = new DateOnly(workDate.Year, workDate.Month, 1);
        var used = await corrections.CountActiveAsync(userId, monthStart, monthStart.AddMonths(1).AddDays(-1), cancellationToken);
        if (used >= o.MonthlyLimit)
        {
            throw Refused("date", $"本月补卡次数已用完（每月最多 {o.MonthlyLimit} 次）");
        }

        return await corrections.AddAsync(new Correction(0, userId, workDate, kind, at!.Value, body.Reason!.Trim(), CorrectionStates.Pending, null, null,
            default), actor, cancellationToken);
    }

    /// <summary>The monthly allowance of <paramref name="userId"/> for the month holding <paramref name="day"/> (default: today's work date).</summary>
    public async Task<CorrectionAllowance> AllowanceAsync(string userId, DateOnly? day, CancellationToken cancellationToken = default)
    {
        var today = days.Today();
        var month = day ?? today;
        var first = new DateOnly(month.Year, month.Month, 1);
        var used = await corrections.CountActiveAsync(userId, first, first.AddMonths(1).AddDays(-1), cancellationToken);
        var o = options.Value;
        return new CorrectionAllowance(first.ToString("yyyy-MM", CultureInfo.InvariantCulture), o.MonthlyLimit, used, Math.Max(0, o.MonthlyLimit - used),
            o.MaxDaysBack, today.AddDays(-o.MaxDaysBack));
    }

    /// <param name="deciderUserId">The employee deciding (null for an admin key, which stands for no employee).</param>
    public async Task<(DecisionOutcome Outcome, Correction? Correction)> DecideAsync(long id, bool approve, string actor, string? deciderUserId,
        CancellationToken cancellationToken = default)
    {
        if (deciderUserId is not null && await corrections.GetAsync(id, cancellationToken) is { } asked
            && string.Equals(asked.UserId, deciderUserId, StringComparison.OrdinalIgnoreCase))
        {
            return (DecisionOutcome.OwnRequest, asked);
        }

        var decided = await corrections.DecideAsync(id, approve, actor, cancellationToken);
        if (decided is null)
        {
            var existing = await corrections.GetAsync(id, cancellationToken);
            return (existing is null ? DecisionOutcome.NotFound : DecisionOutcome.AlreadyDecided, existing);
        }

        if (approve)
        {
            await days.RecomputeAsync(decided.WorkDate, decided.WorkDate, [decided.UserId], cancellationToken: cancellationToken);
        }

        return (DecisionOutcome.Decided, decided);
    }

    internal static DateTimeOffset? ParseTime(string? text, DateOnly date, TimeZoneInfo zone, TimeOnly boundary)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (TimeOnly.TryParseExact(text.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock))
        {
            var minute = (clock.Hour * 60) + clock.Minute;
            // Before the boundary the clock time is the next morning of the work date (a night shift's check-out).
            return WorkDates.LocalToUtc(date, clock < boundary ? minute + 1440 : minute, zone);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) && text.Contains('T', StringComparison.Ordinal)
            ? instant.ToUniversalTime()
            : null;
    }

    private static InputException Refused(string field, string reason) =>
        new(StatusCodes.Status422UnprocessableEntity, "补卡申请未通过：" + reason, [new FieldError(field, reason)]);
}
