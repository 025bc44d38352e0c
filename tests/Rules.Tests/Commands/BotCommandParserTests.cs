using Attendance.Rules.Commands;

namespace Attendance.Rules.Tests.Commands;

public class BotCommandParserTests
{
    // A Wednesday.
    private static readonly DateOnly Today = new(2026, 3, 4);

    private static DateRange Day(int month, int day, int year = 2026) => DateRange.Day(new DateOnly(year, month, day));

    private static DateRange Range(int m1, int d1, int m2, int d2) => new(new DateOnly(2026, m1, d1), new DateOnly(2026, m2, d2));

    public static TheoryData<string, BotCommand> Valid => new()
    {
        { "帮助", new HelpCommand() },
        { "help", new HelpCommand() },
        { "  HELP！ ", new HelpCommand() },
        { "@考勤助手 帮助", new HelpCommand() },
        { "我的考勤", new MyAttendanceCommand(Day(3, 4)) },
        { "我的考勤 昨天", new MyAttendanceCommand(Day(3, 3)) },
        { "我的考勤　前天", new MyAttendanceCommand(Day(3, 2)) },
        { "我的考勤 3月3日", new MyAttendanceCommand(Day(3, 3)) },
        { "我的考勤 ３／３", new MyAttendanceCommand(Day(3, 3)) },
        { "我的考勤 2026-03-03", new MyAttendanceCommand(Day(3, 3)) },
        { "我的考勤 2026年3月3日", new MyAttendanceCommand(Day(3, 3)) },
        { "我的考勤 本周", new MyAttendanceCommand(Range(3, 2, 3, 4)) },
        { "我的考勤 上周", new MyAttendanceCommand(Range(2, 23, 3, 1)) },
        { "我的考勤 本月", new MyAttendanceCommand(Range(3, 1, 3, 4)) },
        { "我的考勤 上月", new MyAttendanceCommand(Range(2, 1, 2, 28)) },
        { "me yesterday", new MyAttendanceCommand(Day(3, 3)) },
        { "我的考勤 12月30日", new MyAttendanceCommand(Day(12, 30, 2025)) },
        { "查 张三", new QueryPersonCommand("张三", Day(3, 4)) },
        { "查张三 昨天", new QueryPersonCommand("张三", Day(3, 3)) },
        { "查 zhangsan 3月1日-3月3日", new QueryPersonCommand("zhangsan", Range(3, 1, 3, 3)) },
        { "查 zhangsan 3月1日 至 3月3日", new QueryPersonCommand("zhangsan", Range(3, 1, 3, 3)) },
        { "query zhangsan 2026-03-01~2026-03-03", new QueryPersonCommand("zhangsan", Range(3, 1, 3, 3)) },
        { "查 张三 2026-03-01-2026-03-03", new QueryPersonCommand("张三", Range(3, 1, 3, 3)) },
        { "部门 研发部", new DepartmentRollCallCommand("研发部", Today) },
        { "部门 研发部 昨天", new DepartmentRollCallCommand("研发部", Today.AddDays(-1)) },
        { "dept R&D 3/3", new DepartmentRollCallCommand("R&D", Today.AddDays(-1)) },
        { "异常", new AnomaliesCommand(Day(3, 3)) },
        { "异常 本周", new AnomaliesCommand(Range(3, 2, 3, 4)) },
        { "导出", new ExportCommand(2026, 2, null) },
        { "导出 本月", new ExportCommand(2026, 3, null) },
        { "导出 2026-01 研发部", new ExportCommand(2026, 1, "研发部") },
        { "导出 2月 行政人事部", new ExportCommand(2026, 2, "行政人事部") },
        { "导出 12月", new ExportCommand(2025, 12, null) },
        { "导出 研发部", new ExportCommand(2026, 2, "研发部") },
        { "补卡 昨天 上班 08:55 忘记打卡", new CorrectionCommand(new DateOnly(2026, 3, 3), PunchKind.In, new TimeOnly(8, 55), "忘记打卡") },
        { "补卡 3月2日 下班 18点半 手机没电了，忘带充电器", new CorrectionCommand(new DateOnly(2026, 3, 2), PunchKind.Out, new TimeOnly(18, 30), "手机没电了 忘带充电器") },
        { "补卡　３月２日　下班　１８：０５　外出开会", new CorrectionCommand(new DateOnly(2026, 3, 2), PunchKind.Out, new TimeOnly(18, 5), "外出开会") },
        { "correction 2026-03-02 in 9:00 visiting client", new CorrectionCommand(new DateOnly(2026, 3, 2), PunchKind.In, new TimeOnly(9, 0), "visiting client") },
        { "待审批", new PendingCommand() },
        { "pending", new PendingCommand() },
        { "待复核", new PendingReviewsCommand() },
        { "reviews", new PendingReviewsCommand() },
        { "通过 123", new ReviewDecisionCommand(123, true, null) },
        { "通过 #123", new ReviewDecisionCommand(123, true, null) },
        { "通过 编号 123", new ReviewDecisionCommand(123, true, null) },
        { "通过１２３", new ReviewDecisionCommand(123, true, null) },
        { "approve 7", new ReviewDecisionCommand(7, true, null) },
        { "驳回 123 当时不在公司", new ReviewDecisionCommand(123, false, "当时不在公司") },
        { "驳回 编号123 定位是假的，设备也不是本人的。", new ReviewDecisionCommand(123, false, "定位是假的 设备也不是本人的") },
        { "驳回45 代打卡", new ReviewDecisionCommand(45, false, "代打卡") },
        { "reject 9 not at the office", new ReviewDecisionCommand(9, false, "not at the office") },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parses(string text, BotCommand expected) => BotCommandParser.Parse(text, Today).Should().Be(expected);

    public static TheoryData<string, string> Malformed => new()
    {
        { "我的考勤 明年", "me" },
        { "我的考勤 2026-02-30", "me" },
        { "我的考勤 2025-01-01至2026-03-01", "me" },
        { "查", "query" },
        { "查 张三 某天", "query" },
        { "部门", "dept" },
        { "部门 研发部 某天", "dept" },
        { "补卡", "correction" },
        { "补卡 昨天 上班", "correction" },
        { "补卡 昨天 午饭 08:55 原因", "correction" },
        { "补卡 昨天 上班 25:00 原因", "correction" },
        { "补卡 某天 上班 08:00 原因", "correction" },
        { "补卡 2026-03-10 上班 08:00 提前补", "correction" },
        { "待审批 全部", "pending" },
        { "待复核 全部", "reviews" },
        { "通过", "approve" },
        { "通过 abc", "approve" },
        { "通过 0", "approve" },
        { "通过 12 34", "approve" },
        { "通过 1234567890123456789", "approve" },
        { "驳回 12", "reject" },
        { "驳回 原因", "reject" },
        { "驳回 12 " + new string('长', 201), "reject" },
        { "异常 下周", "anomalies" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_commands_say_what_is_wrong_in_Chinese(string text, string command)
    {
        var parsed = BotCommandParser.Parse(text, Today).Should().BeOfType<InvalidCommand>().Which;
        parsed.Name.Should().Be(command);
        parsed.Reply.Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}");
    }

    [Theory]
    [InlineData("你好")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("'; DROP TABLE punches; --")]
    [InlineData("😀😀😀")]
    [InlineData("通过了吗")]
    [InlineData("驳回了")]
    [InlineData("\u0000\u0007\u001b[31m")]
    public void Other_text_is_not_a_command(string text) =>
        BotCommandParser.Parse(text, Today).Should().BeOfType<NotACommand>();

    [Fact]
    public void Ten_kilobytes_of_text_is_not_a_command() =>
        BotCommandParser.Parse("帮助" + new string('x', 10_000), Today).Should().BeOfType<NotACommand>();

    [Fact]
    public void Control_characters_inside_arguments_are_treated_as_spaces() =>
        BotCommandParser.Parse("查\tzhangsan\u200b\n昨天", Today).Should().Be(new QueryPersonCommand("zhangsan", DateRange.Day(Today.AddDays(-1))));

    [Fact]
    public void Help_lists_every_command() =>
        new[] { "我的考勤", "补卡", "查", "部门", "异常", "导出", "待审批", "待复核", "通过", "驳回" }.Should().AllSatisfy(w => BotCommandParser.HelpText.Should().Contain(w));
}
