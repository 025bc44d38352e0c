using System.Globalization;
using Attendance.BotHost.Punching.Photos;
using Attendance.Data.Face;
using Attendance.Data.Repositories;
using Attendance.Face;
using FindingCodes = Attendance.Rules.Punching.FindingCodes;

namespace Attendance.BotHost.Face;

/// <summary>Why an enrolment did not happen; <see cref="None"/> when it did.</summary>
public enum EnrolRefusal
{
    None,
    UnknownEmployee,
    NoConsent,
    NoFace,
    MultipleFaces,
    FaceTooSmall,
    Unavailable,
    PunchNotFound,
    PunchHasNoPhoto,
}

/// <summary>
/// Enrolment: consent first (checked again inside the saving transaction), then exactly one face large enough to
/// compare, then the embedding encrypted at rest with an audit row.
/// </summary>
public sealed class FaceEnrolment(FaceRuntime runtime, FaceTemplateStore templates, FaceConsentRepository consents,
    EmployeeRepository employees, PunchFaceRepository punches, IPhotoStore photos)
{
    public async Task<EnrolRefusal> EnrolAsync(string userId, byte[] photo, string source, string actor, CancellationToken cancellationToken)
    {
        if (await employees.GetAsync(userId, cancellationToken) is null)
        {
            return EnrolRefusal.UnknownEmployee;
        }

        if (await consents.GetAsync(userId, cancellationToken) is not { Granted: true })
        {
            return EnrolRefusal.NoConsent;
        }

        if (runtime.Engine is not { } engine)
        {
            return EnrolRefusal.Unavailable;
        }

        var analysis = await engine.AnalyzeAsync(photo, cancellationToken);
        var refusal = analysis.Outcome switch
        {
            FaceOutcome.OneFace => EnrolRefusal.None,
            FaceOutcome.MultipleFaces => EnrolRefusal.MultipleFaces,
            FaceOutcome.FaceTooSmall => EnrolRefusal.FaceTooSmall,
            _ => EnrolRefusal.NoFace,
        };
        if (refusal != EnrolRefusal.None)
        {
            return refusal;
        }

        return await templates.SaveAsync(userId, analysis.Embedding!, source, actor, cancellationToken) == FaceEnrolOutcome.Enrolled
            ? EnrolRefusal.None
            : EnrolRefusal.NoConsent;
    }

    /// <summary>Enrols from a stored photo of one of the employee's own punches (an HR decision, hence the admin route).</summary>
    public async Task<EnrolRefusal> EnrolFromPunchAsync(string userId, long punchId, string actor, CancellationToken cancellationToken)
    {
        var reference = await punches.GetPhotoAsync(punchId, cancellationToken);
        if (reference is null || !string.Equals(reference.UserId, userId, StringComparison.Ordinal))
        {
            return EnrolRefusal.PunchNotFound;
        }

        if (reference.PhotoPath is null || await photos.ReadAsync(reference.PhotoPath, cancellationToken) is not { } photo)
        {
            return EnrolRefusal.PunchHasNoPhoto;
        }

        return await EnrolAsync(userId, photo, string.Create(CultureInfo.InvariantCulture, $"punch:{punchId}"), actor, cancellationToken);
    }

    /// <summary>The finding code that names a refusal in problem+json, so clients can tell them apart.</summary>
    public static string Code(EnrolRefusal refusal) => refusal switch
    {
        EnrolRefusal.NoConsent => FindingCodes.FaceNoConsent,
        EnrolRefusal.NoFace => FindingCodes.FaceNotFound,
        EnrolRefusal.MultipleFaces => FindingCodes.FaceMultiple,
        EnrolRefusal.FaceTooSmall => "FACE_TOO_SMALL",
        EnrolRefusal.Unavailable => FindingCodes.FaceUnavailable,
        _ => refusal.ToString(),
    };
}
