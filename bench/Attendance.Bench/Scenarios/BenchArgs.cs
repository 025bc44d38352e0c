using System.Globalization;

namespace Attendance.Bench.Scenarios;

/// <summary><c>--name=value</c> options with defaults.</summary>
public sealed class BenchArgs(string[] args)
{
    public int Int(string name, int fallback) => String(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    /// <summary>The value of <c>--name=value</c>, or null when it is not given.</summary>
    public string? String(string name) =>
        args.FirstOrDefault(a => a.StartsWith($"--{name}=", StringComparison.Ordinal)) is { } a ? a[(name.Length + 3)..] : null;
}
