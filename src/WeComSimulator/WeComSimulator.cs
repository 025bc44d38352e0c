using System.Collections.Concurrent;
using System.Net;
using Attendance.WeCom.Client;
using Attendance.WeCom.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Attendance.WeCom.Simulator;

/// <summary>
/// A WeCom API server on 127.0.0.1 with real errcode behaviour. Configure the knobs before or between calls; all
/// state is thread-safe. Point WeComOptions.ApiBaseUrl at <see cref="BaseUrl"/>.
/// </summary>
public sealed partial class WeComSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new();
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _scriptedErrors = new();
    private readonly ConcurrentDictionary<string, byte> _rateLimited = new();
    private readonly ConcurrentDictionary<string, string> _memberCodes = new();
    private readonly ConcurrentDictionary<string, string> _nonMemberCodes = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _codeIssuedAt = new();
    private readonly ConcurrentDictionary<string, SimulatedUser> _users = new();
    private readonly ConcurrentDictionary<long, SimulatedDepartment> _departments = new();
    private readonly ConcurrentDictionary<string, SimulatedMedia> _media = new();
    private readonly ConcurrentDictionary<string, string> _chats = new();
    private readonly ConcurrentDictionary<string, string[]> _chatMembers = new();
    private readonly List<SimulatedMessage> _messages = [];
    private readonly ConcurrentQueue<string> _issuedTokens = new();
    private readonly List<WeComCheckinRecord> _addedCheckins = [];
    private readonly List<WeComCheckinData> _checkinData = [];
    private int _tokenSerial;
    private int _mediaSerial;

    private WeComSimulator(WebApplication app)
    {
        _app = app;
    }

    // Identity of the simulator app; the client must use the same CorpId and AgentSecret.
    public string CorpId { get; set; } = "wwfake0123456789";
    public string AgentId { get; set; } = "1000002";
    public string AgentSecret { get; set; } = "fake-agent-secret-0123456789";

    // Callback settings, used by Callbacks to act as WeCom calling the service.
    public string CallbackToken { get; set; } = "FakeToken123";
    public string CallbackEncodingAESKey { get; set; } = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

    // Robot keys accepted by webhook/*; empty accepts any key.
    public HashSet<string> RobotKeys { get; } = [];

    // Lifetime of newly issued tokens (expires_in).
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(2);

    // When set, every call answers 60020 naming this as the caller IP.
    public string? UntrustedCallerIp { get; set; }

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    public string BaseUrl { get; private set; } = "";

    public int GetTokenCalls => CallCount(Apis.GetToken);

    // Every token ever issued, so tests can assert none leaks into logs or exceptions.
    public IReadOnlyCollection<string> IssuedTokens => [.. _issuedTokens];

    public static async Task<WeComSimulator> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new WeComSimulator(app);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        server.BaseUrl = addresses.Addresses.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>How many requests reached <paramref name="api"/> (e.g. /cgi-bin/message/send).</summary>
    public int CallCount(string api) => _calls.GetValueOrDefault(api);

    /// <summary>The next <paramref name="times"/> calls to <paramref name="api"/> answer <paramref name="errorCode"/>.</summary>
    public void FailNext(string api, int errorCode, int times = 1)
    {
        var queue = _scriptedErrors.GetOrAdd(api, _ => new ConcurrentQueue<int>());
        for (var i = 0; i < times; i++)
            queue.Enqueue(errorCode);
    }

    /// <summary>Every call to <paramref name="api"/> answers 45009 until <see cref="ClearRateLimit"/>.</summary>
    public void RateLimit(string api) => _rateLimited[api] = 0;

    public void ClearRateLimit(string api) => _rateLimited.TryRemove(api, out _);

    /// <summary>Every issued token now answers 42001, as when WeCom's two hours are up.</summary>
    public void ExpireAllTokens()
    {
        foreach (var token in _tokens.Keys)
            _tokens[token] = DateTimeOffset.MinValue;
    }

    /// <summary>Forgets every issued token, so they answer 40014 (revoked, e.g. after a secret reset).</summary>
    public void RevokeAllTokens() => _tokens.Clear();

    /// <summary>A single-use login code (jscode2session and getuserinfo) for a member.</summary>
    public void AddMemberCode(string code, string userId)
    {
        _codeIssuedAt[code] = TimeProvider.GetUtcNow();
        _memberCodes[code] = userId;
    }

    /// <summary>A single-use getuserinfo code for someone outside the corp: answers openid only.</summary>
    public void AddNonMemberCode(string code, string openId)
    {
        _codeIssuedAt[code] = TimeProvider.GetUtcNow();
        _nonMemberCodes[code] = openId;
    }

    public void AddUser(SimulatedUser user) => _users[user.UserId] = user;

    public void AddDepartment(SimulatedDepartment department) => _departments[department.Id] = department;

    /// <summary>Punches getcheckindata returns (filtered by user and time).</summary>
    public void AddCheckinData(WeComCheckinData data)
    {
        lock (_lock)
            _checkinData.Add(data);
    }

    public IReadOnlyList<SimulatedMessage> Messages
    {
        get
        {
            lock (_lock)
                return [.. _messages];
        }
    }

    public IReadOnlyList<WeComCheckinRecord> AddedCheckinRecords
    {
        get
        {
            lock (_lock)
                return [.. _addedCheckins];
        }
    }

    public IReadOnlyCollection<SimulatedMedia> Media => [.. _media.Values];

    public SimulatedMedia? FindMedia(string mediaId) => _media.GetValueOrDefault(mediaId);

    public IReadOnlyDictionary<string, string> Chats => new Dictionary<string, string>(_chats);

    /// <summary>The members a chat was created with (appchat/create userlist, or <see cref="CreateChat"/>).</summary>
    public IReadOnlyList<string> ChatMembers(string chatId) => _chatMembers.TryGetValue(chatId, out var members) ? members : [];

    /// <summary>A group chat that exists before the service runs, as one an admin created in the WeCom client.</summary>
    public void CreateChat(string chatId, string name, IReadOnlyList<string> members)
    {
        _chats[chatId] = name;
        _chatMembers[chatId] = [.. members];
    }

    /// <summary>Builds encrypted callback requests as WeCom would send them to the service.</summary>
    public SimulatedCallbacks Callbacks => new(CorpId, AgentId, CallbackToken, CallbackEncodingAESKey, TimeProvider,
        IssueResponseCode);
}
