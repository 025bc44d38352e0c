using static Attendance.Rules.Tests.Punching.PunchFixtures;

namespace Attendance.Rules.Tests.Punching;

public class VerdictAndRiskTests
{
    private static readonly PunchFacts Clean = new(LocationState.Inside, false, OutOfRangePolicy.Exception, false, false, false, false, false);

    public static TheoryData<string, PunchFacts, PunchVerdict, VerdictReason> Table => new()
    {
        { "clean", Clean, PunchVerdict.Accepted, VerdictReason.None },
        { "outside, exception", Clean with { Location = LocationState.Outside }, PunchVerdict.Accepted, VerdictReason.None },
        { "outside, field", Clean with { Location = LocationState.Outside, Policy = OutOfRangePolicy.Field }, PunchVerdict.Accepted, VerdictReason.None },
        { "outside, forbid", Clean with { Location = LocationState.Outside, Policy = OutOfRangePolicy.Forbid }, PunchVerdict.Rejected, VerdictReason.OutOfRangeForbidden },
        { "outside, forbid, wifi", Clean with { Location = LocationState.Outside, Policy = OutOfRangePolicy.Forbid, WifiMatched = true }, PunchVerdict.Accepted, VerdictReason.None },
        { "missing", Clean with { Location = LocationState.Missing }, PunchVerdict.Rejected, VerdictReason.LocationMissing },
        { "missing, wifi", Clean with { Location = LocationState.Missing, WifiMatched = true }, PunchVerdict.Accepted, VerdictReason.None },
        { "no site applies", Clean with { Location = LocationState.NotApplicable }, PunchVerdict.Accepted, VerdictReason.None },
        { "photo missing", Clean with { PhotoMissing = true }, PunchVerdict.Rejected, VerdictReason.PhotoMissing },
        { "inconclusive", Clean with { Location = LocationState.Inconclusive }, PunchVerdict.Review, VerdictReason.LocationInconclusive },
        { "inconclusive, wifi", Clean with { Location = LocationState.Inconclusive, WifiMatched = true }, PunchVerdict.Accepted, VerdictReason.None },
        { "face", Clean with { FaceNeedsReview = true }, PunchVerdict.Review, VerdictReason.Face },
        { "anti-cheat", Clean with { AntiCheat = true }, PunchVerdict.Review, VerdictReason.AntiCheat },
        { "new device", Clean with { DeviceNew = true }, PunchVerdict.Accepted, VerdictReason.None },
        { "new device, outside", Clean with { DeviceNew = true, Location = LocationState.Outside }, PunchVerdict.Review, VerdictReason.NewDeviceOutOfRange },
        { "outside the window", Clean with { OutsideWindow = true }, PunchVerdict.Accepted, VerdictReason.None },
        { "forbid beats face", Clean with { Location = LocationState.Outside, Policy = OutOfRangePolicy.Forbid, FaceNeedsReview = true }, PunchVerdict.Rejected, VerdictReason.OutOfRangeForbidden },
        { "photo beats anti-cheat", Clean with { PhotoMissing = true, AntiCheat = true }, PunchVerdict.Rejected, VerdictReason.PhotoMissing },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void The_verdict_table(string label, PunchFacts facts, PunchVerdict verdict, VerdictReason reason) =>
        ((verdict, reason) == VerdictTable.Decide(facts)).Should().BeTrue(label);

    [Fact]
    public void Every_code_can_be_produced_with_a_chinese_message()
    {
        var seen = new Dictionary<string, PunchFinding>();
        foreach (var score in EveryFindingScenario())
        {
            foreach (var f in score.Findings)
            {
                seen.TryAdd(f.Code, f);
            }
        }

        seen.Keys.Order().Should().Equal(FindingCodes.All.Order());
        seen.Values.Should().AllSatisfy(f => f.Message.Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}"));
    }

    [Fact]
    public void Risk_never_falls_when_a_finding_is_added()
    {
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var codes = FindingCodes.All.Where(_ => random.Next(3) == 0).ToList();
            var smaller = codes.Where(_ => random.Next(2) == 0).ToList();
            FindingCodes.RiskScore(Findings(smaller)).Should().BeLessThanOrEqualTo(FindingCodes.RiskScore(Findings(codes)));
            FindingCodes.RiskScore(Findings(codes)).Should().BeInRange(0, 100);
        }

        FindingCodes.RiskScore(Findings(FindingCodes.All)).Should().Be(100);
        FindingCodes.All.Should().AllSatisfy(c => FindingCodes.RiskWeight(c).Should().BeGreaterThanOrEqualTo(0));
    }

    [Fact]
    public void Risk_rises_as_signals_pile_up_on_one_punch()
    {
        var attempt = Attempt();
        var context = Context();
        var steps = new Func<PunchAttempt, PunchAttempt>[]
        {
            a => a with { InsideWindow = false },
            a => a with { DeviceId = "new-phone" },
            a => a with { DeviceTime = Now.AddHours(1) },
            a => a with { Location = At(0, 600) },
            a => a with { Location = At(0, 600, 0) },
        };
        var last = Score(attempt, context).RiskScore;
        last.Should().Be(0);
        foreach (var step in steps)
        {
            attempt = step(attempt);
            var risk = Score(attempt, context).RiskScore;
            risk.Should().BeGreaterThan(last, $"{risk} after {last}");
            last = risk;
        }
    }

    [Fact]
    public void Scoring_is_deterministic()
    {
        var attempt = Attempt(At(30, 260, 40)) with { DeviceId = "x", DeviceTime = Now.AddMinutes(-20), InsideWindow = false };
        var a = Score(attempt);
        var b = Score(attempt);
        b.Findings.Should().Equal(a.Findings);
        (b with { Findings = [] }).Should().Be(a with { Findings = [] });
    }

    [Fact]
    public void Wire_names_are_lower_case()
    {
        FindingSeverity.Critical.ToWire().Should().Be("critical");
        PunchVerdict.Review.ToWire().Should().Be("review");
        PunchKind.Auto.ToWire().Should().Be("auto");
    }

    [Theory]
    [InlineData(null, PunchKind.Auto, true)]
    [InlineData(" IN ", PunchKind.In, true)]
    [InlineData("out", PunchKind.Out, true)]
    [InlineData("auto", PunchKind.Auto, true)]
    [InlineData("lunch", PunchKind.Auto, false)]
    public void Parses_the_kind(string? text, PunchKind kind, bool ok)
    {
        PunchWireNames.TryParseKind(text, out var parsed).Should().Be(ok);
        parsed.Should().Be(kind);
    }

    private static List<PunchFinding> Findings(IEnumerable<string> codes) =>
        [.. codes.Select(c => new PunchFinding(c, FindingSeverity.Info, "x"))];

    private static IEnumerable<PunchScore> EveryFindingScenario()
    {
        yield return Score(Attempt() with { Wifi = new PunchWifi(null, "AA-BB-CC-DD-EE-01") });
        yield return Score(Attempt(At(0, 400)) with { Wifi = new PunchWifi(null, "11:11:11:11:11:11") });
        yield return Score(Attempt(At(0, 100, 150)));
        yield return Score(Attempt() with { Location = null });
        yield return Score(Attempt() with { LocationWithheld = true });
        yield return Score(Attempt(), Context(Office(requirePhoto: true)));
        foreach (var outcome in Enum.GetValues<FaceOutcome>())
        {
            yield return Score(Attempt() with { HasPhoto = true, Face = new FaceResult(outcome) }, Context(Office(requireFace: true)));
        }

        var previous = new PriorPunch(User, Now.AddMinutes(-1), Today, Geo.GeoFixtures.Offset(Hq, 0, 90_000), 10);
        yield return Score(Attempt(At(0, 0, 0)) with { DeviceId = "new", DeviceTime = Now.AddHours(2), InsideWindow = false },
            Context() with { OtherUsersOnDevice = ["lisi"], PreviousPunch = previous });
    }
}
