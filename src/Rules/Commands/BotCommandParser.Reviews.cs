using System.Globalization;

namespace Attendance.Rules.Commands;

/// <summary>通过 &lt;编号&gt; and 驳回 &lt;编号&gt; &lt;原因&gt;: decisions on flagged punches.</summary>
public static partial class BotCommandParser
{
    /// <summary>The longest rejection reason a reviewer may write (as the review service stores it).</summary>
    public const int MaxReviewReasonLength = 200;

    private static BotCommand ParseDecision(string[] args, bool approve)
    {
        var name = approve ? "approve" : "reject";
        if (args.Length > 1 && args[0] is "编号" or "#")
        {
            args = args[1..];
        }

        var usage = approve ? "格式：通过 编号，例如：通过 123。" : "格式：驳回 编号 原因，例如：驳回 123 当时不在公司。";
        if (args.Length == 0 || !TryParsePunchId(args[0], out var id))
        {
            return Invalid(name, "请写打卡编号（发送「待复核」查看）。" + usage);
        }

        if (approve)
        {
            return args.Length == 1 ? new ReviewDecisionCommand(id, true, null) : Invalid(name, "「通过」只需要编号。" + usage);
        }

        var reason = string.Join(' ', args[1..]);
        if (reason.Length == 0)
        {
            return Invalid(name, "驳回须写明原因。" + usage);
        }

        return reason.Length > MaxReviewReasonLength
            ? Invalid(name, $"原因请控制在 {MaxReviewReasonLength} 字以内。")
            : new ReviewDecisionCommand(id, false, reason);
    }

    /// <summary>"123", "#123" or "编号123" (as the lists and cards write it); ids are positive.</summary>
    private static bool TryParsePunchId(string text, out long id)
    {
        var digits = text.StartsWith('#') ? text[1..] : text.StartsWith("编号", StringComparison.Ordinal) ? text[2..] : text;
        id = 0;
        return digits.Length is > 0 and <= 18 && digits.All(char.IsAsciiDigit)
               && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
    }

    /// <summary>"通过123": glued only to a number, so everyday sentences that start with 通过 stay what they are.</summary>
    private static bool GluesToNumber(string rest) => rest.Length > 0 && (char.IsAsciiDigit(rest[0]) || rest[0] == '#');
}
