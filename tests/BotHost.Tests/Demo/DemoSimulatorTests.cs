using System.Net.Http.Json;
using Attendance.BotHost.Demo;
using Attendance.BotHost.WeComCallback;

namespace Attendance.BotHost.Tests.Demo;

/// <summary>
/// The embedded WeCom simulator of <c>--demo</c>: absent without it, and when it runs, the host's real WeCom client
/// and callback are pointed at it. The page's bot commands and card clicks are sealed by the simulator and posted by
/// the caller to the real <c>/wecom/callback</c>, so a tampered signature is refused there.
/// </summary>
public sealed class DemoSimulatorTests
{
    private static readonly string[] DemoRoutes =
    [
        "/demo", "/demo/index.html", "/demo/api/people", "/demo/api/groups", "/demo/api/jobs", "/demo/api/inbox/wangfang", "/demo/api/media/media-1",
    ];

    [Fact]
    public async Task Without_demo_the_simulator_does_not_exist_and_no_demo_route_answers()
    {
        await using var host = await TestHost.StartAsync(DatabaseProvider.Sqlite);
        host.Services.GetService<DemoWeCom>().Should().BeNull("only --demo may create the simulator");
        host.Services.GetRequiredService<WeComSettings>().Value.ApiBaseUrl.Should().Be("https://qyapi.weixin.qq.com");
        foreach (var route in DemoRoutes)
        {
            (await host.Client.GetAsync(route)).StatusCode.Should().Be(HttpStatusCode.NotFound, route);
        }

        var seal = await host.Client.PostAsJsonAsync("/demo/api/callbacks/text", new { userId = "wangfang", content = "我的考勤" });
        seal.StatusCode.Should().BeOneOf([HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed], "no demo route is mapped");
    }

    [Fact]
    public async Task Demo_with_a_real_corp_configured_talks_to_that_corp_and_starts_no_simulator()
    {
        await using var host = await TestHost.StartAsync(DatabaseProvider.Sqlite, demo: true, "--WeCom:CorpId=ww0123456789abcdef", "--WeCom:AgentSecret=real-secret");
        host.Services.GetService<DemoWeCom>().Should().BeNull();
        host.Services.GetRequiredService<WeComSettings>().Value.ApiBaseUrl.Should().Be("https://qyapi.weixin.qq.com");
        (await host.Client.GetAsync("/demo/api/people")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Demo_points_WeCom_at_a_loopback_simulator_with_a_generated_identity()
    {
        await using var host = await TestHost.StartAsync(DatabaseProvider.Sqlite, demo: true);
        var simulator = host.Services.GetRequiredService<DemoWeCom>().Simulator;
        var settings = host.Services.GetRequiredService<WeComSettings>().Value;
        settings.ApiBaseUrl.Should().Be(simulator.BaseUrl).And.StartWith("http://127.0.0.1:");
        settings.CorpId.Should().Be(simulator.CorpId).And.MatchRegex("^ww[0-9a-f]{16}$");
        settings.AgentSecret.Should().Be(simulator.AgentSecret).And.NotBe("fake-agent-secret-0123456789");
        settings.CallbackEncodingAESKey.Should().HaveLength(43).And.MatchRegex("^[A-Za-z0-9]+$");
        settings.ValidateApi().Concat(settings.ValidateCallback()).Should().BeEmpty();

        // Tencent's OAuth page and the JS-SDK cannot be simulated: the punch page offers the demo people instead.
        var config = await host.Client.GetFromJsonAsync<JsonElement>("/api/punch-page/config");
        config.GetProperty("devLogin").GetBoolean().Should().BeTrue();
        config.GetProperty("oauth").GetBoolean().Should().BeFalse();
        config.GetProperty("jsApi").GetBoolean().Should().BeFalse();

        var people = await host.Client.GetFromJsonAsync<JsonElement>("/demo/api/people");
        people.EnumerateArray().Select(p => p.GetProperty("userId").GetString()).Should().Contain(["zhangwei", "wangfang", "lina"]);
        people.EnumerateArray().Single(p => p.GetProperty("userId").GetString() == "lina").GetProperty("roles").EnumerateArray()
            .Select(r => r.GetString()).Should().Contain("HR");
    }

    [Fact]
    public async Task A_command_sealed_by_the_simulator_goes_through_the_real_callback_and_a_tampered_one_is_refused()
    {
        await using var host = await TestHost.StartAsync(DatabaseProvider.Sqlite, demo: true);

        // Tampered: one character of the signature changed. The callback refuses it and nothing is answered.
        var tampered = await SealAsync(host, "wangfang", "帮助");
        var signature = tampered.Url.Split("msg_signature=")[1][..40];
        var flipped = tampered.Url.Replace(signature, (signature[0] == '0' ? "1" : "0") + signature[1..], StringComparison.Ordinal);
        var refused = await PostCallbackAsync(host, flipped, tampered.Body);
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);

        // Genuine: the same way, unaltered. Its reply is the first message 王芳 ever gets, so the tampered 帮助 got none.
        var sealedText = await SealAsync(host, "wangfang", "我的考勤");
        (await PostCallbackAsync(host, sealedText.Url, sealedText.Body)).StatusCode.Should().Be(HttpStatusCode.OK);
        var inbox = await Eventually.UntilAsync(() => host.Client.GetFromJsonAsync<JsonElement>("/demo/api/inbox/wangfang"),
            i => i.GetProperty("messages").GetArrayLength() > 0, TimeSpan.FromSeconds(20), "a reply in 王芳's inbox");
        var first = inbox.GetProperty("messages")[0];
        first.GetProperty("kind").GetString().Should().Be("text");
        first.GetProperty("body").GetProperty("text").GetProperty("content").GetString().Should().Contain("王芳");
        await host.WaitForOutboxDrainedAsync();
        (await host.Client.GetFromJsonAsync<JsonElement>("/demo/api/inbox/wangfang")).GetProperty("messages").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task Sealing_refuses_unknown_people_empty_text_and_clicks_on_cards_the_member_never_got()
    {
        await using var host = await TestHost.StartAsync(DatabaseProvider.Sqlite, demo: true);
        await ProblemAsync(await host.Client.PostAsJsonAsync("/demo/api/callbacks/text", new { userId = "nobody", content = "帮助" }), "userId");
        await ProblemAsync(await host.Client.PostAsJsonAsync("/demo/api/callbacks/text", new { userId = "wangfang", content = "  " }), "content");
        await ProblemAsync(await host.Client.PostAsJsonAsync("/demo/api/callbacks/text", new { userId = "wangfang", content = new string('字', 2049) }), "content");
        await ProblemAsync(await host.Client.PostAsJsonAsync("/demo/api/callbacks/card", new { userId = "zhangwei", taskId = "no-such-card", eventKey = "approve" }), "taskId");
        var notJson = await host.Client.PostAsync("/demo/api/callbacks/text", new StringContent("userId=wangfang", Encoding.UTF8, "application/x-www-form-urlencoded"));
        notJson.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        (await host.Client.PostAsync("/demo/api/jobs/retention-purge", null)).StatusCode.Should().Be(HttpStatusCode.NotFound, "only the demo's jobs run from the page");
        (await host.Client.GetAsync("/demo/api/inbox/nobody")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_chat_history_and_the_corp_survive_a_restart_of_the_demo()
    {
        await using var host = await TestHost.StartAsync(DatabaseProvider.Sqlite, demo: true);
        var corp = host.Services.GetRequiredService<DemoWeCom>().Simulator.CorpId;
        var sealedText = await SealAsync(host, "wangfang", "我的考勤");
        (await PostCallbackAsync(host, sealedText.Url, sealedText.Body)).StatusCode.Should().Be(HttpStatusCode.OK);
        await Eventually.UntilAsync(() => host.Client.GetFromJsonAsync<JsonElement>("/demo/api/inbox/wangfang"),
            i => i.GetProperty("messages").GetArrayLength() == 1, TimeSpan.FromSeconds(20), "the reply in 王芳's inbox");
        await host.WaitForOutboxDrainedAsync();

        await host.RestartAsync();
        host.Services.GetRequiredService<DemoWeCom>().Simulator.CorpId.Should().Be(corp);
        var inbox = await host.Client.GetFromJsonAsync<JsonElement>("/demo/api/inbox/wangfang");
        inbox.GetProperty("messages").GetArrayLength().Should().Be(1);

        // The restarted host still speaks with the same corp: a new command is answered after the kept reply.
        var again = await SealAsync(host, "wangfang", "帮助");
        (await PostCallbackAsync(host, again.Url, again.Body)).StatusCode.Should().Be(HttpStatusCode.OK);
        var after = await Eventually.UntilAsync(() => host.Client.GetFromJsonAsync<JsonElement>("/demo/api/inbox/wangfang"),
            i => i.GetProperty("messages").GetArrayLength() == 2, TimeSpan.FromSeconds(20), "a second reply");
        after.GetProperty("messages")[1].GetProperty("seq").GetInt64().Should().BeGreaterThan(after.GetProperty("messages")[0].GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task The_story_s_pending_correction_card_is_approved_through_a_sealed_click_and_the_digest_reaches_the_robot_group()
    {
        await using var host = await TestHost.StartAsync(DatabaseProvider.Sqlite, demo: true);
        var inbox = await Eventually.UntilAsync(() => host.Client.GetFromJsonAsync<JsonElement>("/demo/api/inbox/zhangwei"),
            i => i.GetProperty("messages").EnumerateArray().Any(m => m.GetProperty("kind").GetString() == "template_card"),
            TimeSpan.FromSeconds(20), "the seeded 补卡's card in 张伟's inbox");
        var card = inbox.GetProperty("messages").EnumerateArray().First(m => m.GetProperty("kind").GetString() == "template_card");
        var taskId = card.GetProperty("body").GetProperty("template_card").GetProperty("task_id").GetString()!;
        taskId.Should().StartWith("correction-");

        var click = await host.Client.PostAsJsonAsync("/demo/api/callbacks/card", new { userId = "zhangwei", taskId, eventKey = "approve" });
        click.StatusCode.Should().Be(HttpStatusCode.OK, await click.Content.ReadAsStringAsync());
        var sealedClick = (await click.Content.ReadFromJsonAsync<Sealed>(JsonSerializerOptions.Web))!;
        (await PostCallbackAsync(host, sealedClick.Url, sealedClick.Body)).StatusCode.Should().Be(HttpStatusCode.OK);

        await Eventually.UntilAsync(() => host.Client.GetFromJsonAsync<JsonElement>("/demo/api/inbox/wangfang"),
            i => i.GetProperty("messages").EnumerateArray().Any(m => m.GetProperty("body").ToString().Contains("已通过", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20), "王芳 told of the approval");
        var answered = await Eventually.UntilAsync(() => host.Client.GetFromJsonAsync<JsonElement>("/demo/api/inbox/zhangwei"),
            i => i.GetProperty("messages").EnumerateArray().Any(m => m.TryGetProperty("update", out var u) && u.ValueKind == JsonValueKind.Object),
            TimeSpan.FromSeconds(20), "the card shown as answered");
        answered.GetProperty("messages").EnumerateArray().Single(m => m.TryGetProperty("update", out _))
            .GetProperty("update").GetProperty("button").GetProperty("replace_name").GetString().Should().Be("已同意");
        var second = await host.Client.PostAsJsonAsync("/demo/api/callbacks/card", new { userId = "zhangwei", taskId, eventKey = "reject" });
        second.StatusCode.Should().Be(HttpStatusCode.Conflict, "WeCom sends no click on an answered card");

        var run = await host.Client.PostAsync("/demo/api/jobs/digest", null);
        run.StatusCode.Should().Be(HttpStatusCode.OK, await run.Content.ReadAsStringAsync());
        var groups = await Eventually.UntilAsync(() => host.Client.GetFromJsonAsync<JsonElement>("/demo/api/groups"),
            g => g.EnumerateArray().Any(x => x.GetProperty("messages").GetArrayLength() > 0), TimeSpan.FromSeconds(20), "a digest in a group");
        var research = groups.EnumerateArray().Single(g => g.GetProperty("id").GetString() == "robot:" + Attendance.BotHost.Demo.DemoSeeder.RdRobotKey);
        research.GetProperty("name").GetString().Should().Be("研发部考勤群");
        research.GetProperty("members").EnumerateArray().Select(m => m.GetString()).Should().Contain(["zhangwei", "wangfang", "liuyang"]);
        research.GetProperty("messages")[0].GetProperty("sender").GetString().Should().Be("考勤机器人");
    }

    private sealed record Sealed(string Url, string Body);

    private static async Task<Sealed> SealAsync(TestHost host, string userId, string content)
    {
        var response = await host.Client.PostAsJsonAsync("/demo/api/callbacks/text", new { userId, content });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Sealed>(JsonSerializerOptions.Web))!;
    }

    private static Task<HttpResponseMessage> PostCallbackAsync(TestHost host, string url, string body) =>
        host.Client.PostAsync(url, new StringContent(body, Encoding.UTF8, "text/xml"));

    private static async Task ProblemAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
        body.Should().Contain($"\"{field}\"");
    }
}
