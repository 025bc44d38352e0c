namespace Attendance.Rules.Punching;

/// <summary>What the face component concluded about the punch photo.</summary>
public enum FaceOutcome
{
    Match,
    Mismatch,

    /// <summary>No face in the photo.</summary>
    NotFound,

    /// <summary>More than one face: nobody can say whose punch it is.</summary>
    Multiple,

    /// <summary>The employee has no enrolled template to compare with.</summary>
    NotEnrolled,

    /// <summary>The employee has not consented (or withdrew): the face rule is skipped (PIPL).</summary>
    NoConsent,

    /// <summary>The face service failed or is switched off.</summary>
    Unavailable,

    /// <summary>Comparison has not finished yet (scored asynchronously).</summary>
    Pending,

    LivenessFailed,
}

/// <summary>A face comparison outcome; <see cref="Similarity"/> is the model's score when a comparison ran.</summary>
public sealed record FaceResult(FaceOutcome Outcome, double? Similarity = null);
