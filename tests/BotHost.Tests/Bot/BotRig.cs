using System.Text.Json.Nodes;
using Attendance.BotHost.Tests.Days;
using static Attendance.BotHost.Tests.Days.SmallCompany;

namespace Attendance.BotHost.Tests.Bot;

/// <summary>
/// The real host wired to the fake WeCom, with the outbox sender running: a test posts encrypted callbacks as WeCom
/// would and reads what the fake received (message/send, media/upload, update_template_card).
/// </summary>
internal sealed class BotRig : IAsyncDisposable
{
    private BotRig(WeComSimulator wecom, TestHost host)
    {
        WeCom = wecom;
        Host = host;
    }

    public WeComSimulator WeCom { get; }

    public TestHost Host { get; }

    public string CallbackUrl => new Uri(Host.BaseAddress, "/wecom/callback").ToString();

    public static Task<BotRig> StartAsync(Data.DatabaseProvider provider = Data.DatabaseProvider.Sqlite, params string[] extraArgs) =>
        StartAsync(provider, demo: false, extraArgs);

    /// <summary>The host started with <c>--demo</c>: the demo company and its month of history, nothing else.</summary>
    public static Task<BotRig> StartDemoAsync() => StartAsync(Data.DatabaseProvider.Sqlite, demo: true, []);

    private static async Task<BotRig> StartAsync(Data.DatabaseProvider provider, bool demo, string[] extraArgs)
    {
        var wecom = await WeComSimulator.StartAsync();
        var host = await TestHost.StartAsync(provider, demo, [
            .. wecom.HostArgs(), "--Outbox:PollInterval=00:00:00.100", "--Outbox:MemberPerMinute=10000",
            "--Outbox:RetryBaseDelay=00:00:00.200", "--Scheduling:Enabled=false", .. extraArgs]);
        return new BotRig(wecom, host);
    }

    /// <summary>
    /// SmallCompany, plus roles: 李娜 (lina) leads 研发部 (under 总部); 张伟 (zhangwei) is 王芳's direct leader; 陈静
    /// (chenjing) is HR; 赵磊 (zhaolei) an admin; 刘洋 (liuyang) a plain employee; a second 张伟 (zhangwei2) works in 研发部.
    /// </summary>
    public async Task SeedAsync()
    {
        await SmallCompany.SeedAsync(Host);
        await Ok(Host, HttpMethod.Put, "/api/admin/departments/3", new { name = "研发部", parentId = 1, leaderUserIds = new[] { "lina" } });
        await Ok(Host, HttpMethod.Put, "/api/admin/employees/wangfang", new { name = "王芳", departmentIds = new[] { 1 }, directLeaderUserIds = new[] { "zhangwei" } });
        await Ok(Host, HttpMethod.Put, "/api/admin/employees/chenjing", new { name = "陈静", departmentIds = new[] { 1 }, roles = new[] { "employee", "hr" } });
        await Ok(Host, HttpMethod.Put, "/api/admin/employees/zhaolei", new { name = "赵磊", departmentIds = new[] { 1 }, roles = new[] { "admin" } });
        await Ok(Host, HttpMethod.Put, "/api/admin/employees/zhangwei2", new { name = "张伟", departmentIds = new[] { 3 } });
    }

    public Task<HttpResponseMessage> PostAsync(string xml) => Host.Client.SendAsync(WeCom.Callbacks.Build(xml).ToHttpRequest(CallbackUrl));

    public IReadOnlyList<SimulatedMessage> To(string user) =>
        [.. WeCom.Messages.Where(m => m.Api == "/cgi-bin/message/send" && (m.ToUser ?? "").Split('|').Contains(user, StringComparer.Ordinal))];

    /// <summary>Sends <paramref name="text"/> from <paramref name="user"/> and returns the text replies (waits for <paramref name="parts"/>).</summary>
    public async Task<IReadOnlyList<string>> AskAllAsync(string user, string text, int parts = 1, string? msgId = null)
    {
        var before = To(user).Count;
        var response = await PostAsync(WeCom.Callbacks.TextMessage(user, text, msgId));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        await WeCom.WaitForMessageAsync(_ => To(user).Count >= before + parts, TimeSpan.FromSeconds(20));
        return [.. To(user).Skip(before).Select(TextOf)];
    }

    public async Task<string> AskAsync(string user, string text) => string.Join("\n", await AskAllAsync(user, text));

    /// <summary>Waits for the next message to <paramref name="user"/> matching <paramref name="match"/>, counted from <paramref name="after"/>.</summary>
    public async Task<SimulatedMessage> NextAsync(string user, int after, Func<SimulatedMessage, bool> match)
    {
        await WeCom.WaitForMessageAsync(_ => To(user).Skip(after).Any(match), TimeSpan.FromSeconds(20));
        return To(user).Skip(after).First(match);
    }

    public static string TextOf(SimulatedMessage message) =>
        JsonNode.Parse(message.Json)?["text"]?["content"]?.GetValue<string>() ?? "";

    public static JsonNode Body(SimulatedMessage message) => JsonNode.Parse(message.Json)!;

    public async Task<JsonElement> AuditAsync(string actor) =>
        await Ok(Host, HttpMethod.Get, $"/api/admin/audit?actor={Uri.EscapeDataString(actor)}&limit=200");

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await WeCom.DisposeAsync();
    }
}
