
namespace Attendance.WeCom.Tests.Client;

/// <summary>JS-SDK tickets from the fake WeCom (cached like the access token) and the signature over them.</summary>
public sealed class JsApiTicketTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_780_000_000));
    private WeComSimulator _server = null!;
    private ServiceProvider _services = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await WeComSimulator.StartAsync(Ct);
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(_time)
            .AddWeComClient(o =>
            {
                o.CorpId = _server.CorpId;
                o.AgentId = _server.AgentId;
                o.AgentSecret = _server.AgentSecret;
                o.ApiBaseUrl = _server.BaseUrl;
            })
            .BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    private WeComClient Client => _services.GetRequiredService<WeComClient>();

    [Fact]
    public void Signature_matches_the_worked_example_of_the_WeCom_documentation()
    {
        // developer.work.weixin.qq.com/document/path/90506 ("JS-SDK使用权限签名算法"), its example verbatim.
        var signature = JsApiSignature.Sign("sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg",
            "Wm3WZYTPz0wzccnW", 1414587457, "http://mp.weixin.qq.com?params=value");
        signature.Should().Be("0f9de62fce790f9a083d5c99e95740ceb90c27ed");
    }

    [Fact]
    public void The_fragment_is_not_signed()
    {
        JsApiSignature.Sign("t", "n", 1, "https://a.example/punch?x=1#/today").Should().Be(JsApiSignature.Sign("t", "n", 1, "https://a.example/punch?x=1"));
        JsApiSignature.Sign("t", "n", 1, "https://a.example/punch/").Should().NotBe(JsApiSignature.Sign("t", "n", 1, "https://a.example/punch"));
    }

    [Fact]
    public async Task Both_tickets_are_fetched_once_and_served_from_cache()
    {
        var corp = await Client.GetJsApiTicketAsync(JsApiTicketKind.Corp, Ct);
        var agent = await Client.GetJsApiTicketAsync(JsApiTicketKind.Agent, Ct);
        corp.Should().Be(_server.CurrentJsApiTicket);
        agent.Should().Be(_server.CurrentAgentConfigTicket);
        agent.Should().NotBe(corp);

        for (var i = 0; i < 3; i++)
        {
            (await Client.GetJsApiTicketAsync(JsApiTicketKind.Corp, Ct)).Should().Be(corp);
            (await Client.GetJsApiTicketAsync(JsApiTicketKind.Agent, Ct)).Should().Be(agent);
        }

        _server.CallCount(JsApiApis.GetJsApiTicket).Should().Be(1);
        _server.CallCount(JsApiApis.TicketGet).Should().Be(1);
        _server.GetTokenCalls.Should().Be(1);
    }

    [Fact]
    public async Task A_ticket_is_refreshed_before_it_expires()
    {
        var first = await Client.GetJsApiTicketAsync(JsApiTicketKind.Corp, Ct);

        // 7200 s minus the 5 minute refresh margin: still the cached one just before, a new one just after.
        _time.Advance(TimeSpan.FromSeconds(7200 - 301));
        (await Client.GetJsApiTicketAsync(JsApiTicketKind.Corp, Ct)).Should().Be(first);
        _time.Advance(TimeSpan.FromSeconds(2));
        var second = await Client.GetJsApiTicketAsync(JsApiTicketKind.Corp, Ct);

        second.Should().NotBe(first);
        _server.CallCount(JsApiApis.GetJsApiTicket).Should().Be(2);
    }

    [Fact]
    public async Task A_failed_ticket_call_is_a_typed_error_and_nothing_is_cached()
    {
        _server.FailNext(JsApiApis.TicketGet, WeComErrorCodes.ApiForbidden);
        await FluentActions.Awaiting(() => Client.GetJsApiTicketAsync(JsApiTicketKind.Agent, Ct)).Should().ThrowExactlyAsync<WeComPermissionException>();

        var ticket = await Client.GetJsApiTicketAsync(JsApiTicketKind.Agent, Ct);
        ticket.Should().Be(_server.CurrentAgentConfigTicket);
        _server.CallCount(JsApiApis.TicketGet).Should().Be(2);
    }
}
