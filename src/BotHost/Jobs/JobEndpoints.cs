using Attendance.BotHost.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.BotHost.Jobs;

/// <summary>Body of <c>POST /api/admin/jobs/{name}/trigger</c>; both fields optional, the body too.</summary>
public sealed record JobTriggerSpec(DateOnly? Date, long? DepartmentId);

/// <summary>A job and its schedule (none for jobs run only on demand).</summary>
public sealed record JobView(string Name, string? Cron, string? TimeZone);

public static class JobEndpoints
{
    public static void MapJobApi(this ApiGroups groups)
    {
        groups.Admin.MapGet("/jobs", ListJobs).WithSummary("List the jobs and their schedules.");
        groups.Admin.MapPost("/jobs/{name}/trigger", TriggerAsync).WithSummary("Run a job now (optional body: date, departmentId).")
            .DescribesBody<JobTriggerSpec>(optional: true, "application/json");
    }

    public static Ok<IEnumerable<JobView>> ListJobs(JobRegistry jobs) => TypedResults.Ok(jobs.Jobs.OrderBy(j => j.Name, StringComparer.Ordinal)
        .Select(j => new JobView(j.Name, j.Schedule?.Cron, j.Schedule?.TimeZone)));

    public static async Task<Results<Ok<JobRunResult>, ProblemHttpResult>> TriggerAsync(string name, HttpContext http, JobRegistry jobs, CancellationToken ct)
    {
        if (!jobs.Contains(name))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"Job '{name}' was not found.",
                extensions: new Dictionary<string, object?> { ["jobs"] = jobs.Names });
        }

        // The body is optional, so it is read only when there is one.
        var spec = HasBody(http.Request) ? (await JsonBody<JobTriggerSpec>.BindAsync(http))!.Value : new JobTriggerSpec(null, null);
        return TypedResults.Ok(await jobs.RunAsync(name, new JobArguments(spec.Date, spec.DepartmentId), ct));
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
}
