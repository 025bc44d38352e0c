using Attendance.Testing.Logging;
using Microsoft.Extensions.Logging;

namespace Attendance.WeCom.Tests.Client;

public sealed class TokensRetriesAndApisTests : IAsyncLifetime
{
    private const string RobotKey = "robot-key-9f8e7d";
    private readonly LogCapture _logs = new();
    private WeComSimulator _server = null!;
    private ServiceProvider _services = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await WeComSimulator.StartAsync(Ct);
        _server.RobotKeys.Add(RobotKey);
        _services = BuildServices(_server.AgentSecret);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    private ServiceProvider BuildServices(string secret, string? baseUrl = null) => new ServiceCollection()
        .AddLogging(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace))
        .AddWeComClient(o =>
        {
            o.CorpId = _server.CorpId;
            o.AgentId = _server.AgentId;
            o.AgentSecret = secret;
            o.ApiBaseUrl = baseUrl ?? _server.BaseUrl;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
        })
        .BuildServiceProvider();

    private WeComClient Client => _services.GetRequiredService<WeComClient>();

    private static CgiBinMessageSendRequest Text(string to, string content) =>
        new() { ToUser = to, MessageType = MessageTypes.Text, Text = new TextContent { Content = content } };

    [Fact]
    public async Task Expired_token_costs_exactly_one_refresh()
    {
        await Client.ExecuteCgiBinMessageSendAsync(Text("zhangsan", "第一条"), Ct);
        _server.ExpireAllTokens();
        await Client.ExecuteCgiBinMessageSendAsync(Text("zhangsan", "第二条"), Ct);

        _server.GetTokenCalls.Should().Be(2);
        _server.CallCount(Apis.MessageSend).Should().Be(3);
        _server.Messages.Count.Should().Be(2);
    }

    [Fact]
    public async Task Revoked_token_is_replaced()
    {
        await Client.ExecuteCgiBinMessageSendAsync(Text("zhangsan", "一"), Ct);
        _server.RevokeAllTokens();
        await Client.ExecuteCgiBinMessageSendAsync(Text("zhangsan", "二"), Ct);
        _server.GetTokenCalls.Should().Be(2);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_token_fetch()
    {
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Client.ExecuteCgiBinMessageSendAsync(Text("zhangsan", $"并发{i}"), Ct)));
        _server.GetTokenCalls.Should().Be(1);
        _server.Messages.Count.Should().Be(20);
    }

    [Fact]
    public async Task Busy_twice_then_success_delivers_once()
    {
        _server.FailNext(Apis.MessageSend, WeComErrorCodes.Busy, times: 2);

        await Client.ExecuteCgiBinMessageSendAsync(Text("zhangsan", "重试"), Ct);

        _server.CallCount(Apis.MessageSend).Should().Be(3);
        var message = _server.Messages.Should().ContainSingle().Which;
        message.Json.Should().Contain("重试");
    }

    [Fact]
    public async Task Busy_four_times_gives_up_after_three_retries()
    {
        _server.FailNext(Apis.MessageSend, WeComErrorCodes.Busy, times: 4);
        var error = (await FluentActions.Awaiting(() => Client.ExecuteCgiBinMessageSendAsync(Text("zhangsan", "x"), Ct)).Should().ThrowExactlyAsync<WeComException>()).Which;
        error.ErrorCode.Should().Be(-1);
        _server.CallCount(Apis.MessageSend).Should().Be(4);
    }

    [Fact]
    public async Task Concurrency_limit_is_retried()
    {
        _server.FailNext(Apis.UserGet, WeComErrorCodes.ConcurrencyLimited, times: 2);
        _server.AddUser(new SimulatedUser("zhangsan", "张三", [1]));
        var user = await Client.ExecuteCgiBinUserGetAsync("zhangsan", Ct);
        user.Name.Should().Be("张三");
        _server.CallCount(Apis.UserGet).Should().Be(3);
    }

    [Fact]
    public async Task Frequency_limit_pauses_that_api_only()
    {
        _server.AddUser(new SimulatedUser("zhangsan", "张三", [1]));
        _server.RateLimit(Apis.MessageSend);

        var first = (await FluentActions.Awaiting(() => Client.ExecuteCgiBinMessageSendAsync(Text("zhangsan", "a"), Ct)).Should().ThrowExactlyAsync<WeComRateLimitedException>()).Which;
        var second = (await FluentActions.Awaiting(() => Client.ExecuteCgiBinMessageSendAsync(Text("zhangsan", "b"), Ct)).Should().ThrowExactlyAsync<WeComRateLimitedException>()).Which;

        first.RetryAfter.Should().Be(TimeSpan.FromSeconds(60));
        (second.RetryAfter > TimeSpan.Zero && second.RetryAfter <= TimeSpan.FromSeconds(60)).Should().BeTrue();
        _server.CallCount(Apis.MessageSend).Should().Be(1);
        (await Client.ExecuteCgiBinUserGetAsync("zhangsan", Ct)).Name.Should().Be("张三");
    }

    [Fact]
    public async Task Bad_secret_is_not_retried()
    {
        await using var services = BuildServices("wrong-secret");
        var client = services.GetRequiredService<WeComClient>();

        var error = (await FluentActions.Awaiting(() => client.ExecuteCgiBinMessageSendAsync(Text("zhangsan", "x"), Ct)).Should().ThrowExactlyAsync<WeComCredentialException>()).Which;

        error.ErrorCode.Should().Be(40001);
        _server.GetTokenCalls.Should().Be(1);
        _server.CallCount(Apis.MessageSend).Should().Be(0);
    }

    [Fact]
    public async Task Untrusted_ip_names_the_ip_to_add()
    {
        _server.UntrustedCallerIp = "1.2.3.4";
        var error = (await FluentActions.Awaiting(() => Client.ExecuteCgiBinMessageSendAsync(Text("zhangsan", "x"), Ct)).Should().ThrowExactlyAsync<WeComUntrustedIpException>()).Which;
        error.EgressIp.Should().Be("1.2.3.4");
        error.Message.Should().Contain("add 1.2.3.4 to the app's 企业可信IP");
        _server.GetTokenCalls.Should().Be(1);
        _logs.Entries.Should().Contain(e => e.Contains("1.2.3.4", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Codes_resolve_members_and_non_members_once()
    {
        _server.AddMemberCode("code-m", "zhangsan");
        _server.AddNonMemberCode("code-n", "openid-1");
        _server.AddMemberCode("js-1", "lisi");

        var member = await Client.ExecuteCgiBinAuthGetUserInfoAsync("code-m", Ct);
        var outsider = await Client.ExecuteCgiBinAuthGetUserInfoAsync("code-n", Ct);
        var session = await Client.ExecuteCgiBinMiniProgramJsCode2SessionAsync("js-1", Ct);

        member.UserId.Should().Be("zhangsan");
        outsider.IsMember.Should().BeFalse();
        outsider.OpenId.Should().Be("openid-1");
        session.UserId.Should().Be("lisi");
        session.CorpId.Should().Be(_server.CorpId);
        await FluentActions.Awaiting(() => Client.ExecuteCgiBinAuthGetUserInfoAsync("code-m", Ct)).Should().ThrowExactlyAsync<WeComInvalidCodeException>();
        await FluentActions.Awaiting(() => Client.ExecuteCgiBinMiniProgramJsCode2SessionAsync("js-1", Ct)).Should().ThrowExactlyAsync<WeComInvalidCodeException>();
    }

    [Fact]
    public async Task Directory_answers_users_and_department_subtrees()
    {
        _server.AddDepartment(new SimulatedDepartment(1, "总部", 0, ["boss"]));
        _server.AddDepartment(new SimulatedDepartment(2, "研发部", 1, ["lead"]));
        _server.AddDepartment(new SimulatedDepartment(3, "销售部", 1));
        _server.AddDepartment(new SimulatedDepartment(4, "前端组", 2));
        _server.AddUser(new SimulatedUser("lead", "李四", [2, 3], Status: 1, DirectLeaders: ["boss"]));
        _server.AddUser(new SimulatedUser("gone", "王五", [3], Status: 5));

        var lead = await Client.ExecuteCgiBinUserGetAsync("lead", Ct);
        var gone = await Client.ExecuteCgiBinUserGetAsync("gone", Ct);
        var subtree = await Client.ExecuteCgiBinDepartmentListAsync(2, Ct);
        var all = await Client.ExecuteCgiBinDepartmentListAsync(cancellationToken: Ct);

        lead.IsLeaderInDepartment!.Should().Equal([1, 0]);
        lead.DirectLeader!.Should().Equal(["boss"]);
        lead.MainDepartment.Should().Be(2);
        gone.Status.Should().Be(CgiBinUserGetResponse.StatusLeft);
        subtree.Department.Select(d => d.Id).Should().Equal([2L, 4L]);
        all.Department.Count.Should().Be(4);
        var error = (await FluentActions.Awaiting(() => Client.ExecuteCgiBinUserGetAsync("nobody", Ct)).Should().ThrowExactlyAsync<WeComException>()).Which;
        error.ErrorCode.Should().Be(60111);
    }

    [Fact]
    public async Task Message_to_unknown_members_reports_invalid_users()
    {
        _server.AddUser(new SimulatedUser("zhangsan", "张三", [1]));
        var response = await Client.ExecuteCgiBinMessageSendAsync(Text("zhangsan|ghost", "x"), Ct);
        response.InvalidUser.Should().Be("ghost");
        await FluentActions.Awaiting(() => Client.ExecuteCgiBinMessageSendAsync(Text("ghost", "x"), Ct)).Should().ThrowExactlyAsync<WeComInvalidRecipientsException>();
    }

    [Fact]
    public async Task Media_uploads_and_downloads()
    {
        byte[] photo = [0xFF, 0xD8, 0xFF, 1, 2, 3];
        var uploaded = await Client.ExecuteCgiBinMediaUploadAsync("image", photo, "打卡.jpg", "image/jpeg", Ct);
        var media = _server.Media.Should().ContainSingle().Which;
        media.MediaId.Should().Be(uploaded.MediaId);
        media.Type.Should().Be("image");

        var downloaded = await Client.ExecuteCgiBinMediaGetAsync(uploaded.MediaId!, Ct);
        downloaded.Content.Should().Equal(photo);
        downloaded.FileName.Should().Be("打卡.jpg");
        var error = (await FluentActions.Awaiting(() => Client.ExecuteCgiBinMediaGetAsync("missing", Ct)).Should().ThrowExactlyAsync<WeComException>()).Which;
        error.ErrorCode.Should().Be(40007);
    }

    [Fact]
    public async Task Robot_and_app_chat_messages_are_recorded()
    {
        var file = await Client.ExecuteCgiBinWebhookUploadMediaAsync(RobotKey, "日报"u8.ToArray(), "daily.xlsx", Ct);
        await Client.ExecuteCgiBinWebhookSendAsync(RobotKey, new CgiBinWebhookSendRequest { MessageType = MessageTypes.File, File = new FileContent { MediaId = file.MediaId! } }, Ct);
        var chat = await Client.ExecuteCgiBinAppChatCreateAsync(new CgiBinAppChatCreateRequest { Name = "考勤群", Owner = "boss", UserList = ["boss", "zhangsan"] }, Ct);
        await Client.ExecuteCgiBinAppChatSendAsync(new CgiBinAppChatSendRequest { ChatId = chat.ChatId!, MessageType = MessageTypes.Markdown, Markdown = new MarkdownContent { Content = "**今日缺卡** 2 人" } }, Ct);

        var robot = await _server.WaitForMessageAsync(m => m.RobotKey == RobotKey, cancellationToken: Ct);
        robot.MsgType.Should().Be("file");
        _server.Media.Should().ContainSingle().Which.RobotKey.Should().Be(RobotKey);
        var group = await _server.WaitForMessageAsync(m => m.ChatId == chat.ChatId, cancellationToken: Ct);
        group.Json.Should().Contain("**今日缺卡** 2 人");
        _server.GetTokenCalls.Should().Be(1);

        var error = (await FluentActions.Awaiting(() => Client.ExecuteCgiBinWebhookSendAsync("unknown-key", new CgiBinWebhookSendRequest { Text = new TextContent { Content = "x" } }, Ct)).Should().ThrowExactlyAsync<WeComException>()).Which;
        error.ErrorCode.Should().Be(93000);
    }

    [Fact]
    public async Task Checkin_records_round_trip()
    {
        _server.AddCheckinData(new WeComCheckinData { UserId = "zhangsan", CheckinType = "上班打卡", CheckinTime = 1_700_000_000, Latitude = 39_908_823, Longitude = 116_397_470 });
        _server.AddCheckinData(new WeComCheckinData { UserId = "lisi", CheckinTime = 1_700_000_000 });

        var data = await Client.ExecuteCgiBinCheckinGetCheckinDataAsync(new CgiBinCheckinGetCheckinDataRequest { StartTime = 1_699_990_000, EndTime = 1_700_010_000, UserIdList = ["zhangsan"] }, Ct);
        await Client.ExecuteCgiBinCheckinAddCheckinRecordAsync(new CgiBinCheckinAddCheckinRecordRequest
        {
            Records = [new WeComCheckinRecord { UserId = "zhangsan", CheckinTime = 1_700_000_100, LocationTitle = "总部大楼", WifiMac = "aa:bb:cc:dd:ee:ff" }],
        }, Ct);

        var record = data.CheckinData.Should().ContainSingle().Which;
        record.CheckinType.Should().Be("上班打卡");
        record.Latitude.Should().Be(39_908_823);
        _server.AddedCheckinRecords.Should().ContainSingle().Which.LocationTitle.Should().Be("总部大楼");
    }

    [Fact]
    public async Task Template_card_click_arrives_as_an_encrypted_callback()
    {
        var sent = await Client.ExecuteCgiBinMessageSendAsync(new CgiBinMessageSendRequest
        {
            ToUser = "boss",
            MessageType = MessageTypes.TemplateCard,
            TemplateCard = new TemplateCardContent { TaskId = "task-7", MainTitle = new TemplateCardTitle { Title = "补卡审批" }, ButtonList = [new TemplateCardButton { Text = "同意", Key = "approve" }] },
        }, Ct);
        sent.ResponseCode.Should().NotBeNull();

        var callbacks = _server.Callbacks;
        var request = callbacks.Build(callbacks.TemplateCardEvent("boss", "task-7", "approve", sent.ResponseCode));
        var ours = new WeComCallbackCrypto(_server.CallbackToken, _server.CallbackEncodingAESKey, _server.CorpId);
        ours.VerifyTimestamp(request.Timestamp);
        var message = WeComCallbackMessage.Parse(ours.DecryptMessage(request.MsgSignature, request.Timestamp, request.Nonce, request.Body));

        message.Event.Should().Be("template_card_event");
        message.EventKey.Should().Be("approve");
        message.ResponseCode.Should().Be(sent.ResponseCode);
        request.Query.Should().StartWith("msg_signature=");
        using var http = request.ToHttpRequest("http://127.0.0.1/wecom/callback");
        http.Method.Should().Be(HttpMethod.Post);

        await Client.ExecuteCgiBinMessageUpdateTemplateCardAsync(new CgiBinMessageUpdateTemplateCardRequest
        {
            UserIds = ["boss"],
            ResponseCode = message.ResponseCode!,
            Button = new UpdateTemplateCardButton { ReplaceName = "已同意" },
        }, Ct);
        _server.Messages.Should().Contain(m => m.Api == Apis.MessageUpdateTemplateCard && m.ToUser == "boss");
    }

    [Fact]
    public void Verification_and_text_callbacks_decrypt()
    {
        var callbacks = _server.Callbacks;
        var verify = callbacks.BuildVerification("echo-123");
        var ours = new WeComCallbackCrypto(_server.CallbackToken, _server.CallbackEncodingAESKey, _server.CorpId);
        ours.VerifyUrl(verify.MsgSignature, verify.Timestamp, verify.Nonce, verify.EchoStr!).Should().Be("echo-123");
        verify.Query.Should().Contain("echostr=");
        verify.Query.Split("echostr=")[1].Should().NotContain("+");

        var text = callbacks.Build(callbacks.TextMessage("zhangsan", "请假 明天", msgId: "42"));
        var message = WeComCallbackMessage.Parse(ours.DecryptMessage(text.MsgSignature, text.Timestamp, text.Nonce, text.Body));
        message.Content.Should().Be("请假 明天");
        message.MsgId.Should().Be("42");
        message.AgentId.Should().Be(_server.AgentId);
    }

    [Fact]
    public async Task Secrets_never_reach_logs_or_exceptions()
    {
        var errors = new List<Exception>();
        async Task Capture(Func<Task> call)
        {
            try
            {
                await call();
            }
            catch (Exception ex)
            {
                errors.Add(ex);
            }
        }

        await Client.ExecuteCgiBinMessageSendAsync(Text("zhangsan", "x"), Ct);
        _server.ExpireAllTokens();
        _server.FailNext(Apis.MessageSend, WeComErrorCodes.Busy, 1);
        await Client.ExecuteCgiBinMessageSendAsync(Text("zhangsan", "y"), Ct);
        _server.FailNext(Apis.WebhookSend, WeComErrorCodes.FrequencyLimited, 1);
        await Capture(() => Client.ExecuteCgiBinWebhookSendAsync(RobotKey, new CgiBinWebhookSendRequest { Text = new TextContent { Content = "x" } }, Ct));
        await Capture(() => Client.ExecuteCgiBinMediaGetAsync("missing", Ct));
        await using (var broken = BuildServices(_server.AgentSecret, _server.BaseUrl + "/nowhere"))
            await Capture(() => broken.GetRequiredService<WeComClient>().ExecuteCgiBinWebhookSendAsync(RobotKey, new CgiBinWebhookSendRequest(), Ct));
        await using (var closed = BuildServices(_server.AgentSecret, "http://127.0.0.1:1"))
            await Capture(() => closed.GetRequiredService<WeComClient>().ExecuteCgiBinMessageSendAsync(Text("zhangsan", "z"), Ct));
        _server.UntrustedCallerIp = "1.2.3.4";
        _server.RevokeAllTokens();
        await Capture(() => Client.ExecuteCgiBinUserGetAsync("zhangsan", Ct));

        errors.Count.Should().Be(5);
        errors.Should().Contain(e => e is WeComTransportException);
        var secrets = _server.IssuedTokens.Append(_server.AgentSecret).Append(RobotKey).ToList();
        secrets.Count.Should().BeGreaterThanOrEqualTo(4);
        var texts = _logs.Entries.Concat(errors.Select(e => e.ToString())).ToList();
        _logs.Entries.Should().NotBeEmpty();
        foreach (var secret in secrets)
            texts.Should().NotContain(t => t.Contains(secret, StringComparison.Ordinal));
    }
}
