using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flurl.Http;

namespace Attendance.WeCom.Tests.Client;

/// <summary>
/// The bytes we put on the wire, against the rules WeCom's server enforces (the strict fake cites each page): raw
/// UTF-8 JSON (40033), the multipart framing of uploads (44001), content limits, task ids, frequency limits and a token
/// that dies mid-run.
/// </summary>
public sealed class WireRulesTests : IAsyncLifetime
{
    private const string RobotKey = "robot-key-strict";

    // Every class of character UnsafeRelaxedJsonEscaping still escapes, as they occur in digests and names.
    private const string Hard = "已到\u30005人\u00a0迟到\ufeff1人\u2028\u2029\ue000 😀 𠮷磊";

    private WeComSimulator _server = null!;
    private ServiceProvider _services = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private WeComClient Client => _services.GetRequiredService<WeComClient>();

    public async ValueTask InitializeAsync()
    {
        _server = await WeComSimulator.StartAsync(Ct);
        _server.RobotKeys.Add(RobotKey);
        _services = new ServiceCollection().AddLogging().AddWeComClient(o =>
        {
            o.CorpId = _server.CorpId;
            o.AgentId = _server.AgentId;
            o.AgentSecret = _server.AgentSecret;
            o.ApiBaseUrl = _server.BaseUrl;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
        }).BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public void Json_carries_every_non_ascii_character_raw_and_escapes_only_what_json_requires()
    {
        var json = JsonSerializer.Serialize(new { content = Hard + "\"引号\" \\ 换行\n制表\t<font color=\"info\">&</font>" }, WeComJson.Options);

        json.Should().Be("{\"content\":\"" + Hard + "\\\"引号\\\" \\\\ 换行\\n制表\\t<font color=\\\"info\\\">&</font>\"}");
        json.Should().NotContain("\\u");
        JsonNode.Parse(json)!["content"]!.GetValue<string>().Should().StartWith(Hard);
    }

    [Fact]
    public void Controls_json_can_only_write_as_u_escapes_are_dropped_and_a_lone_surrogate_is_replaced()
    {
        var json = JsonSerializer.Serialize(new { content = "a\u0001b\u001bc\ud800d" }, WeComJson.Options);

        json.Should().Be("{\"content\":\"abc\ufffdd\"}");
    }

    [Fact]
    public async Task The_fake_refuses_a_body_with_a_u_escape_as_WeCom_does()
    {
        var token = await Client.GetAccessTokenAsync(Ct);
        using var http = new HttpClient();
        var body = $"{{\"touser\":\"zhangsan\",\"msgtype\":\"text\",\"agentid\":{_server.AgentId},\"text\":{{\"content\":\"已到\\u30005人\"}}}}";
        using var response = await http.PostAsync($"{_server.BaseUrl}/cgi-bin/message/send?access_token={token}",
            new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        ((int)answer["errcode"]!).Should().Be(40033);
        _server.Messages.Should().BeEmpty();
    }

    [Fact]
    public async Task App_text_robot_markdown_and_group_chat_arrive_byte_exact()
    {
        await Client.ExecuteCgiBinMessageSendAsync(new CgiBinMessageSendRequest { ToUser = "zhangsan", MessageType = MessageTypes.Text, Text = new TextContent { Content = Hard } }, Ct);
        await Client.ExecuteCgiBinWebhookSendAsync(RobotKey, new CgiBinWebhookSendRequest { MessageType = MessageTypes.Markdown, Markdown = new MarkdownContent { Content = "**日报** " + Hard } }, Ct);
        var chat = await Client.ExecuteCgiBinAppChatCreateAsync(new CgiBinAppChatCreateRequest { Name = "考勤群", Owner = "boss", UserList = ["boss", "zhangsan"] }, Ct);
        await Client.ExecuteCgiBinAppChatSendAsync(new CgiBinAppChatSendRequest { ChatId = chat.ChatId!, MessageType = MessageTypes.Markdown, Markdown = new MarkdownContent { Content = Hard } }, Ct);

        _server.Refusals.Should().BeEmpty();
        _server.Messages.Should().HaveCount(3);
        _server.Messages.Should().OnlyContain(m => !m.Json.Contains("\\u", StringComparison.Ordinal) && m.Json.Contains(Hard, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Uploads_use_WeComs_own_multipart_framing_and_keep_a_chinese_file_name()
    {
        var xlsx = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        var app = await Client.ExecuteCgiBinMediaUploadAsync("file", xlsx, "考勤月报_2026-11.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Ct);
        var robot = await Client.ExecuteCgiBinWebhookUploadMediaAsync(RobotKey, xlsx, "考勤月报.xlsx", Ct);

        _server.Refusals.Should().BeEmpty();
        _server.Media.Should().HaveCount(2);
        _server.Media.Single(m => m.MediaId == app.MediaId).FileName.Should().Be("考勤月报_2026-11.xlsx");
        _server.Media.Single(m => m.MediaId == robot.MediaId).RobotKey.Should().Be(RobotKey);
        _server.Media.Should().OnlyContain(m => m.Content.SequenceEqual(xlsx));
        (await Client.ExecuteCgiBinMediaGetAsync(app.MediaId!, Ct)).Content.Should().Equal(xlsx);
    }

    [Fact]
    public async Task The_fake_answers_empty_media_data_to_the_framing_flurl_and_dotnet_produce()
    {
        var token = await Client.GetAccessTokenAsync(Ct);
        var flurl = await $"{_server.BaseUrl}/cgi-bin/media/upload?access_token={token}&type=file"
            .PostMultipartAsync(mp => mp.AddFile("media", new MemoryStream(new byte[100]), "report.xlsx"), cancellationToken: Ct);
        var answer = JsonNode.Parse(await flurl.GetStringAsync())!;

        ((int)answer["errcode"]!).Should().Be(44001);
        _server.Media.Should().BeEmpty();
    }

    [Fact]
    public async Task Files_of_five_bytes_or_less_are_refused()
    {
        var error = (await FluentActions.Awaiting(() => Client.ExecuteCgiBinMediaUploadAsync("file", [1, 2, 3, 4, 5], "tiny.txt", null, Ct)).Should().ThrowExactlyAsync<WeComException>()).Which;
        error.ErrorCode.Should().Be(40006);
    }

    [Fact]
    public async Task A_reused_task_id_is_refused_with_42014()
    {
        CgiBinMessageSendRequest Card() => new()
        {
            ToUser = "boss",
            MessageType = MessageTypes.TemplateCard,
            TemplateCard = new TemplateCardContent
            {
                TaskId = "correction-7-0123456789abcdef",
                MainTitle = new TemplateCardTitle { Title = "补卡审批" },
                ButtonList = [new TemplateCardButton { Text = "同意", Key = "approve" }, new TemplateCardButton { Text = "驳回", Key = "reject" }],
            },
        };

        await Client.ExecuteCgiBinMessageSendAsync(Card(), Ct);
        var error = (await FluentActions.Awaiting(() => Client.ExecuteCgiBinMessageSendAsync(Card(), Ct)).Should().ThrowExactlyAsync<WeComException>()).Which;

        error.ErrorCode.Should().Be(WeComErrorCodes.TaskIdExists);
        _server.Messages.Should().ContainSingle();
    }

    [Fact]
    public async Task A_response_code_updates_a_card_once()
    {
        var sent = await Client.ExecuteCgiBinMessageSendAsync(new CgiBinMessageSendRequest
        {
            ToUser = "boss",
            MessageType = MessageTypes.TemplateCard,
            TemplateCard = new TemplateCardContent { TaskId = "t-1", SubTitleText = "补卡", ButtonList = [new TemplateCardButton { Text = "同意", Key = "approve" }] },
        }, Ct);
        CgiBinMessageUpdateTemplateCardRequest Update() => new() { UserIds = ["boss"], ResponseCode = sent.ResponseCode!, Button = new UpdateTemplateCardButton { ReplaceName = "已同意" } };

        await Client.ExecuteCgiBinMessageUpdateTemplateCardAsync(Update(), Ct);
        var error = (await FluentActions.Awaiting(() => Client.ExecuteCgiBinMessageUpdateTemplateCardAsync(Update(), Ct)).Should().ThrowExactlyAsync<WeComException>()).Which;

        error.ErrorCode.Should().Be(40058);
    }

    [Fact]
    public async Task A_token_that_dies_mid_run_costs_one_refresh_and_nothing_is_lost_or_doubled()
    {
        _server.ExpireTokensAfterCalls(2);
        for (var i = 1; i <= 5; i++)
        {
            await Client.ExecuteCgiBinMessageSendAsync(new CgiBinMessageSendRequest { ToUser = "zhangsan", MessageType = MessageTypes.Text, Text = new TextContent { Content = $"第{i}条" } }, Ct);
        }

        _server.GetTokenCalls.Should().Be(2);
        _server.Messages.Select(m => JsonNode.Parse(m.Json)!["text"]!["content"]!.GetValue<string>()).Should().Equal("第1条", "第2条", "第3条", "第4条", "第5条");
    }

    [Fact]
    public async Task A_robot_past_20_messages_a_minute_gets_45009_and_only_that_robot_pauses()
    {
        for (var i = 0; i < 20; i++)
        {
            await Client.ExecuteCgiBinWebhookSendAsync(RobotKey, new CgiBinWebhookSendRequest { Text = new TextContent { Content = $"{i}" } }, Ct);
        }

        var error = (await FluentActions.Awaiting(() => Client.ExecuteCgiBinWebhookSendAsync(RobotKey, new CgiBinWebhookSendRequest { Text = new TextContent { Content = "21" } }, Ct)).Should().ThrowExactlyAsync<WeComRateLimitedException>()).Which;
        error.ErrorCode.Should().Be(45009);
        _server.Messages.Should().HaveCount(20);

        // Each robot has its own budget, so the pause after one robot's 45009 leaves the others alone.
        _server.RobotKeys.Add("robot-key-other");
        await Client.ExecuteCgiBinWebhookSendAsync("robot-key-other", new CgiBinWebhookSendRequest { Text = new TextContent { Content = "另一个群" } }, Ct);
        await FluentActions.Awaiting(() => Client.ExecuteCgiBinWebhookSendAsync(RobotKey, new CgiBinWebhookSendRequest { Text = new TextContent { Content = "22" } }, Ct)).Should().ThrowExactlyAsync<WeComRateLimitedException>();
        _server.Messages.Should().HaveCount(21);
        _server.CallCount(Apis.WebhookSend).Should().Be(22, "the paused robot's second try never left the client");
    }

    [Fact]
    public async Task Past_30_app_messages_a_minute_a_member_gets_nothing_more()
    {
        for (var i = 0; i < 31; i++)
        {
            await Client.ExecuteCgiBinMessageSendAsync(new CgiBinMessageSendRequest { ToUser = "zhangsan|lisi", MessageType = MessageTypes.Text, Text = new TextContent { Content = $"{i}" } }, Ct);
            if (i == 0)
            {
                await Client.ExecuteCgiBinMessageSendAsync(new CgiBinMessageSendRequest { ToUser = "lisi", MessageType = MessageTypes.Text, Text = new TextContent { Content = "extra" } }, Ct);
            }
        }

        _server.Messages.Count(m => m.ToUser!.Split('|').Contains("zhangsan")).Should().Be(30);
        _server.Messages.Count(m => m.ToUser!.Split('|').Contains("lisi")).Should().Be(30);
        _server.DroppedMessages.Should().HaveCount(2);
    }

    [Fact]
    public async Task Content_limits_cut_app_text_and_refuse_long_robot_markdown()
    {
        var long2049 = new string('x', 2046) + "考";
        await Client.ExecuteCgiBinMessageSendAsync(new CgiBinMessageSendRequest { ToUser = "zhangsan", MessageType = MessageTypes.Text, Text = new TextContent { Content = long2049 } }, Ct);
        var error = (await FluentActions.Awaiting(() => Client.ExecuteCgiBinWebhookSendAsync(RobotKey,
            new CgiBinWebhookSendRequest { MessageType = MessageTypes.Markdown, Markdown = new MarkdownContent { Content = new string('考', 1366) } }, Ct)).Should().ThrowExactlyAsync<WeComException>()).Which;

        JsonNode.Parse(_server.Messages.Single().Json)!["text"]!["content"]!.GetValue<string>().Should().Be(new string('x', 2046));
        error.ErrorCode.Should().Be(40058);
    }
}
