using Attendance.BotHost.Punching.Photos;
using Dapper;
using static Attendance.BotHost.Tests.Punching.PunchTestBed;

namespace Attendance.BotHost.Tests.Punching;

/// <summary>
/// Photo files with no punch row (a host killed between writing the photo and committing the row) are swept at
/// start-up once older than 10 minutes; young files (a punch may be in flight on another host) and files with a
/// row stay.
/// </summary>
public sealed class PhotoOrphanSweepTests
{
    [Fact]
    public async Task At_start_up_old_orphans_are_deleted_and_young_ones_and_those_with_a_row_are_kept()
    {
        await using var bed = await PunchTestBed.StartAsync();
        var (lat, lon) = bed.North(20);
        (await bed.PostMultipartAsync("u13a", Body("kept-1", lat, lon), TestImages.JpegWithMetadata())).Status.Should().Be(HttpStatusCode.Created);
        var withRow = Directory.EnumerateFiles(bed.PhotoRoot, "*.aph", SearchOption.AllDirectories).Should().ContainSingle().Which;
        await using (var connection = await bed.Host.Database.Factory.OpenAsync())
        {
            (await connection.ExecuteScalarAsync<string>("SELECT photo_path FROM punches")).Should().Be(Path.GetRelativePath(bed.PhotoRoot, withRow).Replace('\\', '/'));
        }

        var directory = Path.GetDirectoryName(withRow)!;
        var old = DateTime.UtcNow - TimeSpan.FromMinutes(11);
        var oldOrphan = Path.Combine(directory, Guid.NewGuid().ToString("N") + ".aph");
        var oldTemporary = Path.Combine(bed.PhotoRoot, "2026", "01", "02", Guid.NewGuid().ToString("N") + ".aph.tmp");
        var youngOrphan = Path.Combine(directory, Guid.NewGuid().ToString("N") + ".aph");
        Directory.CreateDirectory(Path.GetDirectoryName(oldTemporary)!);
        foreach (var file in new[] { oldOrphan, oldTemporary, youngOrphan })
        {
            await File.WriteAllBytesAsync(file, [1, 2, 3]);
        }

        foreach (var file in new[] { oldOrphan, oldTemporary, withRow })
        {
            File.SetLastWriteTimeUtc(file, old);
        }

        await bed.Host.RestartAsync();
        var sweeper = bed.Host.Services.GetRequiredService<PhotoOrphanSweeper>();
        await sweeper.FirstSweep.WaitAsync(TimeSpan.FromSeconds(30));

        File.Exists(oldOrphan).Should().BeFalse("an old orphan survived");
        File.Exists(oldTemporary).Should().BeFalse("an old temporary file survived");
        File.Exists(youngOrphan).Should().BeTrue("a young file was deleted");
        File.Exists(withRow).Should().BeTrue("a photo with its punch row was deleted");

        // Idempotent: a second sweep (another host, or the next hour) deletes nothing more.
        (await sweeper.SweepAsync(CancellationToken.None)).Should().Be(0);
        File.Exists(withRow).Should().BeTrue();
        File.Exists(youngOrphan).Should().BeTrue();
    }
}
