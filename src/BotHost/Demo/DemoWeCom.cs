using System.Security.Cryptography;
using System.Text.Json;
using Attendance.Data;
using Microsoft.Data.Sqlite;
using Attendance.Data.Repositories;
using Attendance.WeCom;
using Attendance.WeCom.Simulator;

namespace Attendance.BotHost.Demo;

/// <summary>
/// Under <c>--demo</c> with no WeCom app configured: a <see cref="WeComSimulator"/> on a loopback port of its own,
/// standing where Tencent's server stands. The host's WeCom settings point at it with an identity generated for this
/// run, so the outbox, limits, retries, token cache, message building and callback crypto are the real ones. Nothing
/// else creates this class: outside demo mode the simulator does not exist.
/// </summary>
public sealed class DemoWeCom : IAsyncDisposable
{
    public const string AgentId = "1000002";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DemoGroup> _groups = new(StringComparer.Ordinal);

    private DemoWeCom(WeComSimulator simulator, string? stateFile)
    {
        Simulator = simulator;
        StateFile = stateFile;
    }

    /// <summary>Where the chat history is kept between runs: beside the SQLite file (null on a server database).</summary>
    public string? StateFile { get; }

    public WeComSimulator Simulator { get; }

    /// <summary>
    /// Starts the simulator when the configuration names no WeCom corp, and points the host's WeCom settings at it;
    /// null when a real corp is configured (the demo then seeds data only and talks to the real WeCom).
    /// </summary>
    public static DemoWeCom? StartIfUnconfigured(ConfigurationManager configuration)
    {
        var section = configuration.GetSection(WeComOptions.SectionName);
        if (!string.IsNullOrWhiteSpace(section[nameof(WeComOptions.CorpId)]))
        {
            return null;
        }

        // Build runs before the host starts and has no async path; the simulator binds its port in milliseconds.
        var simulator = WeComSimulator.StartAsync().GetAwaiter().GetResult();
        var stateFile = StateFileOf(configuration);
        if (LoadState(stateFile) is { } saved)
        {
            // The same corp as last run, so the cards and files in the history still answer.
            simulator.ImportState(saved);
        }
        else
        {
            simulator.CorpId = "ww" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            simulator.AgentId = AgentId;
            simulator.AgentSecret = RandomText(43);
            simulator.CallbackToken = RandomText(32);
            simulator.CallbackEncodingAESKey = RandomText(43);
        }

        configuration.AddInMemoryCollection([
            new($"{WeComOptions.SectionName}:{nameof(WeComOptions.CorpId)}", simulator.CorpId),
            new($"{WeComOptions.SectionName}:{nameof(WeComOptions.AgentId)}", simulator.AgentId),
            new($"{WeComOptions.SectionName}:{nameof(WeComOptions.AgentSecret)}", simulator.AgentSecret),
            new($"{WeComOptions.SectionName}:{nameof(WeComOptions.CallbackToken)}", simulator.CallbackToken),
            new($"{WeComOptions.SectionName}:{nameof(WeComOptions.CallbackEncodingAESKey)}", simulator.CallbackEncodingAESKey),
            new($"{WeComOptions.SectionName}:{nameof(WeComOptions.ApiBaseUrl)}", simulator.BaseUrl),
            // A newcomer clicks and waits for the answer: poll the outbox often (the limits WeCom sets stay as they are).
            new("Outbox:PollInterval", "00:00:00.250"),
        ]);
        return new DemoWeCom(simulator, stateFile);
    }

    /// <summary>Writes the simulator's state (atomically: a crash mid-write leaves the previous file).</summary>
    public void SaveState()
    {
        if (StateFile is null)
        {
            return;
        }

        var temporary = StateFile + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(Simulator.ExportState(), StateJson));
        File.Move(temporary, StateFile, overwrite: true);
    }

    private static SimulatorState? LoadState(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<SimulatorState>(File.ReadAllBytes(path), StateJson);
        }
        catch (JsonException e)
        {
            // Kept aside, not deleted: the demo starts with an empty chat and the operator can look at what broke.
            File.Move(path, path + ".unreadable", overwrite: true);
            Console.Error.WriteLine($"The demo's chat history in {path} could not be read ({e.Message}); it was moved to {path}.unreadable.");
            return null;
        }
    }

    private static string? StateFileOf(ConfigurationManager configuration)
    {
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (!DatabaseOptions.TryParseProvider(database.Provider, out var provider) || provider != DatabaseProvider.Sqlite)
        {
            return null;
        }

        var builder = new SqliteConnectionStringBuilder(database.ConnectionString);
        return builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(builder.DataSource) || builder.DataSource.StartsWith(':')
            ? null
            : Path.GetFullPath(builder.DataSource) + ".demo-wecom.json";
    }

    /// <summary>
    /// Gives the simulator the company's directory, as WeCom would hold it: departments, members and their leaders, a
    /// group chat per robot key and per app chat of a department's digest (members: the department's people).
    /// </summary>
    public async Task MirrorDirectoryAsync(DepartmentRepository departments, EmployeeRepository employees, CancellationToken cancellationToken = default)
    {
        var all = await departments.ListAsync(cancellationToken);
        foreach (var department in all)
        {
            Simulator.AddDepartment(new SimulatedDepartment(department.Id, department.Name, department.ParentId ?? 0, department.LeaderUserIds));
        }

        var people = await employees.ListAsync(new EmployeeQuery(Limit: 5000), cancellationToken);
        foreach (var person in people)
        {
            Simulator.AddUser(new SimulatedUser(person.UserId, person.Name, person.DepartmentIds, person.Active ? 1 : 5, person.DirectLeaderUserIds));
        }

        foreach (var department in all)
        {
            var members = people.Where(p => p.Active && p.DepartmentIds.Contains(department.Id)).Select(p => p.UserId)
                .Concat(department.LeaderUserIds).Distinct(StringComparer.Ordinal).ToArray();
            if (department.Digest.RobotKey is { } key)
            {
                _groups[RobotGroupId(key)] = new DemoGroup(RobotGroupId(key), department.Name + "考勤群", members, key, null);
            }

            if (department.Digest.ChatId is { } chatId)
            {
                Simulator.CreateChat(chatId, department.Name + "群", members);
                _groups[ChatGroupId(chatId)] = new DemoGroup(ChatGroupId(chatId), department.Name + "群", members, null, chatId);
            }
        }
    }

    /// <summary>The group chats the demo shows: each robot's group and each app chat.</summary>
    public IReadOnlyDictionary<string, DemoGroup> Groups => _groups;

    public static string RobotGroupId(string robotKey) => "robot:" + robotKey;

    public static string ChatGroupId(string chatId) => "chat:" + chatId;

    public ValueTask DisposeAsync() => Simulator.DisposeAsync();

    private static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web);

    /// <summary>Letters and digits only: WeCom's token and EncodingAESKey are made of them (the AES key is 43 long).</summary>
    private static string RandomText(int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return string.Create(length, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            }
        });
    }
}

/// <summary>A group chat as the demo page shows it: a robot's group (messages by robot key) or an app chat.</summary>
public sealed record DemoGroup(string Id, string Name, IReadOnlyList<string> Members, string? RobotKey, string? ChatId);
