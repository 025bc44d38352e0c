using Attendance.BotHost.Infrastructure;
using Attendance.Data;
using Attendance.Data.Jobs;
using Attendance.Rules.Common;

namespace Attendance.BotHost.Jobs;

/// <summary>A job run's outcome as the API answers it.</summary>
public sealed record JobRunResult(string Job, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, IReadOnlyDictionary<string, long> Counts, string? Note, object? Details);

/// <summary>Why a job runs: Quartz firing a trigger (and the fire time it runs for), or a person or page asking.</summary>
public sealed record JobRunOrigin(string Origin, DateTimeOffset? ScheduledFor)
{
    public static readonly JobRunOrigin Manual = new(JobRunOrigins.Manual, null);

    public static JobRunOrigin Scheduled(DateTimeOffset fireTime) => new(JobRunOrigins.Scheduled, fireTime);
}

/// <summary>
/// The jobs by name; runs one in its own DI scope, for Quartz and for the trigger endpoint alike, and records each run
/// in <c>job_runs</c> (started, then finished or failed) with the host that ran it.
/// </summary>
public sealed class JobRegistry(IEnumerable<JobRegistration> registrations, IServiceScopeFactory scopes, JobRunRepository runs, HostIdentity host,
    TimeProvider time, ILogger<JobRegistry> logger)
{
    private readonly Dictionary<string, JobRegistration> _jobs = registrations.ToDictionary(r => r.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<JobRegistration> Jobs => _jobs.Values;

    public IReadOnlyList<string> Names => [.. _jobs.Keys.Order(StringComparer.Ordinal)];

    public bool Contains(string name) => _jobs.ContainsKey(name);

    public Task<JobRunResult> RunAsync(string name, JobArguments arguments, CancellationToken cancellationToken = default) =>
        RunAsync(name, arguments, JobRunOrigin.Manual, cancellationToken);

    public async Task<JobRunResult> RunAsync(string name, JobArguments arguments, JobRunOrigin origin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(origin);
        var registration = _jobs.TryGetValue(name, out var r) ? r : throw new KeyNotFoundException($"unknown job '{name}'");
        await using var scope = scopes.CreateAsyncScope();
        var job = (IAttendanceJob)scope.ServiceProvider.GetRequiredService(registration.JobType);
        var errors = new FieldErrors();
        ValidateCommon(arguments, errors);
        job.Validate(arguments, errors);
        if (!errors.IsEmpty)
        {
            throw Infrastructure.InputException.Invalid(errors);
        }

        var started = time.GetUtcNow();
        var runId = await runs.StartAsync(new JobRunStart(name, arguments.DepartmentId, arguments.Date, origin.Origin, origin.ScheduledFor, host.Name, started),
            cancellationToken);
        logger.LogInformation("Job {Job} started ({Date}, department {Department})", name, arguments.Date, arguments.DepartmentId);
        JobSummary summary;
        try
        {
            summary = await job.RunAsync(arguments, cancellationToken);
        }
        catch (Exception e)
        {
            // The run's own failure is what the caller sees; recording it must not replace it.
            await RecordFailureAsync(runId, e);
            throw;
        }

        var finished = time.GetUtcNow();
        await runs.FinishAsync(runId, finished, JobRunOutcomes.Succeeded, DataJson.Serialize(summary.Counts), null, CancellationToken.None);
        logger.LogInformation("Job {Job} finished in {Ms} ms: {Counts}", name, (int)(finished - started).TotalMilliseconds,
            string.Join(", ", summary.Counts.Select(c => $"{c.Key}={c.Value}")));
        return new JobRunResult(name, started, finished, summary.Counts, summary.Note, summary.Details);
    }

    private async Task RecordFailureAsync(long runId, Exception failure)
    {
        try
        {
            var outcome = failure switch
            {
                OperationCanceledException => "cancelled",
                Infrastructure.InputException input => input.Message + " " + string.Join("; ", input.Errors.Select(e => $"{e.Field}: {e.Message}")),
                _ => failure.GetType().Name + ": " + failure.Message,
            };
            await runs.FinishAsync(runId, time.GetUtcNow(), JobRunOutcomes.Failed, null, outcome, CancellationToken.None);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            logger.LogWarning(e, "Could not record the failure of job run {RunId}", runId);
        }
    }

    private static void ValidateCommon(JobArguments arguments, FieldErrors errors)
    {
        if (arguments.DepartmentId is { } id)
        {
            errors.Require(Identifiers.IsDepartmentId(id), "departmentId", "must be a WeCom department id (a positive integer)");
        }

        if (arguments.Date is { } date)
        {
            errors.Require(date.Year is >= 2000 and <= 2100, "date", "must be a date between 2000-01-01 and 2100-12-31");
        }
    }
}
