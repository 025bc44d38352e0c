using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json.Nodes;
using Attendance.BotHost.Digests;
using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Jobs;
using Attendance.BotHost.PunchPage;
using Attendance.BotHost.Days;
using Attendance.Data.Repositories;
using Attendance.Rules.Directory;
using Attendance.WeCom.Client;
using Attendance.WeCom.Simulator;

namespace Attendance.BotHost.Demo;

public sealed record DemoTextRequest(string? UserId, string? Content);

public sealed record DemoCardClickRequest(string? UserId, string? TaskId, string? EventKey);

/// <summary>A callback sealed as WeCom seals it; the page POSTs <see cref="Body"/> to <see cref="Url"/> itself.</summary>
public sealed record DemoSealedCallback(string Url, string Body);

public sealed record DemoJob(string Name, string Label);

public sealed record DemoJobRun(string Job, IReadOnlyDictionary<string, long> Counts);

public sealed record DemoMember(string UserId, string Name, string Department, IReadOnlyList<string> Roles);

public sealed record DemoFile(string Name, string Url);

/// <summary>A message as WeCom shows it: <see cref="Body"/> is the JSON the service sent, <see cref="Update"/> the
/// latest update_template_card of a card.</summary>
public sealed record DemoMessage(long Seq, DateTimeOffset At, string Sender, string? Kind, JsonNode Body, JsonNode? Update, DemoFile? File);

public sealed record DemoInbox(IReadOnlyList<DemoMessage> Messages);

public sealed record DemoGroupView(string Id, string Name, IReadOnlyList<string> Members, IReadOnlyList<DemoMessage> Messages);

/// <summary>
/// <c>/demo</c>: the chat-like page and its API, mapped only when <see cref="DemoWeCom"/> runs (<c>--demo</c> without a
/// WeCom corp), for loopback callers only. The API reads what the simulator received, and seals callbacks as WeCom
/// would; it never calls the bot itself, so everything the page shows went through the real callback and outbox.
///
/// <list type="table">
/// <item>GET  /demo, /demo/{file}            the page</item>
/// <item>GET  /demo/api/people               the demo company's people and roles</item>
/// <item>GET  /demo/api/inbox/{userId}       what the app sent to one person, cards with their updates</item>
/// <item>GET  /demo/api/groups               the group chats: robot digests and app-chat messages</item>
/// <item>GET  /demo/api/media/{mediaId}      a file a message carried</item>
/// <item>POST /demo/api/callbacks/text       a member's text message, sealed for /wecom/callback</item>
/// <item>POST /demo/api/callbacks/card       a click on a template card's button, sealed likewise</item>
/// <item>GET  /demo/api/jobs, POST /demo/api/jobs/{name}   run a job now through the job registry</item>
/// </list>
/// </summary>
public static class DemoEndpoints
{
    public const int MaxContentLength = 2048;

    private const string AppSender = "考勤助手";

    // The jobs a newcomer can run from the page; retention purge and the WeCom checkin push stay with the admin API.
    private static readonly DemoJob[] Jobs =
    [
        new(DigestJob.Name, "发送昨日日报（各部门群）"),
        new(FinalizeDaysJob.Name, "结算考勤日"),
        new(DirectorySyncJob.Name, "同步通讯录"),
    ];

    /// <summary>Embedded under <c>demo/</c>; read on first use, so a host without the demo never loads them.</summary>
    private static readonly Lazy<PunchPageFiles> Files = new(() => new PunchPageFiles("demo/"));

    public static void MapDemoApi(this ApiGroups groups)
    {
        // Not part of the product's API: the demo's own page and its window onto the simulator.
        var demo = groups.Public.MapGroup("/demo").AddEndpointFilter(LoopbackOnly).ExcludeFromDescription();
        demo.MapGet("", ServePage);
        demo.MapGet("/{*path}", ServeFile);

        var api = demo.MapGroup("/api");
        api.MapGet("/people", PeopleAsync);
        api.MapGet("/inbox/{userId}", InboxAsync);
        api.MapGet("/groups", Groups);
        api.MapGet("/media/{mediaId}", Media);
        api.MapPost("/callbacks/text", SealTextAsync);
        api.MapPost("/callbacks/card", SealCardClickAsync);
        api.MapGet("/jobs", ListJobs);
        api.MapPost("/jobs/{name}", RunJobAsync);
    }

    private static IResult ServePage(HttpContext http) => Files.Value.Serve(http, "index.html");

    private static IResult ServeFile(string? path, HttpContext http) => Files.Value.Serve(http, string.IsNullOrEmpty(path) ? "index.html" : path);

    private static Ok<DemoJob[]> ListJobs() => TypedResults.Ok(Jobs);

    private static async ValueTask<object?> LoopbackOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        // The page can speak as anyone in the company: like dev login, it answers this machine only.
        if (context.HttpContext.Connection.RemoteIpAddress is not { } ip || !IPAddress.IsLoopback(ip))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The demo page answers loopback callers only.");
        }

        return await next(context);
    }

    private static async Task<Ok<DemoMember[]>> PeopleAsync(EmployeeRepository employees, DepartmentRepository departments, CancellationToken ct)
    {
        var names = (await departments.ListAsync(ct)).ToDictionary(d => d.Id);
        var people = await employees.ListAsync(new EmployeeQuery(Active: true, Limit: 5000), ct);
        return TypedResults.Ok(people.OrderBy(p => p.MainDepartmentId).ThenBy(p => p.UserId, StringComparer.Ordinal)
            .Select(p => new DemoMember(p.UserId, p.Name, names.TryGetValue(p.MainDepartmentId, out var d) ? d.Name : "", RolesOf(p, names.Values)))
            .ToArray());
    }

    internal static List<string> RolesOf(Employee person, IEnumerable<Department> departments)
    {
        List<string> roles = ["员工"];
        if (departments.Any(d => d.LeaderUserIds.Contains(person.UserId, StringComparer.Ordinal)))
        {
            roles.Add("主管");
        }

        if (person.HasRole(Role.Hr))
        {
            roles.Add("HR");
        }

        if (person.HasRole(Role.Admin))
        {
            roles.Add("管理员");
        }

        return roles;
    }

    private static async Task<Ok<DemoInbox>> InboxAsync(string userId, DemoWeCom wecom, EmployeeRepository employees, CancellationToken ct)
    {
        var person = await employees.GetAsync(userId, ct) ?? throw InputException.Invalid("userId", "no employee has this userid");
        var all = wecom.Simulator.Messages;
        var updates = LatestCardUpdates(wecom.Simulator, all, person.UserId);
        var messages = Received(all, person).Select(r =>
        {
            var (m, body) = r;
            var taskId = (string?)body["template_card"]?["task_id"];
            return new DemoMessage(m.Seq, m.At, AppSender, m.MsgType, body,
                taskId is not null && updates.TryGetValue(taskId, out var update) ? update : null, FileOf(wecom.Simulator, body));
        });
        return TypedResults.Ok(new DemoInbox([.. messages]));
    }

    private static Ok<DemoGroupView[]> Groups(DemoWeCom wecom)
    {
        var all = wecom.Simulator.Messages;
        return TypedResults.Ok(wecom.Groups.Values.OrderBy(g => g.Name, StringComparer.Ordinal).Select(g => new DemoGroupView(g.Id, g.Name, g.Members,
            [.. all.Where(m => (g.RobotKey is not null && m.RobotKey == g.RobotKey) || (g.ChatId is not null && m.ChatId == g.ChatId))
                .Select(m =>
                {
                    var body = JsonNode.Parse(m.Json)!;
                    return new DemoMessage(m.Seq, m.At, m.RobotKey is null ? AppSender : "考勤机器人", m.MsgType, body, null, FileOf(wecom.Simulator, body));
                })])).ToArray());
    }

    private static Results<FileContentHttpResult, ProblemHttpResult> Media(string mediaId, DemoWeCom wecom) =>
        wecom.Simulator.FindMedia(mediaId) is { } media
            ? TypedResults.File(media.Content, media.ContentType ?? "application/octet-stream", media.FileName)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No file has the media id '{mediaId}'.");

    private static async Task<Ok<DemoSealedCallback>> SealTextAsync(JsonBody<DemoTextRequest> body, DemoWeCom wecom, EmployeeRepository employees, CancellationToken ct)
    {
        var request = body.Value;
        var person = await MemberAsync(request.UserId, employees, ct);
        var content = request.Content?.Trim() ?? "";
        if (content.Length == 0 || content.Length > MaxContentLength)
        {
            throw InputException.Invalid("content", $"must hold between 1 and {MaxContentLength} characters");
        }

        var callbacks = wecom.Simulator.Callbacks;
        return TypedResults.Ok(Sealed(callbacks.Build(callbacks.TextMessage(person.UserId, content))));
    }

    private static async Task<Ok<DemoSealedCallback>> SealCardClickAsync(JsonBody<DemoCardClickRequest> body, DemoWeCom wecom, EmployeeRepository employees, CancellationToken ct)
    {
        var request = body.Value;
        var person = await MemberAsync(request.UserId, employees, ct);
        var all = wecom.Simulator.Messages;
        // WeCom sends a click only for a button of a card the member holds, and not once the card was answered.
        var card = Received(all, person).LastOrDefault(r => (string?)r.Body["template_card"]?["task_id"] == request.TaskId).Body
            ?? throw InputException.Invalid("taskId", "this member holds no card with this task id");
        var buttons = card["template_card"]?["button_list"]?.AsArray().Select(b => (string?)b?["key"]) ?? [];
        if (string.IsNullOrEmpty(request.EventKey) || !buttons.Contains(request.EventKey, StringComparer.Ordinal))
        {
            throw InputException.Invalid("eventKey", "the card has no button with this key");
        }

        if (LatestCardUpdates(wecom.Simulator, all, person.UserId).ContainsKey(request.TaskId!))
        {
            throw new InputException(StatusCodes.Status409Conflict, "The card was already answered; WeCom no longer sends its clicks.", []);
        }

        var callbacks = wecom.Simulator.Callbacks;
        return TypedResults.Ok(Sealed(callbacks.Build(callbacks.TemplateCardEvent(person.UserId, request.TaskId!, request.EventKey))));
    }

    private static async Task<Results<Ok<DemoJobRun>, ProblemHttpResult>> RunJobAsync(string name, JobRegistry jobs, DepartmentRepository departments, CancellationToken ct)
    {
        if (!Jobs.Any(j => j.Name == name) || !jobs.Contains(name))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"The demo runs no job named '{name}'.",
                extensions: new Dictionary<string, object?> { ["jobs"] = Jobs.Select(j => j.Name).ToArray() });
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        void Add(JobRunResult result)
        {
            foreach (var (key, value) in result.Counts)
            {
                counts[key] = counts.GetValueOrDefault(key) + value;
            }
        }

        Add(await jobs.RunAsync(name, new JobArguments(), ct));
        if (name == DigestJob.Name)
        {
            // A department with a cron of its own is skipped by the plain run (its own trigger sends it): run each now.
            foreach (var department in (await departments.ListAsync(ct)).Where(d => d.Digest.Cron is not null))
            {
                Add(await jobs.RunAsync(name, new JobArguments(DepartmentId: department.Id), ct));
            }
        }

        return TypedResults.Ok(new DemoJobRun(name, counts));
    }

    private static async Task<Employee> MemberAsync(string? userId, EmployeeRepository employees, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(userId)
            ? throw InputException.Invalid("userId", "is required")
            : await employees.GetAsync(userId, ct) is { Active: true } person
                ? person
                : throw InputException.Invalid("userId", "no active employee has this userid");

    private static DemoSealedCallback Sealed(SimulatedCallbackRequest request) => new("/wecom/callback?" + request.Query, request.Body);

    /// <summary>The app messages that reached <paramref name="person"/> (by userid, @all or a department), each parsed once.</summary>
    private static List<(SimulatedMessage Message, JsonNode Body)> Received(IReadOnlyList<SimulatedMessage> all, Employee person)
    {
        var received = new List<(SimulatedMessage, JsonNode)>();
        foreach (var message in all.Where(m => m.Api == Apis.MessageSend))
        {
            var body = JsonNode.Parse(message.Json)!;
            var toUser = message.ToUser is { } to && (to == "@all" || to.Split('|').Contains(person.UserId, StringComparer.Ordinal));
            var toParty = ((string?)body["toparty"])?.Split('|').Any(p => long.TryParse(p, out var id) && person.DepartmentIds.Contains(id)) == true;
            if (toUser || toParty)
            {
                received.Add((message, body));
            }
        }

        return received;
    }

    /// <summary>The last update_template_card per task id that reached <paramref name="userId"/>.</summary>
    private static Dictionary<string, JsonNode> LatestCardUpdates(WeComSimulator simulator, IReadOnlyList<SimulatedMessage> all, string userId)
    {
        var updates = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var update in all.Where(m => m.Api == Apis.MessageUpdateTemplateCard))
        {
            var body = JsonNode.Parse(update.Json)!;
            var users = update.ToUser?.Split('|', StringSplitOptions.RemoveEmptyEntries) ?? [];
            if (simulator.TaskIdOfResponseCode((string?)body["response_code"] ?? "") is { } taskId
                && (users.Length == 0 || users.Contains(userId, StringComparer.Ordinal)))
            {
                updates[taskId] = body;
            }
        }

        return updates;
    }

    private static DemoFile? FileOf(WeComSimulator simulator, JsonNode body) =>
        (string?)body["file"]?["media_id"] is { } id && simulator.FindMedia(id) is { } media
            ? new DemoFile(media.FileName, "/demo/api/media/" + Uri.EscapeDataString(id))
            : null;
}
