using System.Net;
using System.Text;
using Attendance.BotHost.Punching.Photos;
using Dapper;
using static Attendance.BotHost.Tests.Punching.PunchTestBed;

namespace Attendance.BotHost.Tests.Punching;

/// <summary>Photo punches over multipart: refusals, stripping and encryption on disk, and nothing half-written.</summary>
public sealed class PunchPhotoTests : IAsyncLifetime
{
    private PunchTestBed _bed = null!;

    public async ValueTask InitializeAsync() => _bed = await PunchTestBed.StartAsync(Data.DatabaseProvider.Sqlite, "--Punching:MaxPhotoBytes=65536");

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task A_photo_is_stored_stripped_and_encrypted_and_satisfies_the_site()
    {
        var (lat, lon) = _bed.North(20);
        var (status, body, _) = await _bed.PostMultipartAsync("u13a", Body("photo-1", lat, lon), TestImages.JpegWithMetadata());
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("accepted", body.GetProperty("verdict").GetString());
        Assert.True(body.GetProperty("hasPhoto").GetBoolean());
        Assert.DoesNotContain("PHOTO_MISSING", Codes(body));

        var file = Assert.Single(PhotoFiles());
        var onDisk = await File.ReadAllBytesAsync(file);
        Assert.NotEqual(0xFF, onDisk[0]);
        Assert.DoesNotContain(TestImages.Secret, Encoding.Latin1.GetString(onDisk), StringComparison.Ordinal);

        var cipher = _bed.Host.Services.GetRequiredService<PhotoCipher>();
        TestImages.AssertPixelsOnly(cipher.Decrypt(onDisk));
        await using var connection = await _bed.Host.Database.Factory.OpenAsync();
        var (path, keyId) = await connection.QuerySingleAsync<(string, string)>("SELECT photo_path, photo_key_id FROM punches");
        Assert.Equal(cipher.KeyId, keyId);
        Assert.Equal(cipher.Decrypt(onDisk), await _bed.Host.Services.GetRequiredService<IPhotoStore>().ReadAsync(path, default));

        // A replay stores no second file.
        var replay = await _bed.PostMultipartAsync("u13a", Body("photo-1", lat, lon), TestImages.JpegWithMetadata());
        Assert.Equal(HttpStatusCode.OK, replay.Status);
        Assert.Equal(Text(body), Text(replay.Body));
        Assert.Single(PhotoFiles());
    }

    [Fact]
    public async Task A_png_photo_is_accepted_too()
    {
        var (lat, lon) = _bed.North(20);
        var (status, _, _) = await _bed.PostMultipartAsync("u13b", Body("png-1", lat, lon), TestImages.PngWithMetadata(), "image/png");
        Assert.Equal(HttpStatusCode.Created, status);
        var cipher = _bed.Host.Services.GetRequiredService<PhotoCipher>();
        // Stored re-encoded as JPEG: the unknown chunk with a location, the text and eXIf chunks are gone.
        TestImages.AssertPixelsOnly(cipher.Decrypt(await File.ReadAllBytesAsync(Assert.Single(PhotoFiles()))));
    }

    [Fact]
    public async Task Not_an_image_is_415_and_an_oversized_photo_413_whatever_the_declared_type()
    {
        var (lat, lon) = _bed.North(20);
        var pdf = await _bed.PostMultipartAsync("u13a", Body("pdf", lat, lon), Encoding.ASCII.GetBytes("%PDF-1.7 not a photo"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, pdf.Status);
        Assert.True(pdf.Body.GetProperty("errors").TryGetProperty("photo", out _));

        var big = await _bed.PostMultipartAsync("u13a", Body("big", lat, lon), TestImages.JpegWithMetadata(padding: 70_000));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.Status);
        Assert.Equal("application/problem+json", big.Response.Content.Headers.ContentType?.MediaType);

        var truncated = await _bed.PostMultipartAsync("u13a", Body("cut", lat, lon), TestImages.JpegWithMetadata()[..30]);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, truncated.Status);

        var text = await _bed.SendAsync(_bed.Host.Request(HttpMethod.Post, "/api/punches",
            new StringContent("clientPunchId=x", Encoding.UTF8, "text/plain"), await _bed.TokenAsync("u13a")));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.Status);
        Assert.Empty(PhotoFiles());
        Assert.Equal(0, await CountAsync("punches"));
    }

    [Fact]
    public async Task The_four_byte_jpeg_is_refused_and_does_not_satisfy_the_photo_site()
    {
        var (lat, lon) = _bed.North(20);
        var (status, body, response) = await _bed.PostMultipartAsync("u13a", Body("empty-jpeg", lat, lon), [0xFF, 0xD8, 0xFF, 0xD9]);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(body.GetProperty("errors").TryGetProperty("photo", out _));
        Assert.Empty(PhotoFiles());
        Assert.Equal(0, await CountAsync("punches"));
    }

    [Fact]
    public async Task A_png_declaring_50000_by_50000_is_refused_from_its_header()
    {
        var (lat, lon) = _bed.North(20);
        var (status, body, _) = await _bed.PostMultipartAsync("u13a", Body("huge-png", lat, lon), TestImages.PngDeclaring(50_000, 50_000), "image/png");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("pixels", body.GetProperty("errors").GetProperty("photo")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty(PhotoFiles());
        Assert.Equal(0, await CountAsync("punches"));
    }

    [Fact]
    public async Task A_photo_over_the_configured_pixel_cap_is_413_and_the_cap_is_validated_at_start_up()
    {
        await using var small = await PunchTestBed.StartAsync(Data.DatabaseProvider.Sqlite, "--Punching:MaxPhotoPixels=100");
        var (lat, lon) = small.North(20);
        var (status, _, _) = await small.PostMultipartAsync("u13a", Body("over-cap", lat, lon), TestImages.JpegWithMetadata());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);

        var app = HostProgram.Build([.. _bed.Host.Args, "--Punching:MaxPhotoPixels=0"]);
        var e = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());
        Assert.Contains(HostProgram.ConfigurationFailures(e)!, f => f.Contains("Punching:MaxPhotoPixels", StringComparison.Ordinal));
        await app.DisposeAsync();
    }

    [Fact]
    public async Task A_failure_between_photo_and_row_leaves_nothing_and_the_retry_succeeds()
    {
        await using (var connection = await _bed.Host.Database.Factory.OpenAsync())
        {
            await connection.ExecuteAsync("CREATE TRIGGER injected_failure BEFORE INSERT ON punch_findings BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");
        }

        var (lat, lon) = _bed.North(20);
        var failed = await _bed.PostMultipartAsync("u13a", Body("fragile", lat, lon), TestImages.JpegWithMetadata());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.Status);
        Assert.Equal("application/problem+json", failed.Response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(failed.Response.Headers.RetryAfter);
        Assert.Empty(Directory.Exists(_bed.PhotoRoot) ? Directory.EnumerateFiles(_bed.PhotoRoot, "*", SearchOption.AllDirectories) : []);
        Assert.Equal(0, await CountAsync("punches"));
        Assert.Equal(0, await CountAsync("punch_findings"));

        await using (var connection = await _bed.Host.Database.Factory.OpenAsync())
        {
            await connection.ExecuteAsync("DROP TRIGGER injected_failure");
        }

        var retried = await _bed.PostMultipartAsync("u13a", Body("fragile", lat, lon), TestImages.JpegWithMetadata());
        Assert.Equal(HttpStatusCode.Created, retried.Status);
        Assert.Single(PhotoFiles());
        Assert.Equal(1, await CountAsync("punches"));
        Assert.True(await CountAsync("punch_findings") > 0);
    }

    private IEnumerable<string> PhotoFiles() =>
        Directory.Exists(_bed.PhotoRoot) ? Directory.EnumerateFiles(_bed.PhotoRoot, "*.aph", SearchOption.AllDirectories) : [];

    private async Task<long> CountAsync(string table)
    {
        await using var connection = await _bed.Host.Database.Factory.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }
}
