using Attendance.Testing.Logging;
using Microsoft.Extensions.Logging;
using Attendance.BotHost.Outbox;
using Attendance.BotHost.WeComCallback;
using Attendance.Data.Outbox;
using Attendance.WeCom;
using Attendance.WeCom.Client;
using Dapper;
using Microsoft.Extensions.Time.Testing;

namespace Attendance.BotHost.Tests.Outbox;

/// <summary>
/// Outbox senders over a real database and the fake WeCom over real HTTP, on a fake clock so backoff and rate-limit
/// windows pass without waiting. Each <see cref="NewSender"/> is a fresh "host" (own name, own client state).
/// </summary>
public sealed class SenderRig : IAsyncDisposable
{
    private readonly List<HttpClient> _clients = [];
    private readonly ILoggerFactory _loggers;

    private SenderRig(TestDatabase database, WeComSimulator wecom)
    {
        Database = database;
        WeCom = wecom;
        // WeCom's per-minute limits and token lifetimes run on the same clock as the senders.
        WeCom.TimeProvider = Time;
        _loggers = LoggerFactory.Create(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        Outbox = new OutboxRepository(database.Factory, Time);
        Store = new OutboxDeliveryRepository(database.Factory, Time);
    }

    public TestDatabase Database { get; }

    public WeComSimulator WeCom { get; }

    public FakeTimeProvider Time { get; } = new(TimeProvider.System.GetUtcNow());

    public LogCapture Logs { get; } = new();

    public OutboxRepository Outbox { get; }

    public OutboxDeliveryRepository Store { get; }

    public static async Task<SenderRig> StartAsync(DatabaseProvider provider = DatabaseProvider.Sqlite) =>
        new(await TestDatabase.CreateAsync(provider), await WeComSimulator.StartAsync());

    public WeComOptions WeComOptions(bool configured = true) => new()
    {
        CorpId = configured ? WeCom.CorpId : "",
        AgentId = WeCom.AgentId,
        AgentSecret = configured ? WeCom.AgentSecret : "",
        ApiBaseUrl = WeCom.BaseUrl,
        RetryBaseDelay = TimeSpan.Zero,
    };

    public OutboxSender NewSender(OutboxOptions? options = null, string? name = null, bool configured = true, TimeProvider? time = null)
    {
        options ??= new OutboxOptions();
        options.HostName = name ?? $"host-{Guid.NewGuid():N}"[..16];
        var clock = time ?? Time;
        var wecomOptions = WeComOptions(configured);
        var pauses = new WeComApiPauses(clock);
        var tokens = new WeComAccessTokenCache(clock);
        return new OutboxSender(new OutboxDeliveryRepository(Database.Factory, clock), options, new WeComSettings(wecomOptions), () =>
        {
            var http = new HttpClient();
            lock (_clients)
            {
                _clients.Add(http);
            }

            return new WeComClient(http, wecomOptions, tokens, pauses, clock, _loggers.CreateLogger<WeComClient>());
        }, clock, _loggers.CreateLogger<OutboxSender>());
    }

    public Task EnqueueAsync(string channel, string target, string payload, string dedupeKey) =>
        Outbox.EnqueueAsync(new OutboxMessage(channel, target, payload, dedupeKey));

    public static string AppText(string toUser, string content) =>
        System.Text.Json.JsonSerializer.Serialize(new { touser = toUser, msgtype = "text", text = new { content } }, WeComJson.Options);

    public static string RobotMarkdown(string content) =>
        System.Text.Json.JsonSerializer.Serialize(new { msgtype = "markdown", markdown = new { content } }, WeComJson.Options);

    public async Task<OutboxRow> RowAsync(string dedupeKey)
    {
        await using var connection = await Database.Factory.OpenAsync();
        var id = await connection.ExecuteScalarAsync<long>("SELECT id FROM outbox WHERE dedupe_key = @dedupeKey", new { dedupeKey });
        return (await Store.GetAsync(id))!;
    }

    public async Task<IReadOnlyList<OutboxRow>> RowsAsync(string? state = null) => await Outbox.ListAsync(state, 1000, 0);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _loggers.Dispose();
        await WeCom.DisposeAsync();
        await Database.DisposeAsync();
    }
}
