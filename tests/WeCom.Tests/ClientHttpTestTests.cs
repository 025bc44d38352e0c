using System.Net;
using System.Text;
using Attendance.WeCom.Client;
using Attendance.WeCom.Models;
using Flurl.Http.Testing;

namespace Attendance.WeCom.Tests;

public sealed class ClientHttpTestTests : IDisposable
{
    private const string Secret = "corp-secret-value";
    private const string Token = "token-value-123";
    private readonly HttpTest _http = new();
    private readonly HttpClient _httpClient = new();
    private readonly WeComClient _client;

    public ClientHttpTestTests()
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

        Assert.Equal("m1", response.MessageId);
        _http.ShouldHaveCalled("https://wecom.test/cgi-bin/gettoken").WithQueryParam("corpid", "ww1").WithQueryParam("corpsecret", Secret).Times(1);
        _http.ShouldHaveCalled("https://wecom.test/cgi-bin/message/send").WithQueryParam("access_token", Token).WithVerb(HttpMethod.Post).Times(1);
        var body = _http.CallLog[1].RequestBody;
        Assert.Contains("""今日<font color=\"warning\">缺卡</font>""", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", body, StringComparison.Ordinal);
        Assert.Contains("\"agentid\":1000002", body, StringComparison.Ordinal);
        Assert.Contains("\"msgtype\":\"markdown\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"text\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_is_cached_between_calls()
    {
        RespondToken();
        _http.RespondWithJson(new { errcode = 0, errmsg = "ok", userid = "u1", name = "张三", status = 1 });
        _http.RespondWithJson(new { errcode = 0, errmsg = "ok", department = new[] { new { id = 1, name = "总部", parentid = 0, department_leader = new[] { "boss" } } } });

        var user = await _client.ExecuteCgiBinUserGetAsync("u1", TestContext.Current.CancellationToken);
        var departments = await _client.ExecuteCgiBinDepartmentListAsync(1, TestContext.Current.CancellationToken);

        Assert.Equal("张三", user.Name);
        Assert.Equal(["boss"], departments.Department[0].DepartmentLeader!);
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

        Assert.True(info.IsMember);
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

        var error = await Assert.ThrowsAsync<WeComException>(() => _client.ExecuteCgiBinUserGetAsync("u1", TestContext.Current.CancellationToken));
        Assert.Equal(42001, error.ErrorCode);
        Assert.Equal(Apis.UserGet, error.Api);
    }

    [Fact]
    public async Task Numbers_are_read_from_strings()
    {
        RespondToken();
        _http.RespondWith("""{"errcode":"0","errmsg":"ok","type":"file","media_id":"m1","created_at":"1380000000"}""");
        var response = await _client.ExecuteCgiBinMediaUploadAsync("file", [1, 2, 3], "a.txt", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(1380000000, response.CreatedAt);
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

        var error = await Assert.ThrowsAnyAsync<WeComException>(() => _client.ExecuteCgiBinMiniProgramJsCode2SessionAsync("c", TestContext.Current.CancellationToken));

        Assert.IsType(expected, error);
        Assert.Equal(code, error.ErrorCode);
        _http.ShouldHaveCalled("*/cgi-bin/miniprogram/jscode2session").WithQueryParam("js_code", "c").WithQueryParam("grant_type", "authorization_code").Times(1);
    }

    [Fact]
    public async Task Http_failure_becomes_a_redacted_transport_error()
    {
        RespondToken();
        _http.RespondWith("oops", 502);

        var error = await Assert.ThrowsAsync<WeComTransportException>(() => _client.ExecuteCgiBinUserGetAsync("u1", TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Contains("access_token=***", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gettoken_timeout_hides_the_secret()
    {
        _http.SimulateTimeout();
        var error = await Assert.ThrowsAsync<WeComTransportException>(() => _client.GetAccessTokenAsync(TestContext.Current.CancellationToken));
        Assert.Contains("corpsecret=***", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_json_answer_is_a_transport_error()
    {
        RespondToken();
        _http.RespondWith("<html>gateway</html>");
        var error = await Assert.ThrowsAsync<WeComTransportException>(() => _client.ExecuteCgiBinUserGetAsync("u1", TestContext.Current.CancellationToken));
        Assert.DoesNotContain(Token, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_uses_the_key_and_no_token()
    {
        _http.RespondWithJson(new { errcode = 93000, errmsg = "invalid webhook url" });
        var error = await Assert.ThrowsAsync<WeComException>(() => _client.ExecuteCgiBinWebhookSendAsync("robot-key-1",
            new CgiBinWebhookSendRequest { Text = new TextContent { Content = "大家好", MentionedList = ["@all"] } }, TestContext.Current.CancellationToken));
        Assert.Equal(93000, error.ErrorCode);
        Assert.DoesNotContain("robot-key-1", error.Message, StringComparison.Ordinal);
        _http.ShouldNotHaveCalled("*/cgi-bin/gettoken");
        _http.ShouldHaveCalled("*/cgi-bin/webhook/send").WithQueryParam("key", "robot-key-1").WithoutQueryParam("access_token");
        Assert.Contains("\"mentioned_list\":[\"@all\"]", _http.CallLog[0].RequestBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Media_get_returns_bytes_or_a_json_error()
    {
        RespondToken();
        _http.RespondWith(() => new ByteArrayContent([9, 8, 7]) { Headers = { { "Content-Type", "image/jpeg" } } });
        _http.RespondWith(() => new StringContent("""{"errcode":40007,"errmsg":"invalid media_id"}""", Encoding.UTF8, "text/plain"));

        var media = await _client.ExecuteCgiBinMediaGetAsync("m1", TestContext.Current.CancellationToken);
        Assert.Equal([9, 8, 7], media.Content);
        Assert.Equal("image/jpeg", media.ContentType);

        var error = await Assert.ThrowsAsync<WeComException>(() => _client.ExecuteCgiBinMediaGetAsync("m2", TestContext.Current.CancellationToken));
        Assert.Equal(40007, error.ErrorCode);
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
        Assert.Contains("\"card_type\":\"button_interaction\"", card, StringComparison.Ordinal);
        Assert.Contains("\"button_list\":[{\"text\":\"同意\",\"style\":1,\"key\":\"approve\"}", card, StringComparison.Ordinal);
        Assert.Contains("\"task_id\":\"task-1\"", card, StringComparison.Ordinal);
        var update = _http.CallLog[2].RequestBody;
        Assert.Contains("\"response_code\":\"rc1\"", update, StringComparison.Ordinal);
        Assert.Contains("\"replace_name\":\"已同意\"", update, StringComparison.Ordinal);
        Assert.Contains("\"agentid\":1000002", update, StringComparison.Ordinal);
    }
}
