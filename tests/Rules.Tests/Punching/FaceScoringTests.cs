using static Attendance.Rules.Tests.Punching.PunchFixtures;

namespace Attendance.Rules.Tests.Punching;

public class FaceScoringTests
{
    public static TheoryData<FaceOutcome?, string, PunchVerdict> Outcomes => new()
    {
        { FaceOutcome.Match, "FACE_MATCH", PunchVerdict.Accepted },
        { FaceOutcome.Mismatch, "FACE_MISMATCH", PunchVerdict.Review },
        { FaceOutcome.NotFound, "FACE_NOT_FOUND", PunchVerdict.Review },
        { FaceOutcome.Multiple, "FACE_MULTIPLE", PunchVerdict.Review },
        { FaceOutcome.NotEnrolled, "FACE_NOT_ENROLLED", PunchVerdict.Review },
        { FaceOutcome.Unavailable, "FACE_UNAVAILABLE", PunchVerdict.Review },
        { FaceOutcome.Pending, "FACE_PENDING", PunchVerdict.Review },
        { FaceOutcome.LivenessFailed, "LIVENESS_FAILED", PunchVerdict.Review },
        { FaceOutcome.NoConsent, "FACE_NO_CONSENT", PunchVerdict.Accepted },
        { null, "FACE_PENDING", PunchVerdict.Review },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void A_face_signal_alone_never_rejects(FaceOutcome? outcome, string code, PunchVerdict verdict)
    {
        var attempt = Attempt() with { HasPhoto = true, Face = outcome is { } o ? new FaceResult(o, 0.42) : null };
        var score = Score(attempt, Context(Office(requireFace: true)));
        score.Verdict.Should().Be(verdict);
        Codes(score).Should().Be($"LOCATION_IN_FENCE,{code}");
    }

    [Fact]
    public void Required_photo_missing_is_rejected()
    {
        var score = Score(Attempt(), Context(Office(requirePhoto: true)));
        score.Verdict.Should().Be(PunchVerdict.Rejected);
        Codes(score).Should().Be("LOCATION_IN_FENCE,PHOTO_MISSING");
        score.Message.Should().Be("该地点要求拍照打卡，请拍照后重试");
    }

    [Fact]
    public void Required_photo_present_is_accepted() =>
        Score(Attempt() with { HasPhoto = true }, Context(Office(requirePhoto: true))).Verdict.Should().Be(PunchVerdict.Accepted);

    [Fact]
    public void A_required_face_needs_a_photo() =>
        Score(Attempt(), Context(Office(requireFace: true))).Verdict.Should().Be(PunchVerdict.Rejected);

    [Fact]
    public void Without_consent_the_face_rule_is_skipped_and_other_factors_decide()
    {
        var noConsent = Attempt() with { Face = new FaceResult(FaceOutcome.NoConsent) };
        var accepted = Score(noConsent, Context(Office(requireFace: true)));
        accepted.Verdict.Should().Be(PunchVerdict.Accepted);
        Codes(accepted).Should().Be("LOCATION_IN_FENCE,FACE_NO_CONSENT");

        var outside = Score(noConsent with { Location = At(0, 500) }, Context(Office(OutOfRangePolicy.Forbid, requireFace: true)));
        outside.Verdict.Should().Be(PunchVerdict.Rejected);
    }

    [Fact]
    public void Face_results_are_ignored_where_faces_are_not_required() =>
        Codes(Score(Attempt() with { HasPhoto = true, Face = new FaceResult(FaceOutcome.Mismatch, 0.1) })).Should().Be("LOCATION_IN_FENCE");
}
