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
        status.Should().Be(HttpStatusCode.Created);
        body.GetProperty("verdict").GetString().Should().Be("accepted");
        body.GetProperty("hasPhoto").GetBoolean().Should().BeTrue();
        Codes(body).Should().NotContain("PHOTO_MISSING");

        var file = PhotoFiles().Should().ContainSingle().Which;
        var onDisk = await File.ReadAllBytesAsync(file);
        onDisk[0].Should().NotBe(0xFF);
        Encoding.Latin1.GetString(onDisk).Should().NotContain(TestImages.Secret);

        var cipher = _bed.Host.Services.GetRequiredService<PhotoCipher>();
        TestImages.AssertPixelsOnly(cipher.Decrypt(onDisk));
        await using var connection = await _bed.Host.Database.Factory.OpenAsync();
        var (path, keyId) = await connection.QuerySingleAsync<(string, string)>("SELECT photo_path, photo_key_id FROM punches");
        keyId.Should().Be(cipher.KeyId);
        (await _bed.Host.Services.GetRequiredService<IPhotoStore>().ReadAsync(path, default)).Should().Equal(cipher.Decrypt(onDisk));

        // A replay stores no second file.
        var replay = await _bed.PostMultipartAsync("u13a", Body("photo-1", lat, lon), TestImages.JpegWithMetadata());
        replay.Status.Should().Be(HttpStatusCode.OK);
        Text(replay.Body).Should().Be(Text(body));
        PhotoFiles().Should().ContainSingle();
    }

    [Fact]
    public async Task A_png_photo_is_accepted_too()
    {
        var (lat, lon) = _bed.North(20);
        var (status, _, _) = await _bed.PostMultipartAsync("u13b", Body("png-1", lat, lon), TestImages.PngWithMetadata(), "image/png");
        status.Should().Be(HttpStatusCode.Created);
        var cipher = _bed.Host.Services.GetRequiredService<PhotoCipher>();
        // Stored re-encoded as JPEG: the unknown chunk with a location, the text and eXIf chunks are gone.
        TestImages.AssertPixelsOnly(cipher.Decrypt(await File.ReadAllBytesAsync(PhotoFiles().Should().ContainSingle().Which)));
    }

    [Fact]
    public async Task Not_an_image_is_415_and_an_oversized_photo_413_whatever_the_declared_type()
    {
        var (lat, lon) = _bed.North(20);
        var pdf = await _bed.PostMultipartAsync("u13a", Body("pdf", lat, lon), Encoding.ASCII.GetBytes("%PDF-1.7 not a photo"));
        pdf.Status.Should().Be(HttpStatusCode.UnsupportedMediaType);
        pdf.Body.GetProperty("errors").TryGetProperty("photo", out _).Should().BeTrue();

        var big = await _bed.PostMultipartAsync("u13a", Body("big", lat, lon), TestImages.JpegWithMetadata(padding: 70_000));
        big.Status.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (big.Response.Content.Headers.ContentType?.MediaType).Should().Be("application/problem+json");

        var truncated = await _bed.PostMultipartAsync("u13a", Body("cut", lat, lon), TestImages.JpegWithMetadata()[..30]);
        truncated.Status.Should().Be(HttpStatusCode.UnsupportedMediaType);

        var text = await _bed.SendAsync(_bed.Host.Request(HttpMethod.Post, "/api/punches",
            new StringContent("clientPunchId=x", Encoding.UTF8, "text/plain"), await _bed.TokenAsync("u13a")));
        text.Status.Should().Be(HttpStatusCode.UnsupportedMediaType);
        PhotoFiles().Should().BeEmpty();
        (await CountAsync("punches")).Should().Be(0);
    }

    [Fact]
    public async Task The_four_byte_jpeg_is_refused_and_does_not_satisfy_the_photo_site()
    {
        var (lat, lon) = _bed.North(20);
        var (status, body, response) = await _bed.PostMultipartAsync("u13a", Body("empty-jpeg", lat, lon), [0xFF, 0xD8, 0xFF, 0xD9]);
        status.Should().Be(HttpStatusCode.UnsupportedMediaType);
        (response.Content.Headers.ContentType?.MediaType).Should().Be("application/problem+json");
        body.GetProperty("errors").TryGetProperty("photo", out _).Should().BeTrue();
        PhotoFiles().Should().BeEmpty();
        (await CountAsync("punches")).Should().Be(0);
    }

    [Fact]
    public async Task A_png_declaring_50000_by_50000_is_refused_from_its_header()
    {
        var (lat, lon) = _bed.North(20);
        var (status, body, _) = await _bed.PostMultipartAsync("u13a", Body("huge-png", lat, lon), TestImages.PngDeclaring(50_000, 50_000), "image/png");
        status.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        body.GetProperty("errors").GetProperty("photo")[0].GetString().Should().Contain("pixels");
        PhotoFiles().Should().BeEmpty();
        (await CountAsync("punches")).Should().Be(0);
    }

    [Fact]
    public async Task A_photo_over_the_configured_pixel_cap_is_413_and_the_cap_is_validated_at_start_up()
    {
        await using var small = await PunchTestBed.StartAsync(Data.DatabaseProvider.Sqlite, "--Punching:MaxPhotoPixels=100");
        var (lat, lon) = small.North(20);
        var (status, _, _) = await small.PostMultipartAsync("u13a", Body("over-cap", lat, lon), TestImages.JpegWithMetadata());
        status.Should().Be(HttpStatusCode.RequestEntityTooLarge);

        var app = HostProgram.Build([.. _bed.Host.Args, "--Punching:MaxPhotoPixels=0"]);
        var e = (await FluentActions.Awaiting(() => app.StartAsync()).Should().ThrowAsync<Exception>()).Which;
        HostProgram.ConfigurationFailures(e)!.Should().Contain(f => f.Contains("Punching:MaxPhotoPixels", StringComparison.Ordinal));
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
        failed.Status.Should().Be(HttpStatusCode.ServiceUnavailable);
        (failed.Response.Content.Headers.ContentType?.MediaType).Should().Be("application/problem+json");
        failed.Response.Headers.RetryAfter.Should().NotBeNull();
        (Directory.Exists(_bed.PhotoRoot) ? Directory.EnumerateFiles(_bed.PhotoRoot, "*", SearchOption.AllDirectories) : []).Should().BeEmpty();
        (await CountAsync("punches")).Should().Be(0);
        (await CountAsync("punch_findings")).Should().Be(0);

        await using (var connection = await _bed.Host.Database.Factory.OpenAsync())
        {
            await connection.ExecuteAsync("DROP TRIGGER injected_failure");
        }

        var retried = await _bed.PostMultipartAsync("u13a", Body("fragile", lat, lon), TestImages.JpegWithMetadata());
        retried.Status.Should().Be(HttpStatusCode.Created);
        PhotoFiles().Should().ContainSingle();
        (await CountAsync("punches")).Should().Be(1);
        (await CountAsync("punch_findings")).Should().BeGreaterThan(0);
    }

    private IEnumerable<string> PhotoFiles() =>
        Directory.Exists(_bed.PhotoRoot) ? Directory.EnumerateFiles(_bed.PhotoRoot, "*.aph", SearchOption.AllDirectories) : [];

    private async Task<long> CountAsync(string table)
    {
        await using var connection = await _bed.Host.Database.Factory.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }
}
