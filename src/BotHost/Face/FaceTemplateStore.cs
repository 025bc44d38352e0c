using System.Security.Cryptography;
using Attendance.BotHost.Punching.Photos;
using Attendance.Data.Face;
using Attendance.Face;

namespace Attendance.BotHost.Face;

/// <summary>Whether an employee can be compared: a template (decrypted), or why not.</summary>
public enum FaceReadiness
{
    Enrolled,
    NoConsent,
    NotEnrolled,

    /// <summary>A template exists but cannot be read (another key, another model pack's version).</summary>
    Unreadable,
}

/// <summary>
/// Templates encrypted at rest with the photo key (AES-256-GCM, the key id in the header and in its own column), so
/// a database copy alone yields no embedding. A template exists only while consent stands (withdrawal deletes it in
/// the same transaction), so the common check is one read.
/// </summary>
public sealed class FaceTemplateStore(FaceTemplateRepository templates, FaceConsentRepository consents, PhotoCipher cipher,
    ILogger<FaceTemplateStore> logger)
{
    public async Task<(FaceReadiness Readiness, float[]? Embedding)> LoadAsync(string userId, CancellationToken cancellationToken)
    {
        if (await templates.GetAsync(userId, cancellationToken) is { } stored)
        {
            try
            {
                return (FaceReadiness.Enrolled, FaceTemplate.FromBytes(cipher.Decrypt(stored.Encrypted)));
            }
            catch (Exception e) when (e is CryptographicException or FormatException)
            {
                logger.LogError(e, "The face template of {UserId} (key {KeyId}) cannot be read; enrol the employee again", userId, stored.KeyId);
                return (FaceReadiness.Unreadable, null);
            }
        }

        return await consents.GetAsync(userId, cancellationToken) is { Granted: true }
            ? (FaceReadiness.NotEnrolled, null)
            : (FaceReadiness.NoConsent, null);
    }

    public Task<FaceEnrolOutcome> SaveAsync(string userId, float[] embedding, string source, string actor, CancellationToken cancellationToken) =>
        templates.SaveAsync(userId, cipher.Encrypt(FaceTemplate.ToBytes(embedding)), cipher.KeyId, source, actor, cancellationToken);
}
