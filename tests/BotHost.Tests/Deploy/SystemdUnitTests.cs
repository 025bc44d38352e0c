namespace Attendance.BotHost.Tests.Deploy;

/// <summary>
/// The units under <c>deploy/systemd</c> as systemd itself reads them: <c>systemd-analyze verify</c> on copies whose
/// paths point at this build's host and the machine's dotnet, and <c>systemd-analyze security</c> for the hardening.
/// verify exits 0 on an unknown key or a value it cannot parse (it only warns and ignores the line), so a clean unit
/// here is one that exits 0 and prints nothing; the broken copies show that the check sees both kinds of fault.
/// </summary>
public sealed class SystemdUnitTests : IDisposable
{
    // Settings that say what runs and how it is supervised; every other [Service] line is hardening.
    private static readonly HashSet<string> NotHardening =
    [
        "Type", "User", "Group", "WorkingDirectory", "Environment", "EnvironmentFile", "ExecStart", "TimeoutStopSec",
        "TimeoutStartSec", "Restart", "RestartSec", "RestartPreventExitStatus", "SyslogIdentifier",
    ];

    private readonly string _dir = System.IO.Directory.CreateTempSubdirectory("attendance-units-").FullName;

    public void Dispose() => System.IO.Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_units_pass_systemd_analyze_verify_without_a_warning()
    {
        var analyze = RequireSystemdAnalyze();
        var (host, migrate) = CopyUnits(_dir);

        var (exitCode, output) = await DeployFiles.RunAsync(analyze, "verify", host, migrate);

        exitCode.Should().Be(0, output);
        output.Should().BeEmpty("verify warns about unknown keys and bad values without failing");
    }

    [Fact]
    public async Task A_misspelt_setting_or_a_missing_program_fails_the_same_check()
    {
        var analyze = RequireSystemdAnalyze();
        var typo = Broken("typo", "ProtectSystem=strict", "ProtectSytem=strict");
        var badValue = Broken("value", "Type=exec", "Type=forky");
        var noProgram = Broken("program", "ExecStart=/", "ExecStart=/nonexistent/");

        var typoResult = await DeployFiles.RunAsync(analyze, "verify", typo);
        var badValueResult = await DeployFiles.RunAsync(analyze, "verify", badValue);
        var noProgramResult = await DeployFiles.RunAsync(analyze, "verify", noProgram);

        typoResult.Output.Should().Contain("Unknown key", "a misspelt hardening line would silently not apply");
        badValueResult.Output.Should().Contain("Failed to parse");
        noProgramResult.ExitCode.Should().NotBe(0, noProgramResult.Output);
        noProgramResult.Output.Should().Contain("is not executable");
    }

    [Fact]
    public async Task The_hardening_keeps_the_exposure_score_at_most_2()
    {
        var analyze = RequireSystemdAnalyze();
        var (host, migrate) = CopyUnits(_dir);
        var weak = Weakened("weak", l => l.Split('=')[0] is "SystemCallFilter" or "CapabilityBoundingSet"
                                         || l.StartsWith("Protect", StringComparison.Ordinal) || l.StartsWith("Private", StringComparison.Ordinal)
                                         || l.StartsWith("Restrict", StringComparison.Ordinal));

        // The threshold is on systemd's 0-100 scale: 20 is the "2.0" it prints.
        string[] security = ["security", "--offline=yes", "--threshold=20", "--no-pager"];
        var strong = await DeployFiles.RunAsync(analyze, [.. security, host, migrate]);
        var stripped = await DeployFiles.RunAsync(analyze, [.. security, weak]);

        strong.ExitCode.Should().Be(0, strong.Output);
        stripped.ExitCode.Should().NotBe(0, "without its hardening the unit scores above the threshold:\n" + stripped.Output);
    }

    [Fact]
    public void The_migration_unit_runs_under_the_host_units_hardening()
    {
        Hardening(DeployFiles.MigrateUnit).Should().Equal(Hardening(DeployFiles.HostUnit),
            "migrations run the same program with the same secrets");
        Hardening(DeployFiles.HostUnit).Should().Contain([("NoNewPrivileges", "yes"), ("ProtectSystem", "strict"), ("PrivateTmp", "yes")]);
    }

    [Fact]
    public void Both_units_take_settings_from_the_environment_file_and_restart_the_host_only_on_failure()
    {
        foreach (var unit in new[] { DeployFiles.HostUnit, DeployFiles.MigrateUnit })
        {
            var settings = DeployFiles.ServiceSettings(unit);
            settings.Should().Contain(("EnvironmentFile", "/etc/attendance/attendance.env"), unit);
            settings.Should().Contain(("User", "attendance"), unit);
            settings.Where(s => s.Key == "Environment").Select(s => s.Value)
                .Should().OnlyContain(v => !v.Contains("Security__", StringComparison.Ordinal) && !v.Contains("Password", StringComparison.Ordinal),
                    "secrets live in the environment file only");
        }

        var host = DeployFiles.ServiceSettings(DeployFiles.HostUnit);
        host.Should().Contain(("Restart", "on-failure"));
        host.Should().Contain(("RestartPreventExitStatus", "2 3"), "invalid configuration (2) and a held SQLite file (3) do not heal by restarting");
    }

    /// <summary>Skips where the tool is missing; the machine image ships systemd, so under CI its absence is a failure.</summary>
    private static string RequireSystemdAnalyze()
    {
        if (DeployFiles.FindOnPath("systemd-analyze") is { } path)
        {
            return path;
        }

        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail("systemd-analyze is missing, but the machine image ships systemd (Debian package systemd)");
        }

        Assert.Skip("systemd-analyze is not installed (Debian package systemd); the unit files were not verified");
        return "";
    }

    /// <summary>Copies of both units whose ExecStart names files that exist here: this build's host and the real dotnet.</summary>
    public static (string HostInstance, string Migrate) CopyUnits(string dir)
    {
        var dotnet = DeployFiles.FindOnPath("dotnet") ?? throw new InvalidOperationException("dotnet is not on PATH");
        var hostDir = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        File.Exists(Path.Combine(hostDir, "Attendance.BotHost.dll")).Should().BeTrue("the test output holds the built host");
        foreach (var unit in new[] { DeployFiles.HostUnit, DeployFiles.MigrateUnit })
        {
            var text = File.ReadAllText(unit)
                .Replace("/usr/bin/dotnet ", dotnet + " ", StringComparison.Ordinal)
                .Replace("/opt/attendance/current", hostDir, StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(dir, Path.GetFileName(unit)), text);
        }

        // An instance of the template: verify loads attendance@.service from beside it.
        return (Path.Combine(dir, "attendance@5081.service"), Path.Combine(dir, "attendance-migrate.service"));
    }

    /// <summary>A copy of the host unit with one text replaced; returns the instance to check.</summary>
    private string Broken(string name, string find, string replace) => Changed(name, text =>
    {
        text.Should().Contain(find);
        return text.Replace(find, replace, StringComparison.Ordinal);
    });

    /// <summary>A copy of the host unit without the lines <paramref name="drop"/> picks; returns the instance to check.</summary>
    private string Weakened(string name, Func<string, bool> drop) =>
        Changed(name, text => string.Join('\n', text.Split('\n').Where(l => !drop(l))));

    private string Changed(string name, Func<string, string> change)
    {
        var dir = System.IO.Directory.CreateDirectory(Path.Combine(_dir, name)).FullName;
        var (host, _) = CopyUnits(dir);
        var template = Path.Combine(dir, "attendance@.service");
        File.WriteAllText(template, change(File.ReadAllText(template)));
        return host;
    }

    private static List<(string Key, string Value)> Hardening(string unit) =>
        [.. DeployFiles.ServiceSettings(unit).Where(s => !NotHardening.Contains(s.Key))];
}
