using Attendance.Rules.Punching;

namespace Attendance.Rules.Commands;

/// <summary>
/// The bot's grammar, Chinese first with English aliases. The first word names the command (a Chinese command may
/// also be glued to its argument: "查张三"); the rest are its arguments. Unknown text is <see cref="NotACommand"/>.
/// </summary>
public static partial class BotCommandParser
{
    private static readonly (string Name, string[] Words)[] Names =
    [
        ("help", ["帮助", "help", "菜单", "?"]),
        ("me", ["我的考勤", "我的", "me", "my"]),
        ("query", ["查询", "查", "query"]),
        ("dept", ["部门", "dept"]),
        ("anomalies", ["异常", "anomalies"]),
        ("export", ["导出", "export"]),
        ("correction", ["补卡", "correction"]),
        ("pending", ["待审批", "审批", "pending"]),
        ("reviews", ["待复核", "复核", "reviews"]),
        ("approve", ["通过", "approve"]),
        ("reject", ["驳回", "reject"]),
    ];

    public static BotCommand Parse(string? text, DateOnly today)
    {
        var clean = ChatText.Normalize(text);
        if (clean.Length == 0 || clean.Length > ChatText.MaxLength)
        {
            return new NotACommand();
        }

        var (name, rest) = SplitCommand(clean);
        if (name is null)
        {
            return new NotACommand();
        }

        var args = rest.Length == 0 ? [] : rest.Split(' ');
        return name switch
        {
            "help" => new HelpCommand(),
            "me" => ParseMe(args, today),
            "query" => ParseQuery(args, today),
            "dept" => ParseDepartment(args, today),
            "anomalies" => ParseAnomalies(args, today),
            "export" => ParseExport(args, today),
            "correction" => ParseCorrection(args, today),
            "reviews" => args.Length == 0 ? new PendingReviewsCommand() : Invalid("reviews", "「待复核」不需要参数。"),
            "approve" => ParseDecision(args, approve: true),
            "reject" => ParseDecision(args, approve: false),
            _ => args.Length == 0 ? new PendingCommand() : Invalid("pending", "「待审批」不需要参数。"),
        };
    }

    private static (string? Name, string Arguments) SplitCommand(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var first = space < 0 ? text : text[..space];
        var rest = space < 0 ? "" : text[(space + 1)..];
        foreach (var (name, words) in Names)
        {
            if (words.Any(w => string.Equals(w, first, StringComparison.OrdinalIgnoreCase)))
            {
                return (name, rest);
            }
        }

        // "查张三 昨天": Chinese command words glued to their first argument (longest word first).
        foreach (var (name, words) in Names)
        {
            foreach (var word in words.Where(w => w.Length > 0 && w[0] > 127).OrderByDescending(w => w.Length))
            {
                if (first.StartsWith(word, StringComparison.Ordinal) && first.Length > word.Length
                    && (name is "query" or "dept" or "export" || (name is "approve" or "reject" && GluesToNumber(first[word.Length..]))))
                {
                    return (name, (first[word.Length..] + " " + rest).Trim());
                }
            }
        }

        return (null, "");
    }

    private static BotCommand ParseMe(string[] args, DateOnly today)
    {
        if (args.Length == 0)
        {
            return new MyAttendanceCommand(DateRange.Day(today));
        }

        return ChatDates.TryParseRange(string.Concat(args), today, out var range)
            ? Bounded("me", range, r => new MyAttendanceCommand(r))
            : Invalid("me", "看不懂这个日期。可以写：今天、昨天、3月3日、2026-03-03、本周、本月、上月。");
    }

    private static BotCommand ParseQuery(string[] args, DateOnly today)
    {
        if (args.Length == 0)
        {
            return Invalid("query", "请写要查的人，例如：查 张三 昨天。");
        }

        var who = args[0];
        if (who.Length > 64)
        {
            return Invalid("query", "姓名或账号太长。");
        }

        if (args.Length == 1)
        {
            return new QueryPersonCommand(who, DateRange.Day(today));
        }

        return ChatDates.TryParseRange(string.Concat(args[1..]), today, out var range)
            ? Bounded("query", range, r => new QueryPersonCommand(who, r))
            : Invalid("query", "看不懂这个日期。例如：查 张三 昨天、查 张三 3月1日-3月5日。");
    }

    private static BotCommand ParseDepartment(string[] args, DateOnly today)
    {
        if (args.Length == 0)
        {
            return Invalid("dept", "请写部门名称，例如：部门 研发部 今天。");
        }

        var date = today;
        var nameWords = args;
        if (args.Length > 1 && ChatDates.TryParseDate(args[^1], today, out var last))
        {
            date = last;
            nameWords = args[..^1];
        }
        else if (args.Length > 1)
        {
            return Invalid("dept", "看不懂这个日期。例如：部门 研发部 昨天。");
        }

        var name = string.Join(' ', nameWords);
        return name.Length > 64 ? Invalid("dept", "部门名称太长。") : new DepartmentRollCallCommand(name, date);
    }

    private static BotCommand ParseAnomalies(string[] args, DateOnly today)
    {
        if (args.Length == 0)
        {
            return new AnomaliesCommand(DateRange.Day(today.AddDays(-1)));
        }

        return ChatDates.TryParseRange(string.Concat(args), today, out var range)
            ? Bounded("anomalies", range, r => new AnomaliesCommand(r))
            : Invalid("anomalies", "看不懂这个日期。例如：异常 昨天、异常 本周。");
    }

    private static BotCommand ParseExport(string[] args, DateOnly today)
    {
        var last = today.AddMonths(-1);
        if (args.Length == 0)
        {
            return new ExportCommand(last.Year, last.Month, null);
        }

        if (ChatDates.TryParseMonth(args[0], today, out var year, out var month))
        {
            var department = args.Length > 1 ? string.Join(' ', args[1..]) : null;
            return department is { Length: > 64 } ? Invalid("export", "部门名称太长。") : new ExportCommand(year, month, department);
        }

        var name = string.Join(' ', args);
        return name.Length > 64 ? Invalid("export", "部门名称太长。") : new ExportCommand(last.Year, last.Month, name);
    }

    private static BotCommand ParseCorrection(string[] args, DateOnly today)
    {
        const string usage = "格式：补卡 日期 上班|下班 时间 原因，例如：补卡 昨天 上班 08:55 忘记打卡。";
        if (args.Length < 4)
        {
            return Invalid("correction", usage);
        }

        if (!ChatDates.TryParseDate(args[0], today, out var date))
        {
            return Invalid("correction", "看不懂补卡日期。" + usage);
        }

        PunchKind? kind = args[1].ToLowerInvariant() switch
        {
            "上班" or "签到" or "in" => PunchKind.In,
            "下班" or "签退" or "out" => PunchKind.Out,
            _ => null,
        };
        if (kind is null)
        {
            return Invalid("correction", "请写「上班」或「下班」。" + usage);
        }

        if (!ChatDates.TryParseTime(args[2], out var time))
        {
            return Invalid("correction", "看不懂补卡时间，请写成 08:55。" + usage);
        }

        var reason = string.Join(' ', args[3..]);
        if (reason.Length > 200)
        {
            return Invalid("correction", "原因请控制在 200 字以内。");
        }

        return date > today ? Invalid("correction", "不能为将来的日期补卡。") : new CorrectionCommand(date, kind.Value, time, reason);
    }

    /// <summary>Ranges are capped so one message cannot ask for years of data.</summary>
    private static BotCommand Bounded(string name, DateRange range, Func<DateRange, BotCommand> make) =>
        range.Days > 62 ? Invalid(name, "日期范围最多 62 天。") : make(range);

    private static InvalidCommand Invalid(string name, string reply) => new(name, reply);

    /// <summary>The help text (Chinese), listing every command.</summary>
    public const string HelpText =
        "考勤助手可以帮您：\n" +
        "· 我的考勤 [今天|昨天|3月3日|本周|本月|上月]\n" +
        "· 补卡 日期 上班|下班 时间 原因（例：补卡 昨天 上班 08:55 忘记打卡）\n" +
        "· 查 姓名或账号 [日期|范围]（主管、人事）\n" +
        "· 部门 名称 [日期]：当日到岗情况\n" +
        "· 异常 [日期]：您管理范围内的异常\n" +
        "· 导出 [月份] [部门]：月度考勤表（人事）\n" +
        "· 待审批：等您审批的补卡\n" +
        "· 待复核：等您复核的打卡（主管、人事）\n" +
        "· 通过 编号 / 驳回 编号 原因：复核一条打卡\n" +
        "英文别名：help, me, query, dept, anomalies, export, correction, pending, reviews, approve, reject";
}
