using Attendance.BotHost.Days;

namespace Attendance.BotHost.Tests.Days;

/// <summary>OWASP CSV injection: a cell that starts with = + - @ tab or CR is neutralised with a leading apostrophe.</summary>
public sealed class CsvInjectionTests
{
    [Theory]
    [InlineData("-1+cmd|' /C calc'!A0", "\"'-1+cmd|' /C calc'!A0\"")]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1", "\"'+1\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("\tX", "\"'\tX\"")]
    [InlineData("\rY", "\"'\rY\"")]
    [InlineData("张三", "张三")]
    [InlineData("王, 芳", "\"王, 芳\"")]
    public void Every_dangerous_first_character_is_neutralised(string name, string expectedCell)
    {
        var report = new MonthlyReport("2026-10", null, [new MonthlyReportRow("u1", name, 1, "总部", 22, 21, 1, 6, 0, 0, 0, 0, 0, 0, 0.5m, 0, 0, 0, 0)]);

        var csv = Encoding.UTF8.GetString(MonthlyReportFormats.Csv(report)).TrimStart('\uFEFF');
        var line = csv.Split("\r\n")[1];

        line.Should().StartWith("u1," + expectedCell + ",总部,22,21,1,6,");
    }
}
