using Attendance.Testing.Faces;
using static Attendance.BotHost.Tests.Punching.PunchTestBed;

namespace Attendance.BotHost.Tests.Face;

/// <summary>A host without the model pack: nothing passes silently, and bad thresholds stop the start.</summary>
public sealed class FaceUnavailableTests
{
    [Fact]
    public async Task Without_the_pack_a_site_that_requires_a_face_sends_photo_punches_to_review_and_enrolment_is_503()
    {
        var empty = Directory.CreateTempSubdirectory("no-face-pack-");
        try
        {
            await using var bed = await FaceTestBed.StartAsync(DatabaseProvider.Sqlite, empty.FullName);
            (await bed.ConsentAsync("f20a", true)).StatusCode.Should().Be(HttpStatusCode.OK);
            var (status, problem) = await bed.EnrolAsync("f20a", FacePhotos.Photos(FacePhotos.People[0])[0]);
            status.Should().Be(HttpStatusCode.ServiceUnavailable);
            FaceTestBed.Code(problem).Should().Be("FACE_UNAVAILABLE");

            for (var i = 0; i < 2; i++)
            {
                var punch = await bed.PunchAsync("f20a", $"outage-{i}", FacePhotos.Photos(FacePhotos.People[0])[1]);
                Codes(punch).Should().Contain("FACE_UNAVAILABLE");
                punch.GetProperty("verdict").GetString().Should().Be("review");
            }

            // Without consent the face rule is skipped, pack or no pack.
            var skipped = await bed.PunchAsync("f20b", "outage-no-consent", FacePhotos.Photos(FacePhotos.People[0])[1]);
            Codes(skipped).Should().Contain("FACE_NO_CONSENT");
            skipped.GetProperty("verdict").GetString().Should().Be("accepted");
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_review_threshold_above_the_match_threshold_stops_the_start_naming_the_keys()
    {
        var e = (await FluentActions.Awaiting(async () =>
        {
            await using var host = await TestHost.StartAsync(DatabaseProvider.Sqlite, false, "--Face:MatchThreshold=0.35", "--Face:ReviewThreshold=0.5");
        }).Should().ThrowAsync<Exception>()).Which;
        var failures = HostProgram.ConfigurationFailures(e);
        failures.Should().NotBeNull();
        failures.Should().Contain(f => f.Contains("Face:ReviewThreshold", StringComparison.Ordinal));
    }
}

public sealed class FaceOptionsTests
{
    [Theory]
    [InlineData("00:00:09", "00:00:30", "Face:PendingLease")]
    [InlineData("01:00:01", "00:00:30", "Face:PendingLease")]
    [InlineData("00:02:00", "00:00:00.500", "Face:SweepInterval")]
    [InlineData("00:02:00", "01:00:01", "Face:SweepInterval")]
    public void A_lease_or_sweep_out_of_range_is_named(string lease, string sweep, string key)
    {
        var options = new BotHost.Face.FaceOptions
        {
            PendingLease = TimeSpan.Parse(lease, System.Globalization.CultureInfo.InvariantCulture),
            SweepInterval = TimeSpan.Parse(sweep, System.Globalization.CultureInfo.InvariantCulture),
        };
        options.Validate().Should().ContainSingle().Which.Should().StartWith(key);
        new BotHost.Face.FaceOptions().Validate().Should().BeEmpty();
    }
}
