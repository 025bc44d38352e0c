using System.Globalization;
using Attendance.BotHost.Bot;
using Attendance.BotHost.Configuration;
using Attendance.BotHost.Punching;
using Attendance.BotHost.Punching.Photos;
using Attendance.BotHost.Days;
using Attendance.Data.Punches;
using Attendance.Data.Repositories;
using Attendance.Rules.Common;
using Attendance.Rules.Directory;
using Attendance.Rules.Punching;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Reviews;

public enum ReviewOutcome
{
    Decided,
    NotFound,
    NotInReview,
    AlreadyDecided,

    /// <summary>The reviewer may not decide this punch: their own, or outside their scope. <see cref="ReviewResult.Message"/> says which.</summary>
    Forbidden,

    /// <summary>The input is incomplete: a rejection (or a change) without a reason, or a reason too long.</summary>
    Invalid,
}

/// <summary>What a decision did; <see cref="Message"/> is the Chinese sentence for a refusal.</summary>
public sealed record ReviewResult(ReviewOutcome Outcome, ReviewPunchView? Punch, string? Message = null);

/// <summary>
/// Human decisions on punches the rules sent to review (DESIGN §3, §7; PIPL Art. 24). One path for every place people
/// decide (chat card, bot command, review page, admin API): who may decide, the decision and its audit row, the day
/// evaluated again at once, and the employee told in chat. HR and admins may change a decision later, with a reason.
/// </summary>
public sealed class PunchReviewService(
    PunchRepository punches,
    PunchReviewRepository reviews,
    EmployeeRepository employees,
    BotDirectory directory,
    DayService days,
    BotReplies replies,
    SiteIndexCache sites,
    IServiceProvider services,
    AuditRepository audit,
    CompanyClock clock)
{
    public const int MaxReasonLength = 200;
    public const int MaxExplanationLength = 200;

    /// <summary>How far back <c>state=decided|all</c> reaches when the caller gives no <c>from</c>.</summary>
    public const int DecidedDaysBack = 90;

    // Read on first use, not at construction: callback handlers are built at start-up, before options validation
    // reports every invalid key at once.
    private TimeZoneInfo Zone => clock.Zone;

    /// <summary>The reviewer behind an employee's userid, or null when they are unknown, inactive or have left.</summary>
    public async Task<Reviewer?> ReviewerAsync(string userId, CancellationToken cancellationToken) =>
        await directory.ResolveAsync(userId, days.Today(), cancellationToken) is { } caller ? Reviewer.For(caller.Employee, caller.Scope) : null;

    /// <summary>
    /// Flagged punches the reviewer may see: <paramref name="state"/> review (waiting, oldest first, never the
    /// reviewer's own), decided, or all; optionally of one department and a range of work dates.
    /// </summary>
    public async Task<IReadOnlyList<ReviewPunchView>> ListAsync(Reviewer reviewer, string state, long? departmentId, DateOnly? from, DateOnly? to,
        int limit, int offset, CancellationToken cancellationToken)
    {
        bool? decided = state switch { "review" => false, "decided" => true, _ => null };
        // Waiting punches are few at any time; decided ones pile up for ever, so without a range only recent ones are read.
        from ??= decided == false ? null : (to ?? days.Today()).AddDays(-DecidedDaysBack);
        var found = await punches.ListReviewedAsync(decided, from, to, cancellationToken);
        var people = new Dictionary<string, Employee?>(StringComparer.OrdinalIgnoreCase);
        var visible = new List<(StoredPunch Punch, Employee Employee)>();
        foreach (var punch in found.OrderBy(p => p.CaptureTime).ThenBy(p => p.Id))
        {
            if (!people.TryGetValue(punch.UserId, out var employee))
            {
                people[punch.UserId] = employee = await employees.GetAsync(punch.UserId, cancellationToken);
            }

            if (employee is not null && reviewer.CanSee(employee) && (decided != false || !reviewer.IsSelf(employee))
                && (departmentId is null || employee.DepartmentIds.Contains(departmentId.Value)))
            {
                visible.Add((punch, employee));
            }
        }

        var page = visible.Skip(offset).Take(limit).ToList();
        return await ViewsAsync(page, cancellationToken);
    }

    public async Task<(ReviewPunchView? View, Employee? Employee)> GetAsync(Reviewer reviewer, long punchId, CancellationToken cancellationToken)
    {
        var punch = await punches.GetByIdAsync(punchId, cancellationToken);
        var employee = punch is null ? null : await employees.GetAsync(punch.UserId, cancellationToken);
        if (punch is null || employee is null || punch.Verdict != PunchVerdict.Review || !reviewer.CanSee(employee))
        {
            return (null, employee);
        }

        return ((await ViewsAsync([(punch, employee)], cancellationToken))[0], employee);
    }

    public async Task<ReviewResult> DecideAsync(Reviewer reviewer, long punchId, bool approve, string? reason, CancellationToken cancellationToken)
    {
        var punch = await punches.GetByIdAsync(punchId, cancellationToken);
        var employee = punch is null ? null : await employees.GetAsync(punch.UserId, cancellationToken);
        if (punch is null || employee is null)
        {
            return new ReviewResult(ReviewOutcome.NotFound, null, $"没有编号为 {punchId} 的打卡。");
        }

        if (reviewer.IsSelf(employee))
        {
            return new ReviewResult(ReviewOutcome.Forbidden, null, "无权限：不能复核自己的打卡。");
        }

        if (!reviewer.CanSee(employee))
        {
            return new ReviewResult(ReviewOutcome.Forbidden, null, "无权限：这条打卡不归您复核。");
        }

        if (punch.Verdict != PunchVerdict.Review)
        {
            return new ReviewResult(ReviewOutcome.NotInReview, null, $"编号 {punchId} 的打卡不需要复核（{(punch.Verdict == PunchVerdict.Accepted ? "已通过" : "已被规则拒绝")}）。");
        }

        // A reason typed in chat may span lines; it is stored and sent as one line, and no other control character passes.
        reason = string.IsNullOrWhiteSpace(reason) ? null : string.Join(' ', reason.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var change = punch.Decision is not null;
        if (change && (!reviewer.IsEveryone || punch.Decision == Decision(approve)))
        {
            return new ReviewResult(ReviewOutcome.AlreadyDecided, await ViewAsync(punch, employee, cancellationToken),
                $"编号 {punchId} 的打卡已经复核过了（{Label(punch.Decision)}）。");
        }

        if (reason is null && (!approve || change))
        {
            return new ReviewResult(ReviewOutcome.Invalid, null, change ? "更改复核结果须写明原因。" : "驳回须写明原因。");
        }

        if (reason?.Length > MaxReasonLength)
        {
            return new ReviewResult(ReviewOutcome.Invalid, null, $"原因最多 {MaxReasonLength} 个字。");
        }

        if (reason is not null && reason.Any(char.IsControl))
        {
            return new ReviewResult(ReviewOutcome.Invalid, null, "原因不能包含控制字符。");
        }

        var written = await reviews.DecideAsync(punchId, Decision(approve), reviewer.Actor, reason, allowChange: change, cancellationToken);
        if (written != ReviewWriteOutcome.Done)
        {
            // Someone else decided between our read and our write: theirs stands.
            var now = await punches.GetByIdAsync(punchId, cancellationToken);
            return new ReviewResult(ReviewOutcome.AlreadyDecided, now is null ? null : await ViewAsync(now, employee, cancellationToken),
                $"编号 {punchId} 的打卡已经复核过了（{Label(now?.Decision)}）。");
        }

        // A punch near the day boundary can fall into a neighbouring date's windows: evaluate those too.
        await days.RecomputeAsync(punch.WorkDate.AddDays(-1), punch.WorkDate.AddDays(1), [punch.UserId], cancellationToken: cancellationToken);
        var decided = (await punches.GetByIdAsync(punchId, cancellationToken))!;
        var view = await ViewAsync(decided, employee, cancellationToken);
        await TellEmployeeAsync(reviewer, decided, view.Review, cancellationToken);
        return new ReviewResult(ReviewOutcome.Decided, view);
    }

    /// <summary>The employee's own words on their flagged punch: once, at most 200 characters, before a decision.</summary>
    public async Task<(ReviewWriteOutcome Outcome, PunchReviewNote? Note)> ExplainAsync(string userId, long punchId, string? text, CancellationToken cancellationToken)
    {
        var written = await reviews.ExplainAsync(punchId, userId, text!.Trim(), cancellationToken);
        return (written, await reviews.GetNoteAsync(punchId, cancellationToken));
    }

    /// <summary>The decrypted photo of a flagged punch for a reviewer in scope; every look is audited.</summary>
    public async Task<(byte[]? Photo, bool Allowed)> PhotoAsync(Reviewer reviewer, long punchId, CancellationToken cancellationToken)
    {
        var punch = await punches.GetByIdAsync(punchId, cancellationToken);
        var employee = punch is null ? null : await employees.GetAsync(punch.UserId, cancellationToken);
        if (punch is null || employee is null)
        {
            return (null, true);
        }

        if (!reviewer.CanSee(employee) || punch.Verdict != PunchVerdict.Review)
        {
            await audit.AppendAsync(reviewer.Actor, "punch.photo.refused", "punch", Id(punchId), System.Text.Json.JsonSerializer.Serialize(new { userId = punch.UserId }), cancellationToken);
            return (null, false);
        }

        // Resolved on use: the store reads its settings when built, and this service is built at start-up with the
        // callback handlers, before options validation has reported every invalid key.
        var photo = punch.PhotoPath is null ? null : await services.GetRequiredService<IPhotoStore>().ReadAsync(punch.PhotoPath, cancellationToken);
        if (photo is not null)
        {
            await audit.AppendAsync(reviewer.Actor, "punch.photo.viewed", "punch", Id(punchId), System.Text.Json.JsonSerializer.Serialize(new { userId = punch.UserId }), cancellationToken);
        }

        return (photo, true);
    }

    /// <summary>The employee's own punches with the review state of each flagged one (the punch page).</summary>
    public async Task<IReadOnlyList<PunchResponse>> WithReviewsAsync(IReadOnlyList<PunchResponse> own, CancellationToken cancellationToken)
    {
        var ids = own.Where(p => p.Verdict == "review").Select(p => p.PunchId).ToList();
        if (ids.Count == 0)
        {
            return own;
        }

        var notes = await reviews.GetNotesAsync(ids, cancellationToken);
        var states = await reviews.GetDecisionsAsync(ids, cancellationToken);
        return [.. own.Select(p => p.Verdict != "review" ? p
            : p with { Review = PunchReviewView.Of(p.Decision, notes.GetValueOrDefault(p.PunchId), states.GetValueOrDefault(p.PunchId), Zone) })];
    }

    private async Task<ReviewPunchView> ViewAsync(StoredPunch punch, Employee employee, CancellationToken cancellationToken) =>
        (await ViewsAsync([(punch, employee)], cancellationToken))[0];

    private async Task<IReadOnlyList<ReviewPunchView>> ViewsAsync(IReadOnlyList<(StoredPunch Punch, Employee Employee)> items, CancellationToken cancellationToken)
    {
        var ids = items.Select(i => i.Punch.Id).ToList();
        var notes = await reviews.GetNotesAsync(ids, cancellationToken);
        var states = await reviews.GetDecisionsAsync(ids, cancellationToken);
        var index = await sites.GetAsync(cancellationToken);
        return [.. items.Select(i => new ReviewPunchView(i.Employee.Name, i.Employee.DepartmentIds, PunchResponse.From(i.Punch, Zone, index),
            PunchReviewView.From(i.Punch, notes.GetValueOrDefault(i.Punch.Id), states.GetValueOrDefault(i.Punch.Id), Zone)!))];
    }

    private async Task TellEmployeeAsync(Reviewer reviewer, StoredPunch punch, PunchReviewView review, CancellationToken cancellationToken)
    {
        var when = TimeZoneInfo.ConvertTime(punch.CaptureTime, Zone);
        var who = reviewer.Employee?.Name ?? "人事";
        var text = punch.Decision == PunchDecisions.Approved
            ? string.Create(CultureInfo.InvariantCulture, $"您 {when:MM-dd HH:mm} 的打卡已通过复核，按 {when:HH:mm} 计入考勤。复核人：{who}。")
              + (review.Reason is { } note ? $"说明：{note}" : "")
            : string.Create(CultureInfo.InvariantCulture, $"您 {when:MM-dd HH:mm} 的打卡未通过复核，不计入考勤。原因：{review.Reason}。复核人：{who}。如有疑问请联系主管或人事。");
        var stamp = review.DecidedAt?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) ?? "0";
        await replies.TextAsync(punch.UserId, $"review:{Id(punch.Id)}:{punch.Decision}:{stamp}", text, cancellationToken);
    }

    private static string Decision(bool approve) => approve ? PunchDecisions.Approved : PunchDecisions.Rejected;

    public static string Label(string? decision) => decision switch
    {
        PunchDecisions.Approved => "已通过",
        PunchDecisions.Rejected => "已驳回",
        _ => "待复核",
    };

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
