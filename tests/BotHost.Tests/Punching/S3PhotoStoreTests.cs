using System.Security.Cryptography;
using Amazon.S3;
using Attendance.BotHost.Configuration;
using Attendance.BotHost.Jobs;
using Attendance.BotHost.Punching.Photos;
using Attendance.Data.Punches;
using Attendance.Data.Repositories;
using Attendance.Testing.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static Attendance.BotHost.Tests.Punching.PunchTestBed;

namespace Attendance.BotHost.Tests.Punching;

/// <summary>
/// The S3 photo store against a real S3-protocol server (s3rver, which checks request signatures): photos are
/// encrypted before upload, read back, listed, deleted; a host configured with it stores a punch's photo there; and
/// the retention purge and the orphan sweep clean the bucket through the store. Each test works under a prefix of its
/// own in the shared bucket.
/// </summary>
public sealed class S3PhotoStoreTests
{
    private readonly PhotoCipher _cipher = new(RandomNumberGenerator.GetBytes(32));

    private static (PhotoStoreOptions Options, AmazonS3Client Client) Connect(TestS3 s3)
    {
        var options = new PhotoStoreOptions
        {
            Kind = "s3", Endpoint = s3.Endpoint, Bucket = s3.Bucket, AccessKey = s3.AccessKey, SecretKey = s3.SecretKey,
            Prefix = $"t{Guid.NewGuid():N}/",
        };
        options.Validate().Should().BeEmpty();
        return (options, S3PhotoStore.CreateClient(options));
    }

    [Fact]
    public async Task A_photo_is_encrypted_before_upload_read_back_listed_and_deleted()
    {
        var (options, client) = Connect(TestS3.RequireOrSkip());
        using var store = new S3PhotoStore(client, options, _cipher);
        var image = TestImages.JpegWithMetadata();

        var saved = await store.SaveAsync(image, new DateOnly(2026, 3, 2), TestContext.Current.CancellationToken);

        saved.Path.Should().MatchRegex(@"^2026/03/02/[0-9a-f]{32}\.aph$");
        saved.KeyId.Should().Be(_cipher.KeyId);
        using (var raw = await client.GetObjectAsync(options.Bucket, options.Prefix + saved.Path, TestContext.Current.CancellationToken))
        using (var buffer = new MemoryStream())
        {
            await raw.ResponseStream.CopyToAsync(buffer, TestContext.Current.CancellationToken);
            buffer.ToArray().Should().NotEqual(image, "the bucket holds only ciphertext");
            Encoding.Latin1.GetString(buffer.ToArray()).Should().NotContain(TestImages.Secret);
            _cipher.Decrypt(buffer.ToArray()).Should().Equal(image);
        }

        (await store.ReadAsync(saved.Path, TestContext.Current.CancellationToken)).Should().Equal(image);
        var listed = await ListAsync(store);
        listed.Should().ContainSingle().Which.Path.Should().Be(saved.Path);
        listed[0].LastWritten.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));

        await store.DeleteAsync(saved.Path);
        await store.DeleteAsync(saved.Path); // a second delete is no error
        (await store.ReadAsync(saved.Path, TestContext.Current.CancellationToken)).Should().BeNull();
        (await ListAsync(store)).Should().BeEmpty();
        (await store.ReadAsync("../../etc/passwd", TestContext.Current.CancellationToken)).Should().BeNull("a path this store never writes names no object");
    }

    [Fact]
    public async Task A_host_with_the_s3_store_keeps_a_punch_photo_in_the_bucket_once()
    {
        var s3 = TestS3.RequireOrSkip();
        var prefix = $"h{Guid.NewGuid():N}/";
        await using var bed = await PunchTestBed.StartAsync(DatabaseProvider.Sqlite, s3.HostArgs(prefix));
        var (lat, lon) = bed.North(10);

        var (status, body, _) = await bed.PostMultipartAsync("u13a", Body("s3-photo-1", lat, lon), TestImages.JpegWithMetadata());
        var replay = await bed.PostMultipartAsync("u13a", Body("s3-photo-1", lat, lon), TestImages.JpegWithMetadata());

        status.Should().Be(HttpStatusCode.Created, body.ToString());
        body.GetProperty("hasPhoto").GetBoolean().Should().BeTrue();
        replay.Status.Should().Be(HttpStatusCode.OK);
        var store = bed.Host.Services.GetRequiredService<IPhotoStore>();
        var stored = (await ListAsync(store)).Should().ContainSingle("a replay stores no second photo").Which;
        await using var connection = await bed.Host.Database.Factory.OpenAsync(TestContext.Current.CancellationToken);
        (await Dapper.SqlMapper.QuerySingleAsync<string>(connection, "SELECT photo_path FROM punches")).Should().Be(stored.Path);
        TestImages.AssertPixelsOnly((await store.ReadAsync(stored.Path, TestContext.Current.CancellationToken))!);
    }

    [Fact]
    public async Task The_retention_purge_and_the_orphan_sweep_clean_the_bucket_through_the_store()
    {
        var (options, client) = Connect(TestS3.RequireOrSkip());
        using var store = new S3PhotoStore(client, options, _cipher);
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var named = await store.SaveAsync(TestImages.JpegWithMetadata(), new DateOnly(2026, 3, 2), TestContext.Current.CancellationToken);
        var orphan = await store.SaveAsync(TestImages.JpegWithMetadata(), new DateOnly(2026, 3, 2), TestContext.Current.CancellationToken);
        using (var punches = new PunchRepository(db.Factory))
        {
            await punches.InsertAsync(new StoredPunch(0, "u1", "c-1", PunchSources.App, Rules.Punching.PunchKind.In, time.GetUtcNow(), null, time.GetUtcNow(),
                new DateOnly(2026, 3, 2), Rules.Punching.PunchVerdict.Accepted, null, 0, "上班打卡成功", null, null, null, null, null, null, null, null, null, null,
                false, false, null, named.Path, _cipher.KeyId, "h", []), cancellationToken: TestContext.Current.CancellationToken);
        }

        var photos = new PunchPhotoRepository(db.Factory);
        // Ten minutes on, the sweep deletes the photo no row names and keeps the other.
        time.Advance(PhotoOrphanSweeper.MinimumAge + TimeSpan.FromMinutes(1));
        var sweeper = new PhotoOrphanSweeper(store, photos, time, NullLogger<PhotoOrphanSweeper>.Instance);
        (await sweeper.SweepAsync(TestContext.Current.CancellationToken)).Should().Be(1);
        (await ListAsync(store)).Select(o => o.Path).Should().Equal([named.Path]);
        (await store.ReadAsync(orphan.Path, TestContext.Current.CancellationToken)).Should().BeNull();

        // Past the retention time, the purge deletes the photo and clears the row's reference.
        time.Advance(TimeSpan.FromDays(2));
        var purge = new RetentionPurgeJob(Options.Create(new AttendanceOptions { PhotoRetentionDays = 1 }), store, photos,
            new CallbackDedupeRepository(db.Factory, time), new Data.Jobs.JobRunRepository(db.Factory), time, NullLogger<RetentionPurgeJob>.Instance);
        var summary = await purge.RunAsync(new JobArguments(), TestContext.Current.CancellationToken);
        summary.Counts["photosDeleted"].Should().Be(1);
        summary.Counts["photoPathsCleared"].Should().Be(1);
        (await ListAsync(store)).Should().BeEmpty();
        (await photos.ReferencedAsync([named.Path])).Should().BeEmpty();
    }

    [Theory]
    [InlineData("--Attendance:PhotoStore:Kind=ftp", "Attendance:PhotoStore:Kind")]
    [InlineData("--Attendance:PhotoStore:Kind=s3", "Attendance:PhotoStore:Endpoint")]
    public async Task A_bad_photo_store_setting_stops_start_up_naming_the_key(string setting, string key)
    {
        await using var host = await TestHost.StartAsync();
        var app = HostProgram.Build([.. host.Args, setting]);
        var e = await FluentActions.Awaiting(() => app.StartAsync()).Should().ThrowAsync<Exception>();
        HostProgram.ConfigurationFailures(e.Which).Should().Contain(f => f.Contains(key, StringComparison.Ordinal));
        await app.DisposeAsync();
    }

    private static async Task<List<StoredObject>> ListAsync(IPhotoStore store)
    {
        var list = new List<StoredObject>();
        await foreach (var item in store.ListAsync(TestContext.Current.CancellationToken))
        {
            list.Add(item);
        }

        return list;
    }
}
