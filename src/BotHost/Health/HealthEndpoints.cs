using Attendance.BotHost.Infrastructure;
using Attendance.Data;
using Attendance.Data.Migrations;
using Attendance.Data.Repositories;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.BotHost.Health;

public static class HealthEndpoints
{
    /// <summary>The probes (<c>/healthz</c> for liveness, left out of the document; <c>/readyz</c>) and <c>/metrics</c> when Prometheus is on.</summary>
    public static void MapHealthApi(this ApiGroups groups)
    {
        groups.Public.MapGet("/healthz", Live).ExcludeFromDescription();
        groups.Public.MapGet("/readyz", ReadyAsync).WithSummary("Readiness: the database answers, takes writes and has no pending migration.")
            .Produces<Readiness>(StatusCodes.Status200OK).Produces<Readiness>(StatusCodes.Status503ServiceUnavailable);
        groups.Public.MapMetrics();
    }

    public static Ok<Liveness> Live() => TypedResults.Ok(new Liveness("ok"));

    public static async Task<Results<Ok<Readiness>, JsonHttpResult<Readiness>>> ReadyAsync(ConnectionFactory factory, MigrationRunner migrations,
        DatabaseProbe database, WriteProbe writes, CancellationToken cancellationToken)
    {
        try
        {
            await database.PingAsync(cancellationToken);
            var pending = migrations.PendingScripts();
            if (pending.Count > 0)
            {
                return Unready(new Readiness("migrations pending", null, pending, null));
            }

            return await writes.FailureAsync(cancellationToken) is { } failure
                ? Unready(new Readiness("database refuses writes", null, null, failure))
                : TypedResults.Ok(new Readiness("ready", factory.Provider.ToString().ToLowerInvariant(), null, null));
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return Unready(new Readiness("database unreachable", null, null, e.GetType().Name));
        }
    }

    private static JsonHttpResult<Readiness> Unready(Readiness readiness) =>
        TypedResults.Json(readiness, statusCode: StatusCodes.Status503ServiceUnavailable);
}

public sealed record Liveness(string Status);
