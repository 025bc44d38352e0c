namespace Attendance.Face.Tests;

public sealed class FaceEngineTests(EngineFixture fixture) : IClassFixture<EngineFixture>
{
    private static readonly FaceThresholds Defaults = FaceThresholds.Default;

    [Fact]
    public void Every_fixture_photo_shows_one_face_with_a_unit_embedding()
    {
        foreach (var person in FacePhotos.People)
        {
            foreach (var photo in FacePhotos.Of(person))
            {
                var analysis = fixture.Engine.Analyze(FacePhotos.Read(photo));

                Assert.True(analysis.Outcome == FaceOutcome.OneFace, $"{photo}: {analysis.Outcome}");
                Assert.Equal(150, analysis.ImageWidth);
                var face = Assert.Single(analysis.Faces);
                Assert.Equal(5, face.Landmarks5.Count);
                Assert.True(face.Score >= 0.9f);
                Assert.Equal(FaceTemplate.Dimensions, analysis.Embedding!.Length);
                Assert.Equal(1.0, Math.Sqrt(analysis.Embedding.Sum(v => (double)v * v)), 3);
            }
        }
    }

    [Fact]
    public void The_same_person_on_other_photos_matches_at_the_default_threshold()
    {
        foreach (var person in FacePhotos.People)
        {
            var photos = FacePhotos.Of(person);
            var enrolled = Embed(photos[0]);
            foreach (var other in photos.Skip(1))
            {
                var similarity = FaceMath.Cosine(enrolled, Embed(other));

                Assert.True(FaceDecision.Decide(similarity, Defaults) == FaceVerdict.Match,
                    $"{person}: {Path.GetFileName(other)} scored {similarity:F3} against {Path.GetFileName(photos[0])}");
            }
        }
    }

    [Fact]
    public void Different_people_never_match()
    {
        var embeddings = FacePhotos.People.ToDictionary(p => p, p => FacePhotos.Of(p).Select(Embed).ToList());
        foreach (var (person, own) in embeddings)
        {
            foreach (var (other, theirs) in embeddings.Where(e => string.CompareOrdinal(e.Key, person) > 0))
            {
                foreach (var a in own)
                {
                    foreach (var b in theirs)
                    {
                        var similarity = FaceMath.Cosine(a, b);
                        Assert.True(FaceDecision.Decide(similarity, Defaults) != FaceVerdict.Match,
                            $"{person} and {other} matched at {similarity:F3}");
                    }
                }
            }
        }
    }

    [Fact]
    public void A_group_photo_is_multiple_faces_without_an_embedding()
    {
        var people = FacePhotos.People;
        var group = FacePhotos.SideBySide(FacePhotos.Of(people[0])[0], FacePhotos.Of(people[1])[0]);

        var analysis = fixture.Engine.Analyze(group);

        Assert.Equal(FaceOutcome.MultipleFaces, analysis.Outcome);
        Assert.Equal(2, analysis.Faces.Count);
        Assert.Null(analysis.Embedding);
        Assert.Equal(300, analysis.ImageWidth);
    }

    [Fact]
    public void A_photo_without_a_face_is_no_face()
    {
        var analysis = fixture.Engine.Analyze(FacePhotos.Gradient(640, 480));

        Assert.Equal(FaceOutcome.NoFace, analysis.Outcome);
        Assert.Empty(analysis.Faces);
        Assert.Null(analysis.Embedding);
        Assert.Equal((640, 480), (analysis.ImageWidth, analysis.ImageHeight));
    }

    [Fact]
    public void A_face_small_in_a_large_frame_is_too_small()
    {
        var photo = FacePhotos.SmallInLargeCanvas(FacePhotos.Of(FacePhotos.People[0])[0], 64, 800);

        var analysis = fixture.Engine.Analyze(photo);

        Assert.Equal(FaceOutcome.FaceTooSmall, analysis.Outcome);
        var face = Assert.Single(analysis.Faces);
        Assert.InRange(face.Box.X, 340, 460);
        Assert.Null(analysis.Embedding);
    }

    [Fact]
    public void A_large_photo_reports_boxes_in_its_own_pixels_and_embeds_like_the_small_one()
    {
        var photo = FacePhotos.Of(FacePhotos.People[2])[0];
        var large = FacePhotos.OnWideCanvas(photo, 20f, 1000);

        var analysis = fixture.Engine.Analyze(large);

        Assert.Equal(FaceOutcome.OneFace, analysis.Outcome);
        Assert.Equal((4000, 3000), (analysis.ImageWidth, analysis.ImageHeight));
        var small = Assert.Single(fixture.Engine.Analyze(FacePhotos.Read(photo)).Faces).Box;
        var box = Assert.Single(analysis.Faces).Box;
        Assert.InRange(box.Side / small.Side, 18f, 22f);
        Assert.True(FaceMath.Cosine(analysis.Embedding!, Embed(photo)) >= FaceThresholds.Default.Match);
    }

    [Fact]
    public void The_exif_orientation_is_applied_before_detection()
    {
        var photo = FacePhotos.Of(FacePhotos.People[0])[1];
        var upright = FacePhotos.OnWideCanvas(photo, 1f, 50);

        var analysis = fixture.Engine.Analyze(FacePhotos.StoredSidewaysWithExif(upright));

        Assert.Equal(FaceOutcome.OneFace, analysis.Outcome);
        Assert.Equal((200, 150), (analysis.ImageWidth, analysis.ImageHeight));
        Assert.True(FaceMath.Cosine(analysis.Embedding!, Embed(photo)) > 0.9f);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10 })]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37 })]
    public void Bytes_that_are_not_an_image_are_undecodable(byte[] bytes)
    {
        var analysis = fixture.Engine.Analyze(bytes);

        Assert.Equal(FaceOutcome.Undecodable, analysis.Outcome);
        Assert.Empty(analysis.Faces);
        Assert.Null(analysis.Embedding);
    }

    [Fact]
    public void A_png_of_a_photo_embeds_like_the_jpeg()
    {
        var photo = FacePhotos.Of(FacePhotos.People[1])[3];

        var png = fixture.Engine.Analyze(FacePhotos.AsPng(photo));

        Assert.Equal(FaceOutcome.OneFace, png.Outcome);
        Assert.True(FaceMath.Cosine(png.Embedding!, Embed(photo)) > 0.99f);
    }

    [Fact]
    public async Task Concurrent_analyses_give_the_same_embeddings_as_sequential_ones()
    {
        var photos = FacePhotos.People.SelectMany(FacePhotos.Of).Take(8).ToList();
        var sequential = photos.Select(Embed).ToList();

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).SelectMany(_ => photos.Select((p, i) =>
            Task.Run(async () => (i, (await fixture.Engine.AnalyzeAsync(FacePhotos.Read(p))).Embedding!)))));

        foreach (var (i, embedding) in concurrent)
            Assert.Equal(sequential[i], embedding);
        Assert.Equal(0, fixture.Engine.Waiting);
        Assert.Equal(Environment.ProcessorCount, fixture.Engine.Workers);
    }

    private float[] Embed(string photo)
    {
        var analysis = fixture.Engine.Analyze(FacePhotos.Read(photo));
        Assert.True(analysis.Embedding is not null, $"{photo}: {analysis.Outcome}");
        return analysis.Embedding;
    }
}
