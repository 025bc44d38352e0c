using System.Net;
using Flurl.Http.Testing;

namespace Attendance.WeCom.Tests.Client;

public sealed class RequestsAndErrorsTests : IDisposable
{
    private const string Secret = "corp-secret-value";
    private const string Token = "token-value-123";
    private readonly HttpTest _http = new();
    private readonly HttpClient _httpClient = new();
    private readonly WeComClient _client;

    public RequestsAndErrorsTests()
    {
        _client = new WeComClient(_httpClient, new WeComOptions
        {
            CorpId = "ww1",
            AgentId = "1000002",
            AgentSecret = Secret,
            ApiBaseUrl = "https://wecom.test",
            RetryBaseDelay = TimeSpan.Zero,
        });
    }

    public void Dispose()
    {
        _client.Dispose();
        _http.Dispose();
        _httpClient.Dispose();
    }

    private void RespondToken(string token = Token) => _http.RespondWithJson(new { errcode = 0, errmsg = "ok", access_token = token, expires_in = 7200 });

    [Fact]
    public async Task Message_send_gets_a_token_and_posts_raw_chinese()
    {
        RespondToken();
        _http.RespondWithJson(new { errcode = 0, errmsg = "ok", invaliduser = "", msgid = "m1" });

        var response = await _client.ExecuteCgiBinMessageSendAsync(new CgiBinMessageSendRequest
        {
            ToUser = "zhangsan|lisi",
            MessageType = MessageTypes.Markdown,
            Markdown = new MarkdownContent { Content = "今日<font color=\"warning\">缺卡</font>" },
        }, TestContext.Current.CancellationToken);

        response.MessageId.Should().Be("m1");
        _http.ShouldHaveCalled("https://wecom.test/cgi-bin/gettoken").WithQueryParam("corpid", "ww1").WithQueryParam("corpsecret", Secret).Times(1);
        _http.ShouldHaveCalled("https://wecom.test/cgi-bin/message/send").WithQueryParam("access_token", Token).WithVerb(HttpMethod.Post).Times(1);
        var body = _http.CallLog[1].RequestBody;
        body.Should().Contain("""今日<font color=\"warning\">缺卡</font>""");
        body.Should().NotContain("\\u");
        body.Should().Contain("\"agentid\":1000002");
        body.Should().Contain("\"msgtype\":\"markdown\"");
        body.Should().NotContain("\"text\"");
    }

    [Fact]
    public async Task Token_is_cached_between_calls()
    {
        RespondToken();
        _http.RespondWithJson(new { errcode = 0, errmsg = "ok", userid = "u1", name = "张三", status = 1 });
        _http.RespondWithJson(new { errcode = 0, errmsg = "ok", department = new[] { new { id = 1, name = "总部", parentid = 0, department_leader = new[] { "boss" } } } });

        var user = await _client.ExecuteCgiBinUserGetAsync("u1", TestContext.Current.CancellationToken);
        var departments = await _client.ExecuteCgiBinDepartmentListAsync(1, TestContext.Current.CancellationToken);

        user.Name.Should().Be("张三");
        departments.Department[0].DepartmentLeader!.Should().Equal(["boss"]);
        _http.ShouldHaveCalled("*/cgi-bin/gettoken").Times(1);
        _http.ShouldHaveCalled("*/cgi-bin/department/list").WithQueryParam("id", 1);
    }

    [Fact]
    public async Task Invalid_token_is_refreshed_once_and_the_call_retried_once()
    {
        RespondToken("t1");
        _http.RespondWithJson(new { errcode = 40014, errmsg = "invalid access_token" });
        RespondToken("t2");
        _http.RespondWithJson(new { errcode = 0, errmsg = "ok", userid = "u1" });

        var info = await _client.ExecuteCgiBinAuthGetUserInfoAsync("code1", TestContext.Current.CancellationToken);

        info.IsMember.Should().BeTrue();
        _http.ShouldHaveCalled("*/cgi-bin/gettoken").Times(2);
        _http.ShouldHaveCalled("*/cgi-bin/auth/getuserinfo").WithQueryParam("access_token", "t2").Times(1);
    }

    [Fact]
    public async Task Second_token_failure_is_thrown()
    {
        RespondToken("t1");
        _http.RespondWithJson(new { errcode = 42001, errmsg = "expired" });
        RespondToken("t2");
        _http.RespondWithJson(new { errcode = 42001, errmsg = "expired" });

        var error = (await FluentActions.Awaiting(() => _client.ExecuteCgiBinUserGetAsync("u1", TestContext.Current.CancellationToken)).Should().ThrowExactlyAsync<WeComException>()).Which;
        error.ErrorCode.Should().Be(42001);
        error.Api.Should().Be(Apis.UserGet);
    }

    [Fact]
    public async Task Numbers_are_read_from_strings()
    {
        RespondToken();
        _http.RespondWith("""{"errcode":"0","errmsg":"ok","type":"file","media_id":"m1","created_at":"1380000000"}""");
        var response = await _client.ExecuteCgiBinMediaUploadAsync("file", [1, 2, 3], "a.txt", cancellationToken: TestContext.Current.CancellationToken);
        response.CreatedAt.Should().Be(1380000000);
        _http.ShouldHaveCalled("*/cgi-bin/media/upload").WithQueryParam("type", "file").WithContentType("multipart/form-data");
    }

    [Theory]
    [InlineData(40029, typeof(WeComInvalidCodeException))]
    [InlineData(48002, typeof(WeComPermissionException))]
    [InlineData(60011, typeof(WeComPermissionException))]
    [InlineData(81013, typeof(WeComInvalidRecipientsException))]
    [InlineData(60020, typeof(WeComUntrustedIpException))]
    [InlineData(45009, typeof(WeComRateLimitedException))]
    [InlineData(40003, typeof(WeComException))]
    public async Task Errcodes_map_to_typed_errors_without_retry(int code, Type expected)
    {
        RespondToken();
        _http.RespondWithJson(new { errcode = code, errmsg = "from ip: 10.0.0.1" });

        var error = (await FluentActions.Awaiting(() => _client.ExecuteCgiBinMiniProgramJsCode2SessionAsync("c", TestContext.Current.CancellationToken)).Should().ThrowAsync<WeComException>()).Which;

        error.Should().BeOfType(expected);
        error.ErrorCode.Should().Be(code);
        _http.ShouldHaveCalled("*/cgi-bin/miniprogram/jscode2session").WithQueryParam("js_code", "c").WithQueryParam("grant_type", "authorization_code").Times(1);
    }

    [Fact]
    public async Task Http_failure_becomes_a_redacted_transport_error()
    {
        RespondToken();
        _http.RespondWith("oops", 502);

        var error = (await FluentActions.Awaiting(() => _client.ExecuteCgiBinUserGetAsync("u1", TestContext.Current.CancellationToken)).Should().ThrowExactlyAsync<WeComTransportException>()).Which;

        error.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        error.Message.Should().Contain("access_token=***");
        error.ToString().Should().NotContain(Token);
    }

    [Fact]
    public async Task Gettoken_timeout_hides_the_secret()
    {
        _http.SimulateTimeout();
        var error = (await FluentActions.Awaiting(() => _client.GetAccessTokenAsync(TestContext.Current.CancellationToken)).Should().ThrowExactlyAsync<WeComTransportException>()).Which;
        error.Message.Should().Contain("corpsecret=***");
        error.ToString().Should().NotContain(Secret);
    }

    [Fact]
    public async Task Non_json_answer_is_a_transport_error()
    {
        RespondToken();
        _http.RespondWith("<html>gateway</html>");
        var error = (await FluentActions.Awaiting(() => _client.ExecuteCgiBinUserGetAsync("u1", TestContext.Current.CancellationToken)).Should().ThrowExactlyAsync<WeComTransportException>()).Which;
        error.ToString().Should().NotContain(Token);
    }

    [Fact]
    public async Task Webhook_uses_the_key_and_no_token()
    {
        _http.RespondWithJson(new { errcode = 93000, errmsg = "invalid webhook url" });
        var error = (await FluentActions.Awaiting(() => _client.ExecuteCgiBinWebhookSendAsync("robot-key-1",
            new CgiBinWebhookSendRequest { Text = new TextContent { Content = "大家好", MentionedList = ["@all"] } }, TestContext.Current.CancellationToken)).Should().ThrowExactlyAsync<WeComException>()).Which;
        error.ErrorCode.Should().Be(93000);
        error.Message.Should().NotContain("robot-key-1");
        _http.ShouldNotHaveCalled("*/cgi-bin/gettoken");
        _http.ShouldHaveCalled("*/cgi-bin/webhook/send").WithQueryParam("key", "robot-key-1").WithoutQueryParam("access_token");
        _http.CallLog[0].RequestBody.Should().Contain("\"mentioned_list\":[\"@all\"]");
    }

    [Fact]
    public async Task Media_get_returns_bytes_or_a_json_error()
    {
        RespondToken();
        _http.RespondWith(() => new ByteArrayContent([9, 8, 7]) { Headers = { { "Content-Type", "image/jpeg" } } });
        _http.RespondWith(() => new StringContent("""{"errcode":40007,"errmsg":"invalid media_id"}""", Encoding.UTF8, "text/plain"));

        var media = await _client.ExecuteCgiBinMediaGetAsync("m1", TestContext.Current.CancellationToken);
        media.Content.Should().Equal([9, 8, 7]);
        media.ContentType.Should().Be("image/jpeg");

        var error = (await FluentActions.Awaiting(() => _client.ExecuteCgiBinMediaGetAsync("m2", TestContext.Current.CancellationToken)).Should().ThrowExactlyAsync<WeComException>()).Which;
        error.ErrorCode.Should().Be(40007);
    }

    [Fact]
    public async Task Template_card_button_interaction_serializes_its_shape()
    {
        RespondToken();
        _http.RespondWithJson(new { errcode = 0, errmsg = "ok", response_code = "rc1" });
        _http.RespondWithJson(new { errcode = 0, errmsg = "ok" });

        var sent = await _client.ExecuteCgiBinMessageSendAsync(new CgiBinMessageSendRequest
        {
            ToUser = "boss",
            MessageType = MessageTypes.TemplateCard,
            TemplateCard = new TemplateCardContent
            {
                MainTitle = new TemplateCardTitle { Title = "补卡申请", Description = "张三 09:05" },
                TaskId = "task-1",
                ButtonList = [new TemplateCardButton { Text = "同意", Key = "approve", Style = 1 }, new TemplateCardButton { Text = "驳回", Key = "reject", Style = 3 }],
            },
        }, TestContext.Current.CancellationToken);
        await _client.ExecuteCgiBinMessageUpdateTemplateCardAsync(new CgiBinMessageUpdateTemplateCardRequest
        {
            UserIds = ["boss"],
            ResponseCode = sent.ResponseCode!,
            Button = new UpdateTemplateCardButton { ReplaceName = "已同意" },
        }, TestContext.Current.CancellationToken);

        var card = _http.CallLog[1].RequestBody;
        card.Should().Contain("\"card_type\":\"button_interaction\"");
        card.Should().Contain("\"button_list\":[{\"text\":\"同意\",\"style\":1,\"key\":\"approve\"}");
        card.Should().Contain("\"task_id\":\"task-1\"");
        var update = _http.CallLog[2].RequestBody;
        update.Should().Contain("\"response_code\":\"rc1\"");
        update.Should().Contain("\"replace_name\":\"已同意\"");
        update.Should().Contain("\"agentid\":1000002");
    }
}
