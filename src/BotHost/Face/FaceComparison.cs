using Attendance.Face;
using Microsoft.ML.OnnxRuntime;
using PunchFace = Attendance.Rules.Punching.FaceOutcome;
using PunchFaceResult = Attendance.Rules.Punching.FaceResult;

namespace Attendance.BotHost.Face;

/// <summary>One punch photo against one employee's template: the face result the punch scorer takes.</summary>
public sealed class FaceComparison(FaceRuntime runtime, FaceTemplateStore templates, ILogger<FaceComparison> logger)
{
    /// <summary>What can be said without running a model (consent, enrolment, the pack); null when a comparison must run.</summary>
    public async Task<(PunchFaceResult? Result, float[]? Template)> PrepareAsync(string userId, CancellationToken cancellationToken)
    {
        var (readiness, template) = await templates.LoadAsync(userId, cancellationToken);
        // No consent first: then the face rule is skipped whatever else holds (PIPL). A missing pack next, so that an
        // outage reads as one on every punch rather than as "not enrolled".
        return readiness switch
        {
            FaceReadiness.NoConsent => (new PunchFaceResult(PunchFace.NoConsent), null),
            _ when runtime.Engine is null => (new PunchFaceResult(PunchFace.Unavailable), null),
            FaceReadiness.NotEnrolled => (new PunchFaceResult(PunchFace.NotEnrolled), null),
            FaceReadiness.Unreadable => (new PunchFaceResult(PunchFace.Unavailable), null),
            _ => (null, template),
        };
    }

    /// <summary>
    /// Waits for a worker and compares. Between the review and the match threshold a person must look, so it counts
    /// as a mismatch for the verdict (review, never rejection); the similarity goes with the result for the audit.
    /// </summary>
    public async Task<PunchFaceResult> CompareAsync(float[] template, byte[] photo, CancellationToken cancellationToken)
    {
        if (runtime.Engine is not { } engine)
        {
            return new PunchFaceResult(PunchFace.Unavailable);
        }

        FaceAnalysis analysis;
        try
        {
            analysis = await engine.AnalyzeAsync(photo, cancellationToken);
        }
        catch (Exception e) when (e is OnnxRuntimeException or InvalidOperationException)
        {
            logger.LogError(e, "Face analysis failed");
            return new PunchFaceResult(PunchFace.Unavailable);
        }

        switch (analysis.Outcome)
        {
            case FaceOutcome.OneFace:
                var similarity = FaceMath.Cosine(template, analysis.Embedding);
                return FaceDecision.Decide(similarity, runtime.Thresholds) == FaceVerdict.Match
                    ? new PunchFaceResult(PunchFace.Match, similarity)
                    : new PunchFaceResult(PunchFace.Mismatch, similarity);
            case FaceOutcome.MultipleFaces:
                return new PunchFaceResult(PunchFace.Multiple);
            default:
                // No face, one too small to compare, or not decodable: nothing to compare, which the finding says.
                return new PunchFaceResult(PunchFace.NotFound);
        }
    }

    /// <summary><see cref="PrepareAsync"/> then, when needed, <see cref="CompareAsync"/>.</summary>
    public async Task<PunchFaceResult> VerifyAsync(string userId, byte[] photo, CancellationToken cancellationToken)
    {
        var (known, template) = await PrepareAsync(userId, cancellationToken);
        return known ?? await CompareAsync(template!, photo, cancellationToken);
    }
}
