using Attendance.BotHost.Infrastructure;
using Attendance.Data;
using Attendance.Data.Migrations;
using Dapper;
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

    public static async Task<IResult> ReadyAsync(ConnectionFactory factory, WriteProbe writes, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await factory.OpenAsync(cancellationToken);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
            var pending = new MigrationRunner(factory).PendingScripts();
            if (pending.Count > 0)
            {
                return Results.Json(new { status = "migrations pending", pending }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            return await writes.FailureAsync(cancellationToken) is { } failure
                ? Results.Json(new { status = "database refuses writes", error = failure }, statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.Ok(new { status = "ready", database = factory.Provider.ToString().ToLowerInvariant() });
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return Results.Json(new { status = "database unreachable", error = e.GetType().Name }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}

public sealed record Liveness(string Status);
