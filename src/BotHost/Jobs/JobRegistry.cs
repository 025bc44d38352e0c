using Attendance.Rules.Common;

namespace Attendance.BotHost.Jobs;

/// <summary>A job run's outcome as the API answers it.</summary>
public sealed record JobRunResult(string Job, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, IReadOnlyDictionary<string, long> Counts, string? Note, object? Details);

/// <summary>The jobs by name; runs one in its own DI scope, for Quartz and for the trigger endpoint alike.</summary>
public sealed class JobRegistry(IEnumerable<JobRegistration> registrations, IServiceScopeFactory scopes, TimeProvider time, ILogger<JobRegistry> logger)
{
    private readonly Dictionary<string, JobRegistration> _jobs = registrations.ToDictionary(r => r.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<JobRegistration> Jobs => _jobs.Values;

    public IReadOnlyList<string> Names => [.. _jobs.Keys.Order(StringComparer.Ordinal)];

    public bool Contains(string name) => _jobs.ContainsKey(name);

    public async Task<JobRunResult> RunAsync(string name, JobArguments arguments, CancellationToken cancellationToken = default)
    {
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
        logger.LogInformation("Job {Job} started ({Date}, department {Department})", name, arguments.Date, arguments.DepartmentId);
        var summary = await job.RunAsync(arguments, cancellationToken);
        var finished = time.GetUtcNow();
        logger.LogInformation("Job {Job} finished in {Ms} ms: {Counts}", name, (int)(finished - started).TotalMilliseconds,
            string.Join(", ", summary.Counts.Select(c => $"{c.Key}={c.Value}")));
        return new JobRunResult(name, started, finished, summary.Counts, summary.Note, summary.Details);
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
