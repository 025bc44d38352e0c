using Dapper;

namespace Attendance.Data.Jobs;

/// <summary>How a run began: Quartz firing a trigger (with the fire time it ran for), or someone asking for it.</summary>
public static class JobRunOrigins
{
    public const string Scheduled = "scheduled";
    public const string Manual = "manual";
}

public static class JobRunOutcomes
{
    /// <summary>Started and not finished: still running, or its host died during it.</summary>
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

/// <summary>A run to record as it starts.</summary>
public sealed record JobRunStart(string Job, long? DepartmentId, DateOnly? RunDate, string Origin, DateTimeOffset? ScheduledFor, string Host,
    DateTimeOffset StartedAt);

/// <summary>A recorded run; <see cref="Counts"/> is the job's counts as JSON.</summary>
public sealed record JobRun
{
    public long Id { get; init; }

    public string Job { get; init; } = "";

    public long? DepartmentId { get; init; }

    public DateOnly? RunDate { get; init; }

    public string Origin { get; init; } = "";

    public DateTimeOffset? ScheduledFor { get; init; }

    public string Host { get; init; } = "";

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public string Outcome { get; init; } = "";

    public string? Counts { get; init; }

    public string? Error { get; init; }
}

/// <summary>
/// <c>job_runs</c>: a row per run, written as it starts and completed as it ends, so the console shows each job's last
/// run and a run cut short by a crash stays visible as 'running'.
/// </summary>
public sealed class JobRunRepository(ConnectionFactory factory)
{
    private const int ErrorLength = 400;
    private const string SelectColumns =
        "SELECT id, job, department_id, run_date, origin, scheduled_for, host, started_at, finished_at, outcome, counts, error FROM job_runs";

    private static readonly string[] StartColumns =
        ["job", "department_id", "run_date", "origin", "scheduled_for", "host", "started_at", "outcome"];

    public async Task<long> StartAsync(JobRunStart run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(factory.Dialect.InsertReturningId("job_runs", StartColumns), new
        {
            job = run.Job,
            department_id = run.DepartmentId,
            run_date = run.RunDate is { } date ? factory.Dialect.DateValue(date) : null,
            origin = run.Origin,
            scheduled_for = run.ScheduledFor,
            host = run.Host,
            started_at = run.StartedAt,
            outcome = JobRunOutcomes.Running,
        }, cancellationToken: cancellationToken));
    }

    public async Task FinishAsync(long id, DateTimeOffset finishedAt, string outcome, string? counts, string? error,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE job_runs SET finished_at = @finishedAt, outcome = @outcome, counts = @counts, error = @error WHERE id = @id",
            new { id, finishedAt, outcome, counts, error = error is { Length: > ErrorLength } ? error[..ErrorLength] : error },
            cancellationToken: cancellationToken));
    }

    /// <summary>The newest runs first; of one job when <paramref name="job"/> is given.</summary>
    public async Task<IReadOnlyList<JobRun>> ListAsync(string? job, int limit, CancellationToken cancellationToken = default)
    {
        var sql = SelectColumns + (job is null ? "" : " WHERE job = @job") + " ORDER BY id DESC" + factory.Dialect.Page("limit", "offset");
        await using var connection = await factory.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<JobRun>(new CommandDefinition(sql, new { job, limit, offset = 0 }, cancellationToken: cancellationToken))];
    }

    /// <summary>Each job's newest run, by job name.</summary>
    public async Task<IReadOnlyDictionary<string, JobRun>> LastRunsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<JobRun>(new CommandDefinition(
            SelectColumns + " WHERE id IN (SELECT MAX(id) FROM job_runs GROUP BY job)", cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Job, StringComparer.Ordinal);
    }

    /// <summary>
    /// Deletes runs started before <paramref name="cutoff"/>, except each job's newest (per department), which the
    /// console shows as its last run however long ago it was. Returns how many were deleted.
    /// </summary>
    public async Task<int> PurgeOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM job_runs WHERE started_at < @cutoff AND id NOT IN (SELECT MAX(id) FROM job_runs GROUP BY job, department_id)",
            new { cutoff }, cancellationToken: cancellationToken));
    }
}
