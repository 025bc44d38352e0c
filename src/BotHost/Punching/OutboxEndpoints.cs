using Attendance.BotHost.Admin;
using Attendance.BotHost.Infrastructure;
using Attendance.Data.Outbox;

namespace Attendance.BotHost.Punching;

/// <summary><c>GET /api/admin/outbox</c>: what is waiting for, or went to, WeCom, newest first.</summary>
public static class OutboxEndpoints
{
    public static RouteGroupBuilder MapOutboxEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/outbox", async (string? state, int? limit, int? offset, OutboxRepository outbox, CancellationToken ct) =>
        {
            if (state is not (null or OutboxStates.Pending or OutboxStates.Sent or OutboxStates.Parked))
            {
                throw InputException.Invalid("state", "must be pending, sent or parked");
            }

            var (take, skip) = AdminResults.Page(limit, offset);
            return TypedResults.Ok(await outbox.ListAsync(state, take, skip, ct));
        });
        return admin;
    }
}
