using System.Net.Http.Headers;

namespace Attendance.BotHost.Tests.Punching;

/// <summary>Multipart bodies that cannot be read (no closing boundary, a part header over 8 KB) are 400 problems, not 500s.</summary>
public sealed class MalformedMultipartTests : IAsyncLifetime
{
    private const string Boundary = "x-boundary-7f3a";
    private const string Punch = """{"clientPunchId":"mp-1","kind":"in"}""";

    private PunchTestBed _bed = null!;

    public async ValueTask InitializeAsync() => _bed = await PunchTestBed.StartAsync();

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    public static TheoryData<string, string> Bodies => new()
    {
        { "no closing boundary", $"--{Boundary}\r\nContent-Disposition: form-data; name=\"punch\"\r\nContent-Type: application/json\r\n\r\n{Punch}\r\n" },
        { "no closing boundary in the photo", $"--{Boundary}\r\nContent-Disposition: form-data; name=\"photo\"\r\nContent-Type: image/jpeg\r\n\r\n\u00FF\u00D8\u00FF" },
        { "part header over 8 KB", $"--{Boundary}\r\nContent-Disposition: form-data; name=\"punch\"\r\nX-Padding: {new string('a', 9 * 1024)}\r\n\r\n{Punch}\r\n--{Boundary}--\r\n" },
        { "many part headers over 8 KB", $"--{Boundary}\r\nContent-Disposition: form-data; name=\"punch\"\r\n{string.Concat(Enumerable.Range(0, 100).Select(i => $"X-H{i}: {new string('b', 100)}\r\n"))}\r\n{Punch}\r\n--{Boundary}--\r\n" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_punch_with_a_malformed_multipart_body_is_400_problem(string why, string body)
    {
        var (status, json, response) = await _bed.SendAsync(_bed.Host.Request(HttpMethod.Post, "/api/punches", Content(body), await _bed.TokenAsync("u10a")));
        status.Should().Be(HttpStatusCode.BadRequest, $"{why}: {(int)status} {json}");
        (response.Content.Headers.ContentType?.MediaType).Should().Be("application/problem+json");
        json.GetProperty("status").GetInt32().Should().Be(400);
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_face_enrolment_upload_with_a_malformed_multipart_body_is_400_problem(string why, string body)
    {
        var response = await _bed.Host.Client.SendAsync(_bed.Host.Request(HttpMethod.Post, "/api/admin/employees/u10a/face", Content(body), TestHost.AdminKey));
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode} {text}");
        (response.Content.Headers.ContentType?.MediaType).Should().Be("application/problem+json");
    }

    private static ByteArrayContent Content(string body)
    {
        var content = new ByteArrayContent(Encoding.Latin1.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        return content;
    }
}
