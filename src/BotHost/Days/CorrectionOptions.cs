namespace Attendance.BotHost.Days;

/// <summary><c>Attendance:Corrections</c>: how many 补卡 requests an employee may make per month, and how far back.</summary>
public sealed class CorrectionOptions
{
    public const string Section = "Attendance:Corrections";

    public int MonthlyLimit { get; set; } = 3;

    public int MaxDaysBack { get; set; } = 7;

    public IEnumerable<string> Validate()
    {
        if (MonthlyLimit is < 0 or > 31)
        {
            yield return "Attendance:Corrections:MonthlyLimit must be between 0 and 31.";
        }

        if (MaxDaysBack is < 0 or > 62)
        {
            yield return "Attendance:Corrections:MaxDaysBack must be between 0 and 62.";
        }
    }
}
