using System.Text.Json;
using Attendance.BotHost.Infrastructure;
using Attendance.Data.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.BotHost.Jobs;

/// <summary>Body of <c>POST /api/admin/jobs/{name}/trigger</c>; both fields optional, the body too.</summary>
public sealed record JobTriggerSpec(DateOnly? Date, long? DepartmentId);

/// <summary>A job, its schedule (none for jobs run only on demand) and its newest run (none before the first).</summary>
public sealed record JobView(string Name, string? Cron, string? TimeZone, JobRunView? LastRun);

/// <summary>
/// A recorded run. <c>outcome</c>: running (or its host died during it), succeeded, failed; <c>origin</c>: scheduled
/// (with the fire time it ran for) or manual.
/// </summary>
public sealed record JobRunView(long Id, string Job, long? DepartmentId, DateOnly? Date, string Origin, DateTimeOffset? ScheduledFor, string Host,
    DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string Outcome, IReadOnlyDictionary<string, long>? Counts, string? Error)
{
    public static JobRunView From(JobRun run) => new(run.Id, run.Job, run.DepartmentId, run.RunDate, run.Origin, run.ScheduledFor, run.Host,
        run.StartedAt, run.FinishedAt, run.Outcome,
        run.Counts is { } counts ? JsonSerializer.Deserialize<Dictionary<string, long>>(counts) : null, run.Error);
}

public static class JobEndpoints
{
    public static void MapJobApi(this ApiGroups groups)
    {
        groups.Admin.MapGet("/jobs", ListJobsAsync).WithSummary("List the jobs, their schedules and their newest runs.");
        groups.Admin.MapGet("/jobs/{name}/runs", ListRunsAsync).WithSummary("A job's recorded runs, newest first (limit 1..500, default 100).");
        groups.Admin.MapPost("/jobs/{name}/trigger", TriggerAsync).WithSummary("Run a job now (optional body: date, departmentId).")
            .DescribesBody<JobTriggerSpec>(optional: true, "application/json");
    }

    public static async Task<Ok<IEnumerable<JobView>>> ListJobsAsync(JobRegistry jobs, JobRunRepository runs, CancellationToken ct)
    {
        var last = await runs.LastRunsAsync(ct);
        return TypedResults.Ok(jobs.Jobs.OrderBy(j => j.Name, StringComparer.Ordinal)
            .Select(j => new JobView(j.Name, j.Schedule?.Cron, j.Schedule?.TimeZone, last.TryGetValue(j.Name, out var run) ? JobRunView.From(run) : null)));
    }

    public static async Task<Results<Ok<IEnumerable<JobRunView>>, ProblemHttpResult>> ListRunsAsync(string name, int? limit, JobRegistry jobs,
        JobRunRepository runs, CancellationToken ct)
    {
        if (!jobs.Contains(name))
        {
            return UnknownJob(name, jobs);
        }

        var (take, _) = Admin.AdminResults.Page(limit, null, max: 500);
        return TypedResults.Ok((await runs.ListAsync(name, take, ct)).Select(JobRunView.From));
    }

    public static async Task<Results<Ok<JobRunResult>, ProblemHttpResult>> TriggerAsync(string name, HttpContext http, JobRegistry jobs, CancellationToken ct)
    {
        if (!jobs.Contains(name))
        {
            return UnknownJob(name, jobs);
        }

        // The body is optional, so it is read only when there is one.
        var spec = HasBody(http.Request) ? (await JsonBody<JobTriggerSpec>.BindAsync(http))!.Value : new JobTriggerSpec(null, null);
        return TypedResults.Ok(await jobs.RunAsync(name, new JobArguments(spec.Date, spec.DepartmentId), ct));
    }

    private static ProblemHttpResult UnknownJob(string name, JobRegistry jobs) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"Job '{name}' was not found.",
            extensions: new Dictionary<string, object?> { ["jobs"] = jobs.Names });

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
}
