using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.WeComCallback;

namespace Attendance.BotHost.Tests;

/// <summary>The real host on a free loopback port over a real database; stop and start it again on the same data.</summary>
public sealed class TestHost : IAsyncDisposable
{
    public static readonly string AdminKey = "test-admin-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    public static readonly JsonSerializerOptions Json = CreateJson();

    private readonly List<string> _extraArgs;
    private WebApplication? _app;

    private TestHost(TestDatabase database, List<string> extraArgs)
    {
        Database = database;
        _extraArgs = extraArgs;
    }

    public TestDatabase Database { get; }

    public HttpClient Client { get; private set; } = new();

    private bool _demo;

    public Uri BaseAddress => Client.BaseAddress!;

    public IServiceProvider Services => _app!.Services;

    public static async Task<TestHost> StartAsync(DatabaseProvider provider = DatabaseProvider.Sqlite, bool demo = false, params string[] extraArgs)
    {
        var host = new TestHost(await TestDatabase.CreateAsync(provider, migrate: false), [.. extraArgs]);
        await host.StartAppAsync(demo);
        return host;
    }

    public string[] Args =>
    [
        "--urls=http://127.0.0.1:0",
        "--environment=Development",
        $"--Database:Provider={Database.ProviderName}",
        $"--Database:ConnectionString={Database.ConnectionString}",
        "--Database:MigrateOnStart=true",
        $"--Security:AdminKeys:0={AdminKey}",
        $"--Security:SessionSigningKey={Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 1)).ToArray())}",
        $"--Security:DataEncryptionKey={Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 7)).ToArray())}",
        $"--Attendance:PhotoRoot={Path.Combine(Path.GetTempPath(), "attendance-tests", Database.ConnectionString.GetHashCode(StringComparison.Ordinal).ToString("x", System.Globalization.CultureInfo.InvariantCulture), "photos")}",
        "--Logging:LogLevel:Default=Warning",
        "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning",
        .. _extraArgs,
    ];

    public async Task RestartAsync()
    {
        await StopAppAsync();
        await StartAppAsync(_demo);
    }

    public HttpRequestMessage Request(HttpMethod method, string path, object? body = null, string? bearer = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = body as HttpContent ?? JsonContent.Create(body, options: Json);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return request;
    }

    public Task<HttpResponseMessage> AdminAsync(HttpMethod method, string path, object? body = null) =>
        Client.SendAsync(Request(method, path, body, AdminKey));

    /// <summary>
    /// Waits until no outbox row is pending. A row turns sent only after WeCom answered, so from then on nothing more
    /// reaches WeCom: counting messages after this catches a duplicate however late it would have come.
    /// </summary>
    public Task WaitForOutboxDrainedAsync(TimeSpan? timeout = null) =>
        Eventually.UntilAsync(async () =>
        {
            var response = await AdminAsync(HttpMethod.Get, "/api/admin/outbox?state=pending&limit=1");
            var body = await response.Content.ReadAsStringAsync();
            response.IsSuccessStatusCode.Should().BeTrue(body);
            return body;
        }, body => JsonDocument.Parse(body).RootElement.GetArrayLength() == 0, timeout ?? TimeSpan.FromSeconds(30), "an empty outbox (no pending rows)");

    /// <summary>Waits until every accepted WeCom callback has been handled (queued ones and those in a handler).</summary>
    public Task WaitForCallbacksHandledAsync(TimeSpan? timeout = null)
    {
        var queue = Services.GetRequiredService<CallbackQueue>();
        return Eventually.UntilAsync(() => Task.FromResult(queue.Unfinished), n => n == 0, timeout ?? TimeSpan.FromSeconds(30),
            "every accepted callback handled");
    }

    /// <summary>
    /// Runs the callback dispatcher and then the outbox sender until both are idle: whatever the callbacks sent so far
    /// has reached WeCom, so counting messages after this catches a duplicate however late it would have come.
    /// </summary>
    public async Task WaitUntilIdleAsync(TimeSpan? timeout = null)
    {
        await WaitForCallbacksHandledAsync(timeout);
        await WaitForOutboxDrainedAsync(timeout);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAppAsync();
        await Database.DisposeAsync();
    }

    private async Task StartAppAsync(bool demo)
    {
        _demo = demo;
        _app = HostProgram.Build(Args, demo);
        await HostProgram.PrepareAsync(_app, demo);
        await _app.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    private async Task StopAppAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        JsonSetup.Configure(options);
        return options;
    }
}
