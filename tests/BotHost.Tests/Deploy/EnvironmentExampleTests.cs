using Attendance.BotHost.Configuration;
using Attendance.BotHost.Days;
using Attendance.BotHost.Face;
using Attendance.BotHost.Jobs;
using Attendance.BotHost.Outbox;
using Attendance.BotHost.Punching;
using Attendance.BotHost.PunchPage;
using Attendance.WeCom;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Tests.Deploy;

/// <summary>
/// <c>deploy/attendance.env.example</c> against the host: every key it names binds to a property of the host's own
/// options (binding otherwise ignores a misspelt key in silence), and, its placeholders filled in, it passes the
/// host's start-up validation together with what the unit adds on the command line.
/// </summary>
public sealed class EnvironmentExampleTests
{
    private const string Placeholder = "CHANGE_ME";

    // Each options class and the section it binds, as the host registers them.
    private static readonly Dictionary<string, Type> Sections = new(StringComparer.OrdinalIgnoreCase)
    {
        [DatabaseOptions.Section] = typeof(DatabaseOptions),
        [AttendanceOptions.Section] = typeof(AttendanceOptions),
        [CorrectionOptions.Section] = typeof(CorrectionOptions),
        [SecurityOptions.Section] = typeof(SecurityOptions),
        [WeComOptions.SectionName] = typeof(WeComOptions),
        [ForwardedHeadersSettings.Section] = typeof(ForwardedHeadersSettings),
        [PunchPageOptions.Section] = typeof(PunchPageOptions),
        [PunchingOptions.Section] = typeof(PunchingOptions),
        [OutboxOptions.Section] = typeof(OutboxOptions),
        [SchedulingOptions.Section] = typeof(SchedulingOptions),
        [FaceOptions.Section] = typeof(FaceOptions),
    };

    // Valid stand-ins for the placeholders whose format the host checks; any other placeholder must pass as it is.
    private static readonly Dictionary<string, string> FilledIn = new(StringComparer.Ordinal)
    {
        ["Security__SessionSigningKey"] = Convert.ToBase64String(new byte[32]),
        ["Security__DataEncryptionKey"] = Convert.ToBase64String(new byte[32]),
        ["Security__AdminKeys__0"] = new string('a', 48),
        ["WeCom__CallbackToken"] = "token123",
        ["WeCom__CallbackEncodingAESKey"] = Convert.ToBase64String(new byte[32]).TrimEnd('='),
    };

    [Fact]
    public void Every_key_in_the_example_is_a_setting_the_host_reads()
    {
        var example = Example();
        var unitOnly = DeployFiles.ServiceSettings(DeployFiles.HostUnit).Single(s => s.Key == "ExecStart").Value;

        UnknownKeys(example).Should().BeEmpty();
        unitOnly.Should().Contain("${ATTENDANCE_LISTEN}", "ATTENDANCE_LISTEN is the one key the unit reads, not the host");
        UnknownKeys([new("Attendance__PhotoStore__Bukket", "photos"), new("Attendence__TimeZone", "Asia/Shanghai")])
            .Should().HaveCount(2, "the check must catch a misspelt key and an unknown section");
    }

    [Fact]
    public async Task The_example_filled_in_passes_the_hosts_start_up_validation_with_the_units_arguments()
    {
        var example = Example();
        var listen = example.Single(p => p.Key == "ATTENDANCE_LISTEN").Value;
        var fromUnit = DeployFiles.ExecStartSettings(DeployFiles.HostUnit, "5081", "kq-app-01");
        string[] args =
        [
            $"--environment={example.Single(p => p.Key == "ASPNETCORE_ENVIRONMENT").Value}",
            .. example.Where(p => p.Key is not ("ASPNETCORE_ENVIRONMENT" or "ATTENDANCE_LISTEN"))
                .Select(p => $"--{p.Key.Replace("__", ":", StringComparison.Ordinal)}={p.Value}"),
            .. fromUnit.Select(s => $"--{s.Key}={s.Value.Replace("${ATTENDANCE_LISTEN}", listen, StringComparison.Ordinal)}"),
        ];

        var app = HostProgram.Build(args);
        await using (app)
        {
            FluentActions.Invoking(() => app.Services.GetRequiredService<IStartupValidator>().Validate()).Should().NotThrow();
            var wecom = app.Services.GetRequiredService<IOptions<WeComOptions>>().Value;
            wecom.ValidateApi().Concat(wecom.ValidateCallback()).Should().BeEmpty("the example configures WeCom fully");
            app.Services.GetRequiredService<OutboxOptions>().HostName.Should().Be("kq-app-01-5081");
            app.Environment.IsProduction().Should().BeTrue();
            app.Configuration["urls"].Should().Be("http://127.0.0.1:5081");

            // systemd sends SIGKILL after TimeoutStopSec: the host's own graceful stop must end well before.
            var stopTimeout = TimeSpan.FromSeconds(int.Parse(
                DeployFiles.ServiceSettings(DeployFiles.HostUnit).Single(s => s.Key == "TimeoutStopSec").Value, CultureInfo.InvariantCulture));
            var shutdown = app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
            (shutdown + TimeSpan.FromSeconds(10)).Should().BeLessThanOrEqualTo(stopTimeout);
        }
    }

    [Fact]
    public void The_example_is_the_several_hosts_recipe_and_holds_no_secret()
    {
        var raw = DeployFiles.EnvironmentAssignments(DeployFiles.EnvironmentExample).ToDictionary(p => p.Key, p => p.Value);

        raw.Should().Contain(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database__Provider"] = "postgres",
            ["Database__MigrateOnStart"] = "false",
            ["Security__DevLogin"] = "false",
            ["Attendance__PhotoStore__Kind"] = "s3",
        });
        raw.Keys.Should().NotContain(k => k.StartsWith("Outbox__HostName", StringComparison.Ordinal) || k.Equals("Urls", StringComparison.OrdinalIgnoreCase),
            "one file serves every instance; the unit gives each its own name and port");
        raw.Where(p => (p.Key.StartsWith("Security__", StringComparison.Ordinal) && p.Key != "Security__DevLogin")
                       || p.Key.EndsWith("Key", StringComparison.Ordinal) || p.Key.EndsWith("Secret", StringComparison.Ordinal)
                       || p.Key.EndsWith("Token", StringComparison.Ordinal))
            .Should().OnlyContain(p => p.Value == Placeholder);
        raw["Database__ConnectionString"].Should().Contain($"Password={Placeholder};");
    }

    /// <summary>The example's assignments with the format-checked placeholders replaced by valid values.</summary>
    private static List<KeyValuePair<string, string>> Example() =>
    [
        .. DeployFiles.EnvironmentAssignments(DeployFiles.EnvironmentExample)
            .Select(p => p.Value == Placeholder && FilledIn.TryGetValue(p.Key, out var value) ? new(p.Key, value) : p),
    ];

    /// <summary>One line per key that no options class of the host has a property for.</summary>
    private static List<string> UnknownKeys(IEnumerable<KeyValuePair<string, string>> assignments)
    {
        var problems = new List<string>();
        foreach (var (variable, value) in assignments)
        {
            var key = variable.Replace("__", ":", StringComparison.Ordinal);
            // Read by ASP.NET Core itself (logging, the environment) or by the unit (the listen address).
            if (key is "ASPNETCORE_ENVIRONMENT" or "ATTENDANCE_LISTEN" || key.StartsWith("Logging:", StringComparison.Ordinal))
            {
                continue;
            }

            var section = Sections.Keys.Where(s => key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase)).MaxBy(s => s.Length);
            if (section is null)
            {
                problems.Add($"{variable}: no options section of the host starts {key.Split(':')[0]}");
                continue;
            }

            var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();
            try
            {
                configuration.GetSection(section).Get(Sections[section], o => o.ErrorOnUnknownConfiguration = true);
            }
            catch (InvalidOperationException e)
            {
                problems.Add($"{variable}: {e.Message}");
            }
        }

        return problems;
    }
}
