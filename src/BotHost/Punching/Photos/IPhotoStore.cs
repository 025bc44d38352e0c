namespace Attendance.BotHost.Punching.Photos;

/// <summary>Where a stored photo is (relative to the store) and the id of the key that encrypted it.</summary>
public sealed record StoredPhoto(string Path, string KeyId);

/// <summary>
/// Encrypted punch photos. A directory today (<see cref="FilePhotoStore"/>); an object store when hosts scale out.
/// Saves are complete or absent: a reader never sees half a file.
/// </summary>
public interface IPhotoStore
{
    Task<StoredPhoto> SaveAsync(byte[] image, DateOnly workDate, CancellationToken cancellationToken);

    /// <summary>The decrypted image, or null when there is no such photo.</summary>
    Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken);

    Task DeleteAsync(string path);
}
