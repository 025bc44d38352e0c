using Attendance.BotHost.Tests;
using Attendance.Testing.WeCom;
using Attendance.WeCom.Simulator;

namespace Attendance.MiniProgram.Tests;

/// <summary>
/// The mini-program's own tests (clients/miniprogram-tests: pages in miniprogram-simulate, wx.request and
/// wx.uploadFile bridged to real HTTP) against the real host on a loopback port, signed in through jscode2session
/// of a simulated WeCom. Fails with jest's output when any of them fails.
/// </summary>
public sealed class MiniProgramSuiteTests
{
    /// <summary>Punches a minute per employee: low enough that the rate-limit test reaches a real 429.</summary>
    public const int PunchesPerMinute = 3;

    [Fact]
    public async Task The_mini_program_passes_its_tests_against_the_real_host()
    {
        var node = NodeSuite.RequireNode();
        await using var wecom = await WeComSimulator.StartAsync(TestContext.Current.CancellationToken);
        await using var host = await TestHost.StartAsync(DatabaseProvider.Sqlite, false,
            [.. wecom.HostArgs(), $"--Punching:PerUserPerMinute={PunchesPerMinute}"]);

        var environment = new Dictionary<string, string>
        {
            ["MP_BASE_URL"] = host.BaseAddress.ToString().TrimEnd('/'),
            ["MP_ADMIN_KEY"] = TestHost.AdminKey,
            ["MP_CODES"] = JsonSerializer.Serialize(IssueCodes(wecom)),
            ["CI"] = "true",
            // The phone's clock is in the company's zone, as employees' phones are.
            ["TZ"] = "Asia/Shanghai",
        };
        var (exitCode, output) = await NodeSuite.RunJestAsync(node, environment, TimeSpan.FromMinutes(8));
        TestContext.Current.TestOutputHelper?.WriteLine(output);

        exitCode.Should().Be(0, "jest must pass; its output:\n" + output);
        output.Should().MatchRegex(@"Tests:\s+\d+ passed, \d+ total", "jest ran tests and none failed or was skipped");
    }

    /// <summary>Single-use wx.qy.login codes for every employee of the suite's people.json, as WeCom issues them.</summary>
    private static Dictionary<string, List<string>> IssueCodes(WeComSimulator wecom)
    {
        using var people = JsonDocument.Parse(File.ReadAllText(Path.Combine(NodeSuite.Directory, "test", "support", "people.json")));
        var perUser = people.RootElement.GetProperty("codesPerUser").GetInt32();
        var codes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var person in people.RootElement.GetProperty("people").EnumerateArray())
        {
            var userId = person.GetProperty("userId").GetString()!;
            codes[userId] = [.. Enumerable.Range(0, perUser).Select(_ => $"js-{Guid.NewGuid():N}")];
            codes[userId].ForEach(code => wecom.AddMemberCode(code, userId));
        }

        return codes;
    }
}
