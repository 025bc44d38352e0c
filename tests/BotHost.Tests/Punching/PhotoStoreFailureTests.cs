using Dapper;
using static Attendance.BotHost.Tests.Punching.PunchTestBed;

namespace Attendance.BotHost.Tests.Punching;

/// <summary>
/// A photo store that cannot write (here: the photo root lies under a regular file, so no directory can be made —
/// the same IOException a full disk gives, and it holds for root too) answers photo punches 503 with Retry-After;
/// punches without a photo keep working.
/// </summary>
public sealed class PhotoStoreFailureTests : IAsyncLifetime
{
    private readonly string _blocker = Path.Combine(Path.GetTempPath(), "attendance-tests", "blocker-" + Guid.NewGuid().ToString("N"));
    private PunchTestBed _bed = null!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_blocker)!);
        await File.WriteAllTextAsync(_blocker, "a regular file where the photo root's parent should be");
        _bed = await PunchTestBed.StartAsync(Data.DatabaseProvider.Sqlite, $"--Attendance:PhotoRoot={Path.Combine(_blocker, "photos")}");
    }

    public async ValueTask DisposeAsync()
    {
        await _bed.DisposeAsync();
        File.Delete(_blocker);
    }

    [Fact]
    public async Task A_photo_punch_is_503_with_retry_after_and_a_punch_without_photo_still_works()
    {
        var (lat, lon) = _bed.North(20);
        var (status, body, response) = await _bed.PostMultipartAsync("u13a", Body("disk-1", lat, lon), TestImages.JpegWithMetadata());
        status.Should().Be(HttpStatusCode.ServiceUnavailable, $"{(int)status} {body}");
        (response.Content.Headers.ContentType?.MediaType).Should().Be("application/problem+json");
        response.Headers.RetryAfter.Should().NotBeNull();
        await using (var connection = await _bed.Host.Database.Factory.OpenAsync())
        {
            (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM punches")).Should().Be(0);
        }

        (lat, lon) = _bed.North(20);
        var plain = await _bed.PostAsync("u10a", Body("no-photo-1", lat, lon));
        plain.Status.Should().Be(HttpStatusCode.Created);
        var multipartWithoutPhoto = await _bed.PostMultipartAsync("u13b", Body("no-photo-2", lat, lon), null);
        multipartWithoutPhoto.Status.Should().Be(HttpStatusCode.Created);
    }
}
