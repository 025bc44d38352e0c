using System.Diagnostics;
using System.Text;

namespace Attendance.MiniProgram.Tests;

/// <summary>
/// The mini-program's Node test directory and how to run jest in it. Node and the installed packages
/// (<c>npm ci</c>, which .ci/run does) are required: missing, the test skips locally and fails under CI=true.
/// </summary>
public static class NodeSuite
{
    public static string Directory { get; } = Path.Combine(RepositoryRoot(), "clients", "miniprogram-tests");

    public static string Jest => Path.Combine(Directory, "node_modules", "jest", "bin", "jest.js");

    /// <summary>Skips (or under CI=true fails) the calling test when Node or the suite's packages are missing.</summary>
    public static string RequireNode()
    {
        var node = FindOnPath("node");
        string? missing = null;
        if (node is null)
        {
            missing = "node is not on PATH: install Node.js 20 or later (Debian: apt-get install nodejs npm).";
        }
        else if (!File.Exists(Jest))
        {
            missing = $"the mini-program tests' packages are not installed: run `npm ci` in {Directory} (.ci/run does).";
        }

        if (missing is null)
        {
            return node!;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(missing);
        }

        Assert.Skip(missing);
        return "";
    }

    /// <summary>Runs jest to the end; the exit code and everything it printed (stdout and stderr interleaved as read).</summary>
    public static async Task<(int ExitCode, string Output)> RunJestAsync(string node, IDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Jest);
        start.ArgumentList.Add("--ci");
        start.ArgumentList.Add("--colors=false");
        if (Environment.GetEnvironmentVariable("MP_JEST_FILTER") is { Length: > 0 } filter)
        {
            start.ArgumentList.Add(filter);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Append(output, $"jest did not finish within {timeout}: killed.");
            return (-1, Snapshot(output));
        }

        return (process.ExitCode, Snapshot(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Attendance.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Attendance.sln not found above {AppContext.BaseDirectory}");
    }
}
