using System.Net;
using System.Text.Json;
using Attendance.BotHost.Punching.Photos;
using Attendance.Data;
using Attendance.Face;
using Dapper;
using static Attendance.BotHost.Tests.Punching.PunchTestBed;

namespace Attendance.BotHost.Tests.Face;

/// <summary>Consent, enrolment and every face finding through the real host over HTTP, with real photos.</summary>
public abstract class FaceVerificationTests(DatabaseProvider provider) : IAsyncLifetime
{
    private FaceTestBed _bed = null!;

    private static IReadOnlyList<string> People => FaceTestPhotos.People;

    public async ValueTask InitializeAsync() => _bed = await FaceTestBed.StartAsync(provider);

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task The_same_person_matches_on_other_photos_and_other_people_never_match()
    {
        var own = FaceTestPhotos.Of(People[0]);
        await _bed.EnrolWithConsentAsync("f20a", own[0]);

        for (var i = 1; i < own.Count; i++)
        {
            var body = await _bed.PunchAsync("f20a", $"same-{i}", own[i]);
            Assert.Contains("FACE_MATCH", Codes(body));
            Assert.Equal("accepted", body.GetProperty("verdict").GetString());
        }

        var n = 0;
        foreach (var other in People.Skip(1))
        {
            foreach (var photo in FaceTestPhotos.Of(other))
            {
                var body = await _bed.PunchAsync("f20a", $"other-{n++}", photo);
                Assert.DoesNotContain("FACE_MATCH", Codes(body));
                Assert.Contains("FACE_MISMATCH", Codes(body));
                Assert.Equal("review", body.GetProperty("verdict").GetString());
            }
        }

        Assert.Equal(22, n);
    }

    [Fact]
    public async Task A_group_photo_is_FACE_MULTIPLE_and_a_photo_without_a_face_FACE_NOT_FOUND_both_in_review()
    {
        var own = FaceTestPhotos.Of(People[0]);
        await _bed.EnrolWithConsentAsync("f20a", own[0]);

        var group = await _bed.PunchAsync("f20a", "group", FaceTestPhotos.SideBySide(own[1], FaceTestPhotos.Of(People[1])[0]));
        Assert.Contains("FACE_MULTIPLE", Codes(group));
        Assert.Equal("review", group.GetProperty("verdict").GetString());

        var empty = await _bed.PunchAsync("f20a", "wall", FaceTestPhotos.Gradient(640, 480));
        Assert.Contains("FACE_NOT_FOUND", Codes(empty));
        Assert.Equal("review", empty.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Without_consent_the_face_rule_is_skipped_and_without_a_template_the_punch_is_FACE_NOT_ENROLLED()
    {
        var photo = FaceTestPhotos.Of(People[0])[0];
        var skipped = await _bed.PunchAsync("f20b", "no-consent", photo);
        Assert.Contains("FACE_NO_CONSENT", Codes(skipped));
        Assert.Equal("accepted", skipped.GetProperty("verdict").GetString());

        Assert.Equal(HttpStatusCode.OK, (await _bed.ConsentAsync("f20b", true)).StatusCode);
        var notEnrolled = await _bed.PunchAsync("f20b", "not-enrolled", photo);
        Assert.Contains("FACE_NOT_ENROLLED", Codes(notEnrolled));
        Assert.Equal("review", notEnrolled.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task After_the_template_is_deleted_the_punch_is_FACE_NOT_ENROLLED()
    {
        var own = FaceTestPhotos.Of(People[1]);
        await _bed.EnrolWithConsentAsync("f20a", own[0]);
        Assert.Contains("FACE_MATCH", Codes(await _bed.PunchAsync("f20a", "before", own[1])));

        Assert.Equal(HttpStatusCode.NoContent, (await _bed.Host.AdminAsync(HttpMethod.Delete, "/api/admin/employees/f20a/face")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _bed.Host.AdminAsync(HttpMethod.Delete, "/api/admin/employees/f20a/face")).StatusCode);
        Assert.False(await _bed.EnrolledAsync("f20a"));

        var after = await _bed.PunchAsync("f20a", "after", own[2]);
        Assert.Contains("FACE_NOT_ENROLLED", Codes(after));
        Assert.Equal("review", after.GetProperty("verdict").GetString());
        Assert.Equal(1, await _bed.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'face.template.enrol' AND entity_id = 'f20a'"));
        Assert.Equal(1, await _bed.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'face.template.delete' AND entity_id = 'f20a'"));
    }

    [Fact]
    public async Task Enrolment_is_refused_without_consent_without_a_face_with_two_faces_or_a_face_too_small()
    {
        var photo = FaceTestPhotos.Of(People[0])[0];
        var (status, problem) = await _bed.EnrolAsync("f20a", photo);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("FACE_NO_CONSENT", FaceTestBed.Code(problem));
        Assert.Contains("consent", problem.GetProperty("title").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await _bed.ConsentAsync("f20a", true)).StatusCode);
        (status, problem) = await _bed.EnrolAsync("f20a", FaceTestPhotos.Gradient(640, 480));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("FACE_NOT_FOUND", FaceTestBed.Code(problem));

        (status, problem) = await _bed.EnrolAsync("f20a", FaceTestPhotos.SideBySide(photo, FaceTestPhotos.Of(People[2])[0]));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("FACE_MULTIPLE", FaceTestBed.Code(problem));

        (status, problem) = await _bed.EnrolAsync("f20a", FaceTestPhotos.SmallInLargeCanvas(photo, 64, 800));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("FACE_TOO_SMALL", FaceTestBed.Code(problem));

        (status, _) = await _bed.EnrolAsync("f20a", "%PDF-1.7 not a photo"u8.ToArray());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);

        (status, _) = await _bed.EnrolAsync("nobody", photo);
        Assert.Equal(HttpStatusCode.NotFound, status);

        Assert.Equal(0, await _bed.CountAsync("SELECT COUNT(*) FROM face_templates"));
        Assert.False(await _bed.EnrolledAsync("f20a"));
    }

    [Fact]
    public async Task Consent_is_recorded_with_its_notice_version_and_history_and_withdrawing_it_deletes_the_template()
    {
        var token = await _bed.Punches.TokenAsync("f20a");
        var (status, before, _) = await _bed.Punches.SendAsync(_bed.Host.Request(HttpMethod.Get, "/api/me/consents/face", null, token));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(before.GetProperty("granted").GetBoolean());
        Assert.Equal("test-notice-3", before.GetProperty("currentNoticeVersion").GetString());
        Assert.False(before.TryGetProperty("recordedAt", out _));

        var own = FaceTestPhotos.Of(People[2]);
        await _bed.EnrolWithConsentAsync("f20a", own[0]);
        var (_, granted, _) = await _bed.Punches.SendAsync(_bed.Host.Request(HttpMethod.Get, "/api/me/consents/face", null, token));
        Assert.True(granted.GetProperty("granted").GetBoolean());
        Assert.True(granted.GetProperty("enrolled").GetBoolean());
        Assert.Equal("test-notice-3", granted.GetProperty("noticeVersion").GetString());
        Assert.Equal(JsonValueKind.String, granted.GetProperty("recordedAt").ValueKind);

        var withdrawn = await _bed.ConsentAsync("f20a", false);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var after = JsonDocument.Parse(await withdrawn.Content.ReadAsStringAsync()).RootElement;
        Assert.False(after.GetProperty("granted").GetBoolean());
        Assert.False(after.GetProperty("enrolled").GetBoolean());
        Assert.False(await _bed.EnrolledAsync("f20a"));
        Assert.Equal(2, await _bed.CountAsync("SELECT COUNT(*) FROM face_consents WHERE user_id = 'f20a'"));
        Assert.Equal(1, await _bed.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'face.consent.withdraw' AND entity_id = 'f20a'"));
        Assert.Equal(1, await _bed.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'face.template.delete' AND entity_id = 'f20a'"));

        var punch = await _bed.PunchAsync("f20a", "withdrawn", own[1]);
        Assert.Contains("FACE_NO_CONSENT", Codes(punch));

        var missing = await _bed.Host.Client.SendAsync(_bed.Host.Request(HttpMethod.Put, "/api/me/consents/face", new { }, token));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var anonymous = await _bed.Host.Client.SendAsync(_bed.Host.Request(HttpMethod.Put, "/api/me/consents/face", new { granted = true }));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task An_employee_who_leaves_or_is_deleted_loses_the_template()
    {
        await _bed.EnrolWithConsentAsync("f20a", FaceTestPhotos.Of(People[0])[0]);
        await _bed.EnrolWithConsentAsync("f20b", FaceTestPhotos.Of(People[1])[0]);

        var left = await _bed.Host.AdminAsync(HttpMethod.Put, "/api/admin/employees/f20a", FaceTestBed.Employee("a", active: false));
        Assert.True(left.IsSuccessStatusCode);
        Assert.Equal(0, await _bed.CountAsync("SELECT COUNT(*) FROM face_templates WHERE user_id = 'f20a'"));
        Assert.Equal(HttpStatusCode.Forbidden, (await _bed.ConsentAsync("f20a", true)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _bed.Host.AdminAsync(HttpMethod.Delete, "/api/admin/employees/f20b")).StatusCode);
        Assert.Equal(0, await _bed.CountAsync("SELECT COUNT(*) FROM face_templates"));
        Assert.Equal(2, await _bed.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'face.template.delete'"));
    }

    [Fact]
    public async Task HR_can_enrol_from_a_stored_punch_photo_of_that_employee()
    {
        var own = FaceTestPhotos.Of(People[1]);
        Assert.Equal(HttpStatusCode.OK, (await _bed.ConsentAsync("f20c", true)).StatusCode);
        var first = await _bed.PunchAsync("f20c", "first", own[0]);
        Assert.Contains("FACE_NOT_ENROLLED", Codes(first));
        var punchId = first.GetProperty("punchId").GetInt64();

        var someoneElse = await _bed.Host.AdminAsync(HttpMethod.Post, $"/api/admin/employees/f20a/face/from-punch/{punchId}");
        Assert.Equal(HttpStatusCode.NotFound, someoneElse.StatusCode);

        var enrolled = await _bed.Host.AdminAsync(HttpMethod.Post, $"/api/admin/employees/f20c/face/from-punch/{punchId}");
        Assert.Equal(HttpStatusCode.Created, enrolled.StatusCode);
        var (_, state, _) = await _bed.Punches.SendAsync(_bed.Host.Request(HttpMethod.Get, "/api/admin/employees/f20c/face", null, TestHost.AdminKey));
        Assert.Equal($"punch:{punchId}", state.GetProperty("source").GetString());

        var next = await _bed.PunchAsync("f20c", "next", own[1]);
        Assert.Contains("FACE_MATCH", Codes(next));
        Assert.Equal("accepted", next.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task The_template_is_encrypted_at_rest_with_the_photo_key()
    {
        await _bed.EnrolWithConsentAsync("f20a", FaceTestPhotos.Of(People[0])[0]);
        await using var connection = await _bed.Host.Database.Factory.OpenAsync();
        var (template, keyId) = await connection.QuerySingleAsync<(byte[], string)>("SELECT template, key_id FROM face_templates WHERE user_id = 'f20a'");
        var cipher = _bed.Host.Services.GetRequiredService<PhotoCipher>();
        Assert.Equal(cipher.KeyId, keyId);
        Assert.Equal("APH1"u8.ToArray(), template[..4]);
        var embedding = FaceTemplate.FromBytes(cipher.Decrypt(template));
        Assert.InRange(FaceMath.Cosine(embedding, embedding), 0.999f, 1.001f);
        Assert.Equal(40 + FaceTemplate.ByteLength, template.Length);
    }
}

public sealed class FaceVerificationTestsOnSqlite() : FaceVerificationTests(DatabaseProvider.Sqlite);

public sealed class FaceVerificationTestsOnPostgres() : FaceVerificationTests(DatabaseProvider.Postgres);
