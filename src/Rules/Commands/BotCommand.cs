using Attendance.Rules.Punching;

namespace Attendance.Rules.Commands;

/// <summary>An inclusive range of dates; a single day has From == To.</summary>
public readonly record struct DateRange(DateOnly From, DateOnly To)
{
    public static DateRange Day(DateOnly date) => new(date, date);

    public int Days => To.DayNumber - From.DayNumber + 1;
}

/// <summary>What a chat message asks the bot to do. Parsing is pure; authorization and queries happen elsewhere.</summary>
public abstract record BotCommand
{
    private protected BotCommand()
    {
    }
}

/// <summary>帮助 / help.</summary>
public sealed record HelpCommand : BotCommand;

/// <summary>我的考勤 [日期|本周|本月|上月] / me.</summary>
public sealed record MyAttendanceCommand(DateRange Range) : BotCommand;

/// <summary>查 &lt;姓名|userid&gt; [日期|范围] / query.</summary>
public sealed record QueryPersonCommand(string Who, DateRange Range) : BotCommand;

/// <summary>部门 &lt;名称&gt; [日期] / dept: the roll call of one day.</summary>
public sealed record DepartmentRollCallCommand(string Department, DateOnly Date) : BotCommand;

/// <summary>异常 [日期] / anomalies in the caller's scope.</summary>
public sealed record AnomaliesCommand(DateRange Range) : BotCommand;

/// <summary>导出 [月份] [部门] / export: the monthly report as xlsx.</summary>
public sealed record ExportCommand(int Year, int Month, string? Department) : BotCommand;

/// <summary>补卡 &lt;日期&gt; &lt;上班|下班&gt; &lt;时间&gt; &lt;原因&gt; / correction.</summary>
public sealed record CorrectionCommand(DateOnly Date, PunchKind Kind, TimeOnly Time, string Reason) : BotCommand;

/// <summary>待审批 / pending: corrections waiting for the caller's decision.</summary>
public sealed record PendingCommand : BotCommand;

/// <summary>待复核 / reviews: flagged punches waiting for the caller's decision.</summary>
public sealed record PendingReviewsCommand : BotCommand;

/// <summary>通过 &lt;编号&gt; / 驳回 &lt;编号&gt; &lt;原因&gt;: a decision on a flagged punch (a rejection always has a reason).</summary>
public sealed record ReviewDecisionCommand(long PunchId, bool Approve, string? Reason) : BotCommand;

/// <summary>A known command with arguments that could not be read; <see cref="Reply"/> says what is wrong (Chinese).</summary>
public sealed record InvalidCommand(string Name, string Reply) : BotCommand;

/// <summary>Text that is not a command; the bot answers with a pointer to 帮助.</summary>
public sealed record NotACommand : BotCommand;
