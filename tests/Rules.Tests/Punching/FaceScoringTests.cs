using Attendance.Rules.Punching;
using Attendance.Rules.Sites;
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
        Assert.Equal(verdict, score.Verdict);
        Assert.Equal($"LOCATION_IN_FENCE,{code}", Codes(score));
    }

    [Fact]
    public void Required_photo_missing_is_rejected()
    {
        var score = Score(Attempt(), Context(Office(requirePhoto: true)));
        Assert.Equal(PunchVerdict.Rejected, score.Verdict);
        Assert.Equal("LOCATION_IN_FENCE,PHOTO_MISSING", Codes(score));
        Assert.Equal("该地点要求拍照打卡，请拍照后重试", score.Message);
    }

    [Fact]
    public void Required_photo_present_is_accepted() =>
        Assert.Equal(PunchVerdict.Accepted, Score(Attempt() with { HasPhoto = true }, Context(Office(requirePhoto: true))).Verdict);

    [Fact]
    public void A_required_face_needs_a_photo() =>
        Assert.Equal(PunchVerdict.Rejected, Score(Attempt(), Context(Office(requireFace: true))).Verdict);

    [Fact]
    public void Without_consent_the_face_rule_is_skipped_and_other_factors_decide()
    {
        var noConsent = Attempt() with { Face = new FaceResult(FaceOutcome.NoConsent) };
        var accepted = Score(noConsent, Context(Office(requireFace: true)));
        Assert.Equal(PunchVerdict.Accepted, accepted.Verdict);
        Assert.Equal("LOCATION_IN_FENCE,FACE_NO_CONSENT", Codes(accepted));

        var outside = Score(noConsent with { Location = At(0, 500) }, Context(Office(OutOfRangePolicy.Forbid, requireFace: true)));
        Assert.Equal(PunchVerdict.Rejected, outside.Verdict);
    }

    [Fact]
    public void Face_results_are_ignored_where_faces_are_not_required() =>
        Assert.Equal("LOCATION_IN_FENCE",
            Codes(Score(Attempt() with { HasPhoto = true, Face = new FaceResult(FaceOutcome.Mismatch, 0.1) })));
}
