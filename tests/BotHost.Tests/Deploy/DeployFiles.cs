using System.Diagnostics;
using Attendance.Testing.FaceModels;

namespace Attendance.BotHost.Tests.Deploy;

/// <summary>The files under <c>deploy/</c>, read the way systemd and the shell read them, and a way to run a tool.</summary>
public static class DeployFiles
{
    public static string Directory => Path.Combine(FaceModelDirectory.RepositoryRoot(), "deploy");

    public static string HostUnit => Path.Combine(Directory, "systemd", "attendance@.service");

    public static string MigrateUnit => Path.Combine(Directory, "systemd", "attendance-migrate.service");

    public static string EnvironmentExample => Path.Combine(Directory, "attendance.env.example");

    public static string NginxConfig => Path.Combine(Directory, "nginx", "attendance.conf");

    /// <summary>The unit's <c>[Service]</c> assignments in order (a key may repeat), comments and blank lines left out.</summary>
    public static List<(string Key, string Value)> ServiceSettings(string unitFile)
    {
        var settings = new List<(string, string)>();
        var inService = false;
        foreach (var raw in File.ReadAllLines(unitFile))
        {
            var line = raw.Trim();
            if (line.StartsWith('['))
            {
                inService = line == "[Service]";
            }
            else if (inService && line.Length > 0 && line[0] is not ('#' or ';') && line.IndexOf('=', StringComparison.Ordinal) is > 0 and var eq)
            {
                settings.Add((line[..eq], line[(eq + 1)..]));
            }
        }

        return settings;
    }

    /// <summary>
    /// The example's assignments. Only plain <c>KEY=VALUE</c> lines are allowed (no quotes, spaces or escapes), so that
    /// systemd's EnvironmentFile= and a shell's <c>set -a; . file</c> read the same values as this parser.
    /// </summary>
    public static List<KeyValuePair<string, string>> EnvironmentAssignments(string file)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var (line, number) in File.ReadAllLines(file).Select((l, i) => (l, i + 1)))
        {
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            System.Text.RegularExpressions.Regex.IsMatch(line, @"^[A-Za-z_][A-Za-z0-9_]*=[^\s""'\\$`]*$")
                .Should().BeTrue($"line {number} of {Path.GetFileName(file)} is a plain KEY=VALUE: {line}");
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            pairs.Add(new(line[..eq], line[(eq + 1)..]));
        }

        return pairs;
    }

    /// <summary>The command-line settings (<c>--Key=Value</c>) of the unit's ExecStart, with the instance and host filled in.</summary>
    public static Dictionary<string, string> ExecStartSettings(string unitFile, string instance, string shortHost) =>
        ServiceSettings(unitFile).Single(s => s.Key == "ExecStart").Value
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal))
            .Select(a => a[2..].Replace("%i", instance, StringComparison.Ordinal).Replace("%l", shortHost, StringComparison.Ordinal))
            .ToDictionary(a => a[..a.IndexOf('=', StringComparison.Ordinal)], a => a[(a.IndexOf('=', StringComparison.Ordinal) + 1)..]);

    /// <summary>An executable on PATH with symbolic links resolved, or null.</summary>
    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, name))
        .Where(File.Exists)
        .Select(path => new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path)
        .FirstOrDefault();

    /// <summary>Runs a tool to its end (at most a minute) and returns its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }
}
