using System.Globalization;
using Attendance.Rules.Common;

namespace Attendance.BotHost.Configuration;

/// <summary>The <c>Attendance</c> configuration section.</summary>
public sealed class AttendanceOptions
{
    public const string Section = "Attendance";

    public string TimeZone { get; set; } = TimeZones.Default;

    /// <summary>Local time at which one working day ends and the next begins ("HH:mm").</summary>
    public string DayBoundary { get; set; } = "04:00";

    public string PhotoRoot { get; set; } = "data/photos";

    public int PhotoRetentionDays { get; set; } = 90;

    /// <summary><c>Attendance:PhotoStore</c>: a directory (the default) or an S3-compatible bucket.</summary>
    public PhotoStoreOptions PhotoStore { get; set; } = new();

    /// <summary><c>Attendance:Review</c>: human review of flagged punches.</summary>
    public ReviewOptions Review { get; set; } = new();

    public TimeOnly DayBoundaryTime => TimeOnly.ParseExact(DayBoundary, "HH:mm", CultureInfo.InvariantCulture);

    public IEnumerable<string> Validate()
    {
        if (!TimeZones.TryFind(TimeZone, out _))
        {
            yield return $"Attendance:TimeZone '{TimeZone}' is not a known IANA time zone (e.g. Asia/Shanghai).";
        }

        if (!TimeOnly.TryParseExact(DayBoundary, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var boundary)
            || boundary > new TimeOnly(12, 0))
        {
            yield return $"Attendance:DayBoundary '{DayBoundary}' must be a time HH:mm between 00:00 and 12:00.";
        }

        if (string.IsNullOrWhiteSpace(PhotoRoot))
        {
            yield return "Attendance:PhotoRoot is required.";
        }

        if (PhotoRetentionDays is < 1 or > 3650)
        {
            yield return "Attendance:PhotoRetentionDays must be between 1 and 3650.";
        }

        foreach (var problem in PhotoStore.Validate())
        {
            yield return problem;
        }

        if (Review.EscalateAfterHours is < 1 or > 720)
        {
            yield return "Attendance:Review:EscalateAfterHours must be between 1 and 720.";
        }
    }
}

/// <summary>The <c>Attendance:Review</c> configuration section.</summary>
public sealed class ReviewOptions
{
    /// <summary>Flagged punches undecided for longer are listed for HR in the next digest as 待复核超时.</summary>
    public int EscalateAfterHours { get; set; } = 48;
}
