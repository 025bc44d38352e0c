namespace Attendance.BotHost.Punching.Photos;

/// <summary>Where a stored photo is (relative to the store) and the id of the key that encrypted it.</summary>
public sealed record StoredPhoto(string Path, string KeyId);

/// <summary>
/// One object in a photo store: a photo, or the leftover of a write that was interrupted (<see cref="Complete"/>
/// false). <see cref="RowNames"/> are the forms a punch row may name it by (the store's path first).
/// </summary>
public sealed record StoredObject(string Path, DateTimeOffset LastWritten, bool Complete, IReadOnlyList<string> RowNames);

/// <summary>
/// Encrypted punch photos. A directory today (<see cref="FilePhotoStore"/>); an object store when hosts scale out.
/// Saves are complete or absent: a reader never sees half a file. A store that fails throws an
/// <see cref="IOException"/>, whatever the kind of store.
/// </summary>
public interface IPhotoStore
{
    Task<StoredPhoto> SaveAsync(byte[] image, DateOnly workDate, CancellationToken cancellationToken);

    /// <summary>The decrypted image, or null when there is no such photo.</summary>
    Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken);

    /// <summary>Deletes the object at <paramref name="path"/> (a photo or a leftover); no error when it is gone already.</summary>
    Task DeleteAsync(string path);

    /// <summary>
    /// Every object of the store, for the jobs that clean it (retention purge, orphan sweep): they work through the
    /// store, not its directory, so they work the same on every kind of store.
    /// </summary>
    IAsyncEnumerable<StoredObject> ListAsync(CancellationToken cancellationToken);
}
