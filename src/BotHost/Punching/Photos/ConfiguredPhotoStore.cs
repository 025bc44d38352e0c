using Attendance.BotHost.Configuration;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Punching.Photos;

/// <summary>
/// The photo store <c>Attendance:PhotoStore</c> names, built on first use. Hosted services that need it (the orphan
/// sweep) are constructed before the start-up validation runs, and reading the options then would report one bad key
/// instead of all of them.
/// </summary>
public sealed class ConfiguredPhotoStore(IOptions<AttendanceOptions> options, IServiceProvider services) : IPhotoStore, IDisposable
{
    private readonly Lazy<IPhotoStore> _store = new(() =>
    {
        var attendance = options.Value;
        var cipher = services.GetRequiredService<PhotoCipher>();
        return attendance.PhotoStore.IsS3
            ? new S3PhotoStore(S3PhotoStore.CreateClient(attendance.PhotoStore), attendance.PhotoStore, cipher)
            : new FilePhotoStore(attendance.PhotoRoot, cipher);
    });

    public Task<StoredPhoto> SaveAsync(byte[] image, DateOnly workDate, CancellationToken cancellationToken) =>
        _store.Value.SaveAsync(image, workDate, cancellationToken);

    public Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken) => _store.Value.ReadAsync(path, cancellationToken);

    public Task DeleteAsync(string path) => _store.Value.DeleteAsync(path);

    public IAsyncEnumerable<StoredObject> ListAsync(CancellationToken cancellationToken) => _store.Value.ListAsync(cancellationToken);

    public void Dispose()
    {
        if (_store.IsValueCreated && _store.Value is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }
}
