using System.Globalization;

namespace Attendance.Bench.Scenarios;

public static class Machine
{
    /// <summary>The 1-minute load average (Linux), so a slow figure on a shared machine can be told apart; 0 elsewhere.</summary>
    public static double LoadAverage() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture, out var load)
            ? load
            : 0;

    /// <summary>"2 cores (model), load average 3.1": what a figure was measured on.</summary>
    public static string Describe()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores{(model is null ? "" : $" ({model})")}, {Environment.OSVersion}, .NET {Environment.Version}, load average {LoadAverage():0.0}");
    }
}
