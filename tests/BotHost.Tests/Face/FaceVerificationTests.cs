using Attendance.Testing.Faces;
using Attendance.BotHost.Punching.Photos;
using Attendance.Face;
using Dapper;
using static Attendance.BotHost.Tests.Punching.PunchTestBed;

namespace Attendance.BotHost.Tests.Face;

/// <summary>Consent, enrolment and every face finding through the real host over HTTP, with real photos.</summary>
public abstract class FaceVerificationTests(DatabaseProvider provider) : IAsyncLifetime
{
    private FaceTestBed _bed = null!;

    private static IReadOnlyList<string> People => FacePhotos.People;

    public async ValueTask InitializeAsync() => _bed = await FaceTestBed.StartAsync(provider);

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task The_same_person_matches_on_other_photos_and_other_people_never_match()
    {
        var own = FacePhotos.Photos(People[0]);
        await _bed.EnrolWithConsentAsync("f20a", own[0]);

        for (var i = 1; i < own.Count; i++)
        {
            var body = await _bed.PunchAsync("f20a", $"same-{i}", own[i]);
            Codes(body).Should().Contain("FACE_MATCH");
            body.GetProperty("verdict").GetString().Should().Be("accepted");
        }

        var n = 0;
        foreach (var other in People.Skip(1))
        {
            foreach (var photo in FacePhotos.Photos(other))
            {
                var body = await _bed.PunchAsync("f20a", $"other-{n++}", photo);
                Codes(body).Should().NotContain("FACE_MATCH");
                Codes(body).Should().Contain("FACE_MISMATCH");
                body.GetProperty("verdict").GetString().Should().Be("review");
            }
        }

        n.Should().Be(22);
    }

    [Fact]
    public async Task A_group_photo_is_FACE_MULTIPLE_and_a_photo_without_a_face_FACE_NOT_FOUND_both_in_review()
    {
        var own = FacePhotos.Photos(People[0]);
        await _bed.EnrolWithConsentAsync("f20a", own[0]);

        var group = await _bed.PunchAsync("f20a", "group", FacePhotos.SideBySide(own[1], FacePhotos.Photos(People[1])[0]));
        Codes(group).Should().Contain("FACE_MULTIPLE");
        group.GetProperty("verdict").GetString().Should().Be("review");

        var empty = await _bed.PunchAsync("f20a", "wall", FacePhotos.Gradient(640, 480));
        Codes(empty).Should().Contain("FACE_NOT_FOUND");
        empty.GetProperty("verdict").GetString().Should().Be("review");
    }

    [Fact]
    public async Task Without_consent_the_face_rule_is_skipped_and_without_a_template_the_punch_is_FACE_NOT_ENROLLED()
    {
        var photo = FacePhotos.Photos(People[0])[0];
        var skipped = await _bed.PunchAsync("f20b", "no-consent", photo);
        Codes(skipped).Should().Contain("FACE_NO_CONSENT");
        skipped.GetProperty("verdict").GetString().Should().Be("accepted");

        (await _bed.ConsentAsync("f20b", true)).StatusCode.Should().Be(HttpStatusCode.OK);
        var notEnrolled = await _bed.PunchAsync("f20b", "not-enrolled", photo);
        Codes(notEnrolled).Should().Contain("FACE_NOT_ENROLLED");
        notEnrolled.GetProperty("verdict").GetString().Should().Be("review");
    }

    [Fact]
    public async Task After_the_template_is_deleted_the_punch_is_FACE_NOT_ENROLLED()
    {
        var own = FacePhotos.Photos(People[1]);
        await _bed.EnrolWithConsentAsync("f20a", own[0]);
        Codes(await _bed.PunchAsync("f20a", "before", own[1])).Should().Contain("FACE_MATCH");

        (await _bed.Host.AdminAsync(HttpMethod.Delete, "/api/admin/employees/f20a/face")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await _bed.Host.AdminAsync(HttpMethod.Delete, "/api/admin/employees/f20a/face")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _bed.EnrolledAsync("f20a")).Should().BeFalse();

        var after = await _bed.PunchAsync("f20a", "after", own[2]);
        Codes(after).Should().Contain("FACE_NOT_ENROLLED");
        after.GetProperty("verdict").GetString().Should().Be("review");
        (await _bed.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'face.template.enrol' AND entity_id = 'f20a'")).Should().Be(1);
        (await _bed.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'face.template.delete' AND entity_id = 'f20a'")).Should().Be(1);
    }

    [Fact]
    public async Task Enrolment_is_refused_without_consent_without_a_face_with_two_faces_or_a_face_too_small()
    {
        var photo = FacePhotos.Photos(People[0])[0];
        var (status, problem) = await _bed.EnrolAsync("f20a", photo);
        status.Should().Be(HttpStatusCode.UnprocessableEntity);
        FaceTestBed.Code(problem).Should().Be("FACE_NO_CONSENT");
        problem.GetProperty("title").GetString().Should().Contain("consent");

        (await _bed.ConsentAsync("f20a", true)).StatusCode.Should().Be(HttpStatusCode.OK);
        (status, problem) = await _bed.EnrolAsync("f20a", FacePhotos.Gradient(640, 480));
        status.Should().Be(HttpStatusCode.UnprocessableEntity);
        FaceTestBed.Code(problem).Should().Be("FACE_NOT_FOUND");

        (status, problem) = await _bed.EnrolAsync("f20a", FacePhotos.SideBySide(photo, FacePhotos.Photos(People[2])[0]));
        status.Should().Be(HttpStatusCode.UnprocessableEntity);
        FaceTestBed.Code(problem).Should().Be("FACE_MULTIPLE");

        (status, problem) = await _bed.EnrolAsync("f20a", FacePhotos.SmallInLargeCanvas(photo, 64, 800));
        status.Should().Be(HttpStatusCode.UnprocessableEntity);
        FaceTestBed.Code(problem).Should().Be("FACE_TOO_SMALL");

        (status, _) = await _bed.EnrolAsync("f20a", "%PDF-1.7 not a photo"u8.ToArray());
        status.Should().Be(HttpStatusCode.UnsupportedMediaType);

        (status, _) = await _bed.EnrolAsync("nobody", photo);
        status.Should().Be(HttpStatusCode.NotFound);

        (await _bed.CountAsync("SELECT COUNT(*) FROM face_templates")).Should().Be(0);
        (await _bed.EnrolledAsync("f20a")).Should().BeFalse();
    }

    [Fact]
    public async Task Consent_is_recorded_with_its_notice_version_and_history_and_withdrawing_it_deletes_the_template()
    {
        var token = await _bed.Punches.TokenAsync("f20a");
        var (status, before, _) = await _bed.Punches.SendAsync(_bed.Host.Request(HttpMethod.Get, "/api/me/consents/face", null, token));
        status.Should().Be(HttpStatusCode.OK);
        before.GetProperty("granted").GetBoolean().Should().BeFalse();
        before.GetProperty("currentNoticeVersion").GetString().Should().Be("test-notice-3");
        before.TryGetProperty("recordedAt", out _).Should().BeFalse();

        var own = FacePhotos.Photos(People[2]);
        await _bed.EnrolWithConsentAsync("f20a", own[0]);
        var (_, granted, _) = await _bed.Punches.SendAsync(_bed.Host.Request(HttpMethod.Get, "/api/me/consents/face", null, token));
        granted.GetProperty("granted").GetBoolean().Should().BeTrue();
        granted.GetProperty("enrolled").GetBoolean().Should().BeTrue();
        granted.GetProperty("noticeVersion").GetString().Should().Be("test-notice-3");
        granted.GetProperty("recordedAt").ValueKind.Should().Be(JsonValueKind.String);

        var withdrawn = await _bed.ConsentAsync("f20a", false);
        withdrawn.StatusCode.Should().Be(HttpStatusCode.OK);
        var after = JsonDocument.Parse(await withdrawn.Content.ReadAsStringAsync()).RootElement;
        after.GetProperty("granted").GetBoolean().Should().BeFalse();
        after.GetProperty("enrolled").GetBoolean().Should().BeFalse();
        (await _bed.EnrolledAsync("f20a")).Should().BeFalse();
        (await _bed.CountAsync("SELECT COUNT(*) FROM face_consents WHERE user_id = 'f20a'")).Should().Be(2);
        (await _bed.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'face.consent.withdraw' AND entity_id = 'f20a'")).Should().Be(1);
        (await _bed.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'face.template.delete' AND entity_id = 'f20a'")).Should().Be(1);

        var punch = await _bed.PunchAsync("f20a", "withdrawn", own[1]);
        Codes(punch).Should().Contain("FACE_NO_CONSENT");

        var missing = await _bed.Host.Client.SendAsync(_bed.Host.Request(HttpMethod.Put, "/api/me/consents/face", new { }, token));
        missing.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var anonymous = await _bed.Host.Client.SendAsync(_bed.Host.Request(HttpMethod.Put, "/api/me/consents/face", new { granted = true }));
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_employee_who_leaves_or_is_deleted_loses_the_template()
    {
        await _bed.EnrolWithConsentAsync("f20a", FacePhotos.Photos(People[0])[0]);
        await _bed.EnrolWithConsentAsync("f20b", FacePhotos.Photos(People[1])[0]);

        var left = await _bed.Host.AdminAsync(HttpMethod.Put, "/api/admin/employees/f20a", FaceTestBed.Employee("a", active: false));
        left.IsSuccessStatusCode.Should().BeTrue();
        (await _bed.CountAsync("SELECT COUNT(*) FROM face_templates WHERE user_id = 'f20a'")).Should().Be(0);
        (await _bed.ConsentAsync("f20a", true)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        (await _bed.Host.AdminAsync(HttpMethod.Delete, "/api/admin/employees/f20b")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await _bed.CountAsync("SELECT COUNT(*) FROM face_templates")).Should().Be(0);
        (await _bed.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'face.template.delete'")).Should().Be(2);
    }

    [Fact]
    public async Task HR_can_enrol_from_a_stored_punch_photo_of_that_employee()
    {
        var own = FacePhotos.Photos(People[1]);
        (await _bed.ConsentAsync("f20c", true)).StatusCode.Should().Be(HttpStatusCode.OK);
        var first = await _bed.PunchAsync("f20c", "first", own[0]);
        Codes(first).Should().Contain("FACE_NOT_ENROLLED");
        var punchId = first.GetProperty("punchId").GetInt64();

        var someoneElse = await _bed.Host.AdminAsync(HttpMethod.Post, $"/api/admin/employees/f20a/face/from-punch/{punchId}");
        someoneElse.StatusCode.Should().Be(HttpStatusCode.NotFound);

        var enrolled = await _bed.Host.AdminAsync(HttpMethod.Post, $"/api/admin/employees/f20c/face/from-punch/{punchId}");
        enrolled.StatusCode.Should().Be(HttpStatusCode.Created);
        var (_, state, _) = await _bed.Punches.SendAsync(_bed.Host.Request(HttpMethod.Get, "/api/admin/employees/f20c/face", null, TestHost.AdminKey));
        state.GetProperty("source").GetString().Should().Be($"punch:{punchId}");

        var next = await _bed.PunchAsync("f20c", "next", own[1]);
        Codes(next).Should().Contain("FACE_MATCH");
        next.GetProperty("verdict").GetString().Should().Be("accepted");
    }

    [Fact]
    public async Task The_template_is_encrypted_at_rest_with_the_photo_key()
    {
        await _bed.EnrolWithConsentAsync("f20a", FacePhotos.Photos(People[0])[0]);
        await using var connection = await _bed.Host.Database.Factory.OpenAsync();
        var (template, keyId) = await connection.QuerySingleAsync<(byte[], string)>("SELECT template, key_id FROM face_templates WHERE user_id = 'f20a'");
        var cipher = _bed.Host.Services.GetRequiredService<PhotoCipher>();
        keyId.Should().Be(cipher.KeyId);
        template[..4].Should().Equal("APH1"u8.ToArray());
        var embedding = FaceTemplate.FromBytes(cipher.Decrypt(template));
        FaceMath.Cosine(embedding, embedding).Should().BeInRange(0.999f, 1.001f);
        template.Length.Should().Be(40 + FaceTemplate.ByteLength);
    }
}

public sealed class FaceVerificationTestsOnSqlite() : FaceVerificationTests(DatabaseProvider.Sqlite);

public sealed class FaceVerificationTestsOnPostgres() : FaceVerificationTests(DatabaseProvider.Postgres);
