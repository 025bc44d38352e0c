using System.Diagnostics;
using Xunit;

namespace Attendance.Testing.FaceModels;

/// <summary>
/// The face model pack for tests: fetched once per test process by scripts/fetch-face-models.sh into models/face at
/// the repository root (the script skips the download when the files are there with the right hashes).
/// </summary>
public static class FaceModelDirectory
{
    private static readonly Lazy<(string? Directory, string? Failure)> Fetched = new(Fetch);

    /// <summary>
    /// The directory of a verified pack; skips the running test with the reason when it cannot be fetched, except
    /// under CI=true, where it fails: a CI run that skipped the face tests would prove nothing about them.
    /// </summary>
    public static string Require()
    {
        var (directory, failure) = Fetched.Value;
        if (directory is not null)
            return directory;

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail($"CI=true but the face model pack is unavailable: {failure}");
        Assert.Skip($"face model pack unavailable: {failure}");
        return string.Empty;
    }

    /// <summary>The directory holding Attendance.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Attendance.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"No Attendance.sln above {AppContext.BaseDirectory}.");
    }

    private static (string?, string?) Fetch()
    {
        var root = RepositoryRoot();
        var target = Path.Combine(root, "models", "face");
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(root, "scripts", "fetch-face-models.sh"));
        start.ArgumentList.Add(target);
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return process.ExitCode == 0
                ? (target, null)
                : (null, $"scripts/fetch-face-models.sh exited {process.ExitCode}: {stderr.Result.Trim()} {stdout.Result.Trim()}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (null, $"bash could not be started: {e.Message}");
        }
    }
}
