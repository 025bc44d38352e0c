using System.Globalization;

namespace Attendance.Bench.Scenarios;

public static class Machine
{
    /// <summary>The 1-minute load average (Linux), so a slow figure on a shared machine can be told apart; 0 elsewhere.</summary>
    public static double LoadAverage() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture, out var load)
            ? load
            : 0;
}
