using System.Globalization;

namespace Attendance.Bench.Scenarios;

/// <summary><c>--name=value</c> options with defaults.</summary>
public sealed class BenchArgs(string[] args)
{
    public int Int(string name, int fallback) =>
        args.FirstOrDefault(a => a.StartsWith($"--{name}=", StringComparison.Ordinal)) is { } a
            ? int.Parse(a[(name.Length + 3)..], CultureInfo.InvariantCulture)
            : fallback;
}
