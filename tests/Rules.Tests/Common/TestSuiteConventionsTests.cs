using System.Text.RegularExpressions;

namespace Attendance.Rules.Tests.Common;

/// <summary>
/// The suite reads one way: assertions through FluentAssertions (xUnit's <c>Assert</c> only to skip or to fail a
/// test that must not be skipped under CI), and no fixed sleeps, which pass when the awaited thing or a duplicate
/// simply comes late. Every wait goes through <c>Eventually</c> or a wait-until-idle helper built on it.
/// </summary>
public sealed partial class TestSuiteConventionsTests
{
    private static readonly string[] OwnFiles = [Path.Combine("Rules.Tests", "Common", "TestSuiteConventionsTests.cs")];

    [Fact]
    public void Tests_assert_with_FluentAssertions()
    {
        Offending(XunitAssert()).Should().BeEmpty("assertions use FluentAssertions (Assert.Skip and Assert.Fail control a test's run)");
    }

    [Fact]
    public void Tests_never_sleep_a_fixed_time()
    {
        var allowed = Path.Combine("Testing", "Waiting", "Eventually.cs");
        Offending(FixedSleep()).Where(hit => !hit.StartsWith(allowed, StringComparison.Ordinal))
            .Should().BeEmpty("tests wait for a condition (Eventually.UntilAsync, TestHost.WaitUntilIdleAsync), never a fixed time");
    }

    [Fact]
    public void The_scan_sees_the_test_sources()
    {
        // Guards the two tests above against passing because they found no files.
        Sources().Count().Should().BeGreaterThan(100);
        Offending(XunitAssert(), includeOwn: true).Should().NotBeEmpty("this file names the pattern it forbids");
    }

    private static List<string> Offending(Regex pattern, bool includeOwn = false)
    {
        var root = TestsFolder();
        var hits = new List<string>();
        foreach (var file in Sources())
        {
            var relative = Path.GetRelativePath(root, file);
            if (!includeOwn && OwnFiles.Contains(relative))
            {
                continue;
            }

            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (pattern.IsMatch(lines[i]))
                {
                    hits.Add($"{relative}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        return hits;
    }

    private static IEnumerable<string> Sources()
    {
        var root = TestsFolder();
        var separator = Path.DirectorySeparatorChar;
        return System.IO.Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal) && !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal));
    }

    private static string TestsFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Attendance.sln")))
            {
                return Path.Combine(directory.FullName, "tests");
            }
        }

        throw new InvalidOperationException($"Attendance.sln not found above {AppContext.BaseDirectory}");
    }

    // Assert.X( for any X but Skip, SkipWhen, SkipUnless and Fail.
    [GeneratedRegex(@"\bAssert\.(?!Skip\b|SkipWhen\b|SkipUnless\b|Fail\b)[A-Z]\w*\s*[(<]")]
    private static partial Regex XunitAssert();

    [GeneratedRegex(@"\b(Task\.Delay|Thread\.Sleep)\s*\(")]
    private static partial Regex FixedSleep();
}
