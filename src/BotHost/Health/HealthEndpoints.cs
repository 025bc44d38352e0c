using Attendance.BotHost.Infrastructure;
using Attendance.Data;
using Attendance.Data.Migrations;
using Dapper;

namespace Attendance.BotHost.Health;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).ExcludeFromDescription();

        app.MapGet("/readyz", async (ConnectionFactory factory, WriteProbe writes, CancellationToken cancellationToken) =>
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
        })
            .WithSummary("Readiness: the database answers, takes writes and has no pending migration.")
            .Produces<Readiness>(StatusCodes.Status200OK).Produces<Readiness>(StatusCodes.Status503ServiceUnavailable);

        app.MapMetrics();
        return app;
    }
}
