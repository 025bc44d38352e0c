using Attendance.Rules.Common;

namespace Attendance.BotHost.Jobs;

/// <summary>Arguments of a job run: the date it is about (default chosen by the job) and an optional department.</summary>
public sealed record JobArguments(DateOnly? Date = null, long? DepartmentId = null);

/// <summary>What a run did, as the trigger endpoint shows it: named counters, an optional note, and optional
/// job-specific details (any JSON-serializable object, e.g. finalize-days' counts by status).</summary>
public sealed record JobSummary(IReadOnlyDictionary<string, long> Counts, string? Note = null, object? Details = null)
{
    public static JobSummary Of(params (string Name, long Value)[] counts) =>
        new(counts.ToDictionary(c => c.Name, c => c.Value, StringComparer.Ordinal));
}

/// <summary>
/// A job the scheduler fires and <c>POST /api/admin/jobs/{name}/trigger</c> runs now. Implementations are resolved
/// per run from a DI scope; register one with <see cref="SchedulingServices.AddAttendanceJob{TJob}"/>.
/// </summary>
public interface IAttendanceJob
{
    /// <summary>Job-specific argument checks; errors are answered 400 with the field named.</summary>
    void Validate(JobArguments arguments, FieldErrors errors)
    {
    }

    Task<JobSummary> RunAsync(JobArguments arguments, CancellationToken cancellationToken);
}

/// <summary>What Quartz does with a fire time missed while every host was down.</summary>
public enum MisfirePolicy
{
    /// <summary>Fire once as soon as a scheduler is back (digests, finalize, sync): missed work is still wanted.</summary>
    FireOnceNow,

    /// <summary>Skip to the next regular fire time (work that the next run covers anyway).</summary>
    DoNothing,
}

/// <summary>A job's cron schedule (Quartz syntax with seconds) in an IANA time zone.</summary>
public sealed record JobSchedule(string Cron, string TimeZone = TimeZones.Default, MisfirePolicy Misfire = MisfirePolicy.FireOnceNow);

/// <summary>A registered job: its name, implementation type and optional schedule.</summary>
public sealed record JobRegistration(string Name, Type JobType, JobSchedule? Schedule);
