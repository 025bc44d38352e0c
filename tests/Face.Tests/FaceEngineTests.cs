using Attendance.Testing.Faces;
namespace Attendance.Face.Tests;

public sealed class FaceEngineTests(EngineFixture fixture) : IClassFixture<EngineFixture>
{
    private static readonly FaceThresholds Defaults = FaceThresholds.Default;

    [Fact]
    public void Every_fixture_photo_shows_one_face_with_a_unit_embedding()
    {
        foreach (var person in FacePhotos.People)
        {
            foreach (var photo in FacePhotos.Paths(person))
            {
                var analysis = fixture.Engine.Analyze(FacePhotos.Read(photo));

                analysis.Outcome.Should().Be(FaceOutcome.OneFace, $"{photo}: {analysis.Outcome}");
                analysis.ImageWidth.Should().Be(150);
                var face = analysis.Faces.Should().ContainSingle().Which;
                face.Landmarks5.Count.Should().Be(5);
                face.Score.Should().BeGreaterThanOrEqualTo(0.9f);
                analysis.Embedding!.Length.Should().Be(FaceTemplate.Dimensions);
                Math.Sqrt(analysis.Embedding.Sum(v => (double)v * v)).Should().BeApproximately(1.0, 5e-4);
            }
        }
    }

    [Fact]
    public void The_same_person_on_other_photos_matches_at_the_default_threshold()
    {
        foreach (var person in FacePhotos.People)
        {
            var photos = FacePhotos.Paths(person);
            var enrolled = Embed(photos[0]);
            foreach (var other in photos.Skip(1))
            {
                var similarity = FaceMath.Cosine(enrolled, Embed(other));

                FaceDecision.Decide(similarity, Defaults).Should().Be(FaceVerdict.Match, $"{person}: {Path.GetFileName(other)} scored {similarity:F3} against {Path.GetFileName(photos[0])}");
            }
        }
    }

    [Fact]
    public void Different_people_never_match()
    {
        var embeddings = FacePhotos.People.ToDictionary(p => p, p => FacePhotos.Paths(p).Select(Embed).ToList());
        foreach (var (person, own) in embeddings)
        {
            foreach (var (other, theirs) in embeddings.Where(e => string.CompareOrdinal(e.Key, person) > 0))
            {
                foreach (var a in own)
                {
                    foreach (var b in theirs)
                    {
                        var similarity = FaceMath.Cosine(a, b);
                        FaceDecision.Decide(similarity, Defaults).Should().NotBe(FaceVerdict.Match, $"{person} and {other} matched at {similarity:F3}");
                    }
                }
            }
        }
    }

    [Fact]
    public void A_group_photo_is_multiple_faces_without_an_embedding()
    {
        var people = FacePhotos.People;
        var group = FacePhotos.SideBySide(FacePhotos.Paths(people[0])[0], FacePhotos.Paths(people[1])[0]);

        var analysis = fixture.Engine.Analyze(group);

        analysis.Outcome.Should().Be(FaceOutcome.MultipleFaces);
        analysis.Faces.Count.Should().Be(2);
        analysis.Embedding.Should().BeNull();
        analysis.ImageWidth.Should().Be(300);
    }

    [Fact]
    public void A_photo_without_a_face_is_no_face()
    {
        var analysis = fixture.Engine.Analyze(FacePhotos.Gradient(640, 480));

        analysis.Outcome.Should().Be(FaceOutcome.NoFace);
        analysis.Faces.Should().BeEmpty();
        analysis.Embedding.Should().BeNull();
        ((analysis.ImageWidth, analysis.ImageHeight)).Should().Be((640, 480));
    }

    [Fact]
    public void A_face_small_in_a_large_frame_is_too_small()
    {
        var photo = FacePhotos.SmallInLargeCanvas(FacePhotos.Paths(FacePhotos.People[0])[0], 64, 800);

        var analysis = fixture.Engine.Analyze(photo);

        analysis.Outcome.Should().Be(FaceOutcome.FaceTooSmall);
        var face = analysis.Faces.Should().ContainSingle().Which;
        face.Box.X.Should().BeInRange(340, 460);
        analysis.Embedding.Should().BeNull();
    }

    [Fact]
    public void A_large_photo_reports_boxes_in_its_own_pixels_and_embeds_like_the_small_one()
    {
        var photo = FacePhotos.Paths(FacePhotos.People[2])[0];
        var large = FacePhotos.OnWideCanvas(photo, 20f, 1000);

        var analysis = fixture.Engine.Analyze(large);

        analysis.Outcome.Should().Be(FaceOutcome.OneFace);
        ((analysis.ImageWidth, analysis.ImageHeight)).Should().Be((4000, 3000));
        var small = fixture.Engine.Analyze(FacePhotos.Read(photo)).Faces.Should().ContainSingle().Which.Box;
        var box = analysis.Faces.Should().ContainSingle().Which.Box;
        (box.Side / small.Side).Should().BeInRange(18f, 22f);
        FaceMath.Cosine(analysis.Embedding!, Embed(photo)).Should().BeGreaterThanOrEqualTo(FaceThresholds.Default.Match);
    }

    [Fact]
    public void The_exif_orientation_is_applied_before_detection()
    {
        var photo = FacePhotos.Paths(FacePhotos.People[0])[1];
        var upright = FacePhotos.OnWideCanvas(photo, 1f, 50);

        var analysis = fixture.Engine.Analyze(FacePhotos.StoredSidewaysWithExif(upright));

        analysis.Outcome.Should().Be(FaceOutcome.OneFace);
        ((analysis.ImageWidth, analysis.ImageHeight)).Should().Be((200, 150));
        FaceMath.Cosine(analysis.Embedding!, Embed(photo)).Should().BeGreaterThan(0.9f);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10 })]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37 })]
    public void Bytes_that_are_not_an_image_are_undecodable(byte[] bytes)
    {
        var analysis = fixture.Engine.Analyze(bytes);

        analysis.Outcome.Should().Be(FaceOutcome.Undecodable);
        analysis.Faces.Should().BeEmpty();
        analysis.Embedding.Should().BeNull();
    }

    [Fact]
    public void A_png_of_a_photo_embeds_like_the_jpeg()
    {
        var photo = FacePhotos.Paths(FacePhotos.People[1])[3];

        var png = fixture.Engine.Analyze(FacePhotos.AsPng(photo));

        png.Outcome.Should().Be(FaceOutcome.OneFace);
        FaceMath.Cosine(png.Embedding!, Embed(photo)).Should().BeGreaterThan(0.99f);
    }

    [Fact]
    public async Task Concurrent_analyses_give_the_same_embeddings_as_sequential_ones()
    {
        var photos = FacePhotos.People.SelectMany(FacePhotos.Paths).Take(8).ToList();
        var sequential = photos.Select(Embed).ToList();

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).SelectMany(_ => photos.Select((p, i) =>
            Task.Run(async () => (i, (await fixture.Engine.AnalyzeAsync(FacePhotos.Read(p))).Embedding!)))));

        foreach (var (i, embedding) in concurrent)
            embedding.Should().Equal(sequential[i]);
        fixture.Engine.Waiting.Should().Be(0);
        fixture.Engine.Workers.Should().Be(Environment.ProcessorCount);
    }

    private float[] Embed(string photo)
    {
        var analysis = fixture.Engine.Analyze(FacePhotos.Read(photo));
        analysis.Embedding.Should().NotBeNull($"{photo}: {analysis.Outcome}");
        return analysis.Embedding;
    }
}
