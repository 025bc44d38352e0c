using System.Globalization;

namespace Attendance.BotHost.Punching.Photos;

/// <summary>
/// Photos under the photo root as <c>yyyy/MM/dd/&lt;random&gt;.aph</c>, encrypted. Written to a temporary name and
/// renamed, so a crash leaves at most a <c>.tmp</c> file and never a truncated photo under its real name.
/// </summary>
public sealed class FilePhotoStore(string root, PhotoCipher cipher) : IPhotoStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public async Task<StoredPhoto> SaveAsync(byte[] image, DateOnly workDate, CancellationToken cancellationToken)
    {
        var relative = string.Create(CultureInfo.InvariantCulture,
            $"{workDate:yyyy}/{workDate:MM}/{workDate:dd}/{Guid.NewGuid():N}.aph");
        var full = FullPath(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        try
        {
            await File.WriteAllBytesAsync(temporary, cipher.Encrypt(image), cancellationToken);
            File.Move(temporary, full);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }

        return new StoredPhoto(relative, cipher.KeyId);
    }

    public async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var full = FullPath(path);
        return File.Exists(full) ? cipher.Decrypt(await File.ReadAllBytesAsync(full, cancellationToken)) : null;
    }

    public Task DeleteAsync(string path)
    {
        File.Delete(FullPath(path));
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoredObject> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (!Directory.Exists(Root))
        {
            yield break;
        }

        foreach (var full in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var complete = full.EndsWith(".aph", StringComparison.Ordinal);
            // Only what this store writes: photos and the temporary files of interrupted writes. Anything else in the
            // directory is not ours to delete.
            if (!complete && !full.EndsWith(".tmp", StringComparison.Ordinal))
            {
                continue;
            }

            var relative = Path.GetRelativePath(Root, full).Replace('\\', '/');
            // Rows name the path relative to the root; an absolute form is accepted too (rows written by hand or
            // by an older version).
            yield return new StoredObject(relative, new DateTimeOffset(File.GetLastWriteTimeUtc(full), TimeSpan.Zero), complete, [relative, full]);
        }
    }

    /// <summary>Best effort: a failed write must surface as itself, not as a failed clean-up (the orphan sweep removes what stays).</summary>
    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The sweep (PhotoOrphanSweeper) deletes the temporary file once it is old.
        }
    }

    private string FullPath(string relative)
    {
        var full = Path.GetFullPath(Path.Combine(Root, relative));
        return full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full
            : throw new ArgumentException("The photo path leaves the photo root.", nameof(relative));
    }
}
