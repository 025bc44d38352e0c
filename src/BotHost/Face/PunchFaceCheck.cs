using Attendance.BotHost.Infrastructure;
using Attendance.Data.Punches;
using Attendance.Rules.Directory;
using Attendance.Rules.Punching;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Face;

/// <summary>
/// The face step of a punch. <see cref="Pending"/> is set when the check was left to the background: the punch is
/// stored in review with FACE_PENDING and its alert waits for the result.
/// </summary>
public sealed record FaceCheckResult(PunchScore Score, FacePendingCheck? Pending);

/// <summary>What the background needs to finish a deferred check (the photo is read back from the store).</summary>
public sealed record FacePendingCheck(Employee Employee, PunchAttempt Attempt, PunchContext Context, DateTimeOffset LocalTime);

/// <summary>
/// Hooked into the punch pipeline after scoring. The scorer asks for a face only where the matched site requires
/// one and a photo came (it then reports FACE_PENDING for a missing result); only then is the photo compared and
/// the punch scored again with the result. When many analyses already wait for a worker, the punch is answered at
/// once in review with FACE_PENDING and <see cref="FaceBackgroundVerifier"/> finishes it.
/// </summary>
public sealed class PunchFaceCheck(FaceComparison comparison, FaceRuntime runtime, FaceBackgroundQueue background,
    IOptions<FaceOptions> options, HostIdentity host)
{
    private readonly int _pendingThreshold = options.Value.PendingThreshold;

    public async Task<FaceCheckResult> CheckAsync(Employee employee, PunchAttempt attempt, PunchContext context, PunchScore score,
        byte[]? photo, DateTimeOffset localTime, CancellationToken cancellationToken)
    {
        if (photo is null || !score.Has(FindingCodes.FacePending))
        {
            return new FaceCheckResult(score, null);
        }

        var (known, template) = await comparison.PrepareAsync(employee.UserId, cancellationToken);
        if (known is null && runtime.Engine!.Waiting >= _pendingThreshold && background.HasRoom)
        {
            return new FaceCheckResult(score, new FacePendingCheck(employee, attempt, context, localTime));
        }

        var result = known ?? await comparison.CompareAsync(template!, photo, cancellationToken);
        return new FaceCheckResult(PunchScorer.Score(attempt with { Face = result }, context), null);
    }

    /// <summary>
    /// Inside the punch's transaction: a deferred check is recorded as owed, held by this host for the lease when it
    /// finishes checks itself, else by nobody, so another host takes it (<see cref="FaceBackgroundVerifier"/>). Null when
    /// nothing is deferred.
    /// </summary>
    public Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, long, Task>? RecordOwed(FaceCheckResult check,
        DateTimeOffset at)
    {
        if (check.Pending is not { } pending)
        {
            return null;
        }

        var own = options.Value.RunBackgroundChecks;
        return (connection, transaction, punchId) => Data.Face.FacePendingRepository.AddAsync(connection, transaction, punchId,
            pending.Employee.UserId, FacePendingSnapshot.Serialize(pending), at, own ? host.Name : null, own ? at + options.Value.PendingLease : null);
    }

    /// <summary>After the punch row is written: hands a deferred check to the background (nothing otherwise).</summary>
    public void AfterInsert(FaceCheckResult check, PunchInsertResult inserted)
    {
        if (check.Pending is { } pending && inserted.Outcome == PunchInsertOutcome.Created && inserted.Punch.PhotoPath is { } path
            && options.Value.RunBackgroundChecks)
        {
            background.Enqueue(new FaceBackgroundJob(inserted.Punch.Id, path, pending));
        }
    }
}
