using System.Security.Cryptography;
using Attendance.BotHost.WeComCallback;
using Attendance.Data.Repositories;
using Attendance.WeCom.Callback;

namespace Attendance.BotHost.Tests.WeComCallback;

/// <summary>WeCom calling us: encrypted callbacks from the fake WeCom, replies going back to it over real HTTP.</summary>
public sealed class WeComCallbackTests : IAsyncLifetime
{
    private WeComSimulator _wecom = null!;
    private TestHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _wecom = await WeComSimulator.StartAsync();
        _host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, false,
            _wecom.HostArgs());
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _wecom.DisposeAsync();
    }

    private string CallbackUrl => new Uri(_host.BaseAddress, "/wecom/callback").ToString();

    private Task<int> StoredCallbacks() => _host.Services.GetRequiredService<CallbackDedupeRepository>().CountAsync();

    [Fact]
    public async Task Url_verification_answers_exactly_the_plaintext()
    {
        var request = _wecom.Callbacks.BuildVerification("1616140317555161061");
        var response = await _host.Client.SendAsync(request.ToHttpRequest(CallbackUrl));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.Should().Equal("1616140317555161061"u8.ToArray());
    }

    [Fact]
    public async Task Help_gets_the_Chinese_command_list_and_a_duplicate_delivery_is_processed_once()
    {
        var xml = _wecom.Callbacks.TextMessage("wangfang", "帮助", msgId: "7300000000000000001");
        for (var i = 0; i < 3; i++)
        {
            // WeCom retries with a fresh nonce and timestamp but the same MsgId.
            var response = await _host.Client.SendAsync(_wecom.Callbacks.Build(xml).ToHttpRequest(CallbackUrl));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            (await response.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
        }

        var reply = await _wecom.WaitForMessageAsync(m => m.Json.Contains("wangfang", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        reply.Json.Should().Contain("考勤助手可以帮您");
        reply.Json.Should().Contain("补卡 日期 上班|下班 时间 原因");
        reply.Json.Should().NotContain("\\u");
        await _host.WaitUntilIdleAsync();
        _wecom.Messages.Where(m => m.Json.Contains("wangfang", StringComparison.Ordinal)).Should().ContainSingle();
        (await StoredCallbacks()).Should().Be(1);
    }

    [Fact]
    public async Task Dedupe_holds_across_a_restart()
    {
        var xml = _wecom.Callbacks.TextMessage("liuyang", "帮助", msgId: "7300000000000000002");
        await _host.Client.SendAsync(_wecom.Callbacks.Build(xml).ToHttpRequest(CallbackUrl));
        await _wecom.WaitForMessageAsync(m => m.Json.Contains("liuyang", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        await _host.RestartAsync();
        var again = await _host.Client.SendAsync(_wecom.Callbacks.Build(xml).ToHttpRequest(CallbackUrl));
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        await _host.WaitUntilIdleAsync();
        _wecom.Messages.Where(m => m.Json.Contains("liuyang", StringComparison.Ordinal)).Should().ContainSingle();
    }

    [Fact]
    public async Task Entering_the_app_gets_a_welcome()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var xml = $"<xml><ToUserName><![CDATA[{_wecom.CorpId}]]></ToUserName><FromUserName><![CDATA[chenjing]]></FromUserName>" +
                  $"<CreateTime>{now}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[enter_agent]]></Event>" +
                  $"<EventKey><![CDATA[]]></EventKey><AgentID>{_wecom.AgentId}</AgentID></xml>";
        var response = await _host.Client.SendAsync(_wecom.Callbacks.Build(xml).ToHttpRequest(CallbackUrl));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var welcome = await _wecom.WaitForMessageAsync(m => m.Json.Contains("chenjing", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        welcome.Json.Should().Contain("欢迎");
    }

    public static TheoryData<string> Hostile => ["tampered-signature", "wrong-receiveid", "bad-padding", "truncated", "xxe", "stale", "missing-query", "not-xml"];

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Hostile_deliveries_are_refused_with_a_4xx_and_nothing_stored(string attack)
    {
        var xml = _wecom.Callbacks.TextMessage("wangfang", "hello", msgId: "7300000000000000099");
        var good = _wecom.Callbacks.Build(xml);
        HttpRequestMessage request = attack switch
        {
            "tampered-signature" => (good with { MsgSignature = Flip(good.MsgSignature) }).ToHttpRequest(CallbackUrl),
            "wrong-receiveid" => new SimulatedCallbacks("wwsomeoneelse0001", _wecom.AgentId, _wecom.CallbackToken,
                _wecom.CallbackEncodingAESKey, TimeProvider.System).Build(xml).ToHttpRequest(CallbackUrl),
            "bad-padding" => Signed(EncryptRaw(Encoding.UTF8.GetBytes(new string('a', 31)).Append((byte)0).ToArray())),
            "truncated" => Signed(Convert.ToBase64String(Convert.FromBase64String(EnvelopeEncrypt(good.Body))[..40])),
            "xxe" => Signed(null, "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><xml><Encrypt>&e;</Encrypt></xml>"),
            "stale" => _wecom.Callbacks.Build(xml, DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds()).ToHttpRequest(CallbackUrl),
            "missing-query" => new HttpRequestMessage(HttpMethod.Post, CallbackUrl) { Content = new StringContent(good.Body) },
            _ => Signed(null, "this is not xml"),
        };
        var response = await _host.Client.SendAsync(request);
        ((int)response.StatusCode).Should().BeInRange(400, 499);
        (await StoredCallbacks()).Should().Be(0);
        await _host.WaitUntilIdleAsync();
        _wecom.Messages.Should().BeEmpty();
    }

    [Fact]
    public async Task A_3_MB_body_is_refused_before_reading_it()
    {
        var body = "<xml><Encrypt>" + new string('A', 3 * 1024 * 1024) + "</Encrypt></xml>";
        var request = new HttpRequestMessage(HttpMethod.Post, CallbackUrl + "?msg_signature=x&timestamp=1&nonce=1") { Content = new StringContent(body) };
        var response = await _host.Client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await StoredCallbacks()).Should().Be(0);
    }

    [Fact]
    public async Task Without_WeCom_configured_the_callback_answers_503_and_the_host_runs()
    {
        await using var bare = await TestHost.StartAsync();
        var response = await bare.Client.PostAsync(new Uri("/wecom/callback?msg_signature=a&timestamp=1&nonce=1", UriKind.Relative), new StringContent("<xml/>"));
        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadAsStringAsync()).Should().Contain("WeCom:CorpId");
        (await bare.Client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private HttpRequestMessage Signed(string? encrypt, string? rawBody = null)
    {
        var crypto = _wecom.Callbacks.Crypto;
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var body = rawBody ?? $"<xml><ToUserName><![CDATA[{_wecom.CorpId}]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>";
        var signature = crypto.ComputeSignature(ts, "123", encrypt ?? "");
        return new HttpRequestMessage(HttpMethod.Post, $"{CallbackUrl}?msg_signature={signature}&timestamp={ts}&nonce=123")
        {
            Content = new StringContent(body, Encoding.UTF8, "text/xml"),
        };
    }

    /// <summary>AES-256-CBC of exactly these bytes (no padding added), with the callback key.</summary>
    private string EncryptRaw(byte[] plain)
    {
        var key = Convert.FromBase64String(_wecom.CallbackEncodingAESKey + "=");
        using var aes = Aes.Create();
        aes.Key = key;
        return Convert.ToBase64String(aes.EncryptCbc(plain, key[..16], PaddingMode.None));
    }

    private static string EnvelopeEncrypt(string body) => WeComCallbackEnvelope.Parse(body).Encrypt;

    private static string Flip(string hex) => (hex[0] == 'a' ? "b" : "a") + hex[1..];
}
