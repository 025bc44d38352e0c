using Attendance.BotHost.Admin;
using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Security;
using Attendance.Data.Outbox;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.BotHost.Outbox;

public static class OutboxEndpoints
{
    private static readonly string[] States = [OutboxStates.Pending, OutboxStates.Sent, OutboxStates.Parked];

    public static void MapOutboxApi(this ApiGroups groups)
    {
        groups.Admin.MapGet("/outbox", ListAsync).WithSummary("List outbox rows (messages to WeCom), newest first.");
        groups.Admin.MapPost("/outbox/{id:long}/retry", RetryAsync)
            .WithSummary("Send a parked outbox row again: back to pending, due now, attempts reset (409 unless parked).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary><c>GET /api/admin/outbox?state=&amp;limit=&amp;offset=</c>: rows newest first; robot keys masked.</summary>
    public static async Task<Ok<IEnumerable<OutboxRowView>>> ListAsync(string? state, int? limit, int? offset, OutboxRepository repo, CancellationToken ct)
    {
        if (state is not null && !States.Contains(state, StringComparer.Ordinal))
        {
            throw InputException.Invalid("state", "must be pending, sent or parked");
        }

        var (take, skip) = AdminResults.Page(limit, offset);
        var rows = await repo.ListAsync(state, take, skip, ct);
        return TypedResults.Ok(rows.Select(OutboxRowView.From));
    }

    /// <summary><c>POST /api/admin/outbox/{id}/retry</c>: only a parked row; retrying a sent one would send it twice.</summary>
    public static async Task<Results<Ok<OutboxRowView>, ProblemHttpResult>> RetryAsync(long id, HttpContext http, OutboxDeliveryRepository repo,
        CancellationToken ct)
    {
        var (outcome, row) = await repo.RetryParkedAsync(id, Caller.From(http).Actor, ct);
        return outcome switch
        {
            OutboxRetryOutcome.Retried => TypedResults.Ok(OutboxRowView.From(row!)),
            OutboxRetryOutcome.NotFound => AdminResults.NotFound($"Outbox row {id}"),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Only a parked outbox row can be retried.",
                detail: row!.State == OutboxStates.Sent ? "该消息已发送，重试会重复发送" : "该消息仍在等待发送，无需重试",
                extensions: new Dictionary<string, object?> { ["state"] = row.State }),
        };
    }
}

/// <summary>
/// An outbox row as the admin API shows it: a robot's target is its key, a secret, so only its tail shows.
/// <c>claimedBy</c>: the host holding the row (<c>claimedUntil</c>: until when), or the one that sent or parked it.
/// </summary>
public sealed record OutboxRowView(long Id, string Channel, string Target, string DedupeKey, string State, int Attempts,
    DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError, DateTimeOffset CreatedAt, string Payload, string? ClaimedBy,
    DateTimeOffset? ClaimedUntil)
{
    public static OutboxRowView From(OutboxRow r) => new(r.Id, r.Channel,
        r.Channel == OutboxChannels.Robot ? "***" + (r.Target.Length > 8 ? r.Target[^4..] : "") : r.Target,
        r.DedupeKey, r.State, r.Attempts, r.NextAttemptAt, r.SentAt, r.LastError, r.CreatedAt, r.Payload, r.ClaimedBy, r.ClaimedUntil);
}
