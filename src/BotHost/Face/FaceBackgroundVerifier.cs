using System.Threading.Channels;
using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Punching;
using Attendance.BotHost.Punching.Photos;
using Attendance.Data;
using Attendance.Data.Face;
using Attendance.Data.Outbox;
using Attendance.Data.Punches;
using Attendance.Data.Repositories;
using Attendance.Rules.Punching;
using Microsoft.Extensions.Options;
using PunchFace = Attendance.Rules.Punching.FaceOutcome;
using PunchFaceResult = Attendance.Rules.Punching.FaceResult;

namespace Attendance.BotHost.Face;

public sealed record FaceBackgroundJob(long PunchId, string PhotoPath, FacePendingCheck Pending);

/// <summary>
/// Finishes the face checks that were answered with FACE_PENDING: as many loops as the engine has workers read the
/// queue, compare, score the punch again with the result and replace its verdict and findings (with an audit row);
/// when the punch still needs review (a mismatch above all) the leaders' alert goes into the outbox in the same
/// transaction. A failure turns into FACE_UNAVAILABLE (review, with the alert), never into a silent pass. Every deferred
/// check is also recorded in <c>face_pending_checks</c> with the punch; checks still owed when a host starts (it
/// stopped with a queue) are queued again.
/// </summary>
public sealed class FaceBackgroundVerifier(FaceBackgroundQueue queue, IServiceProvider services, ILogger<FaceBackgroundVerifier> logger)
    : BackgroundService
{
    public const string Actor = "system:face";

    // Resolved when the loops start, after the start-up validation of options: resolving them in the constructor would
    // surface the first invalid section alone instead of every invalid key at once.
    private FaceComparison _comparison = null!;
    private IPhotoStore _photos = null!;
    private PunchFaceRepository _punches = null!;
    private PunchAlerts _alerts = null!;
    private OutboxRepository _outbox = null!;
    private PunchReviewRepository _reviews = null!;
    private string _host = "";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = services.GetRequiredService<IOptions<FaceOptions>>().Value;
        if (!options.RunBackgroundChecks)
        {
            // This host only answers punches; the hosts that run checks take what it defers.
            return;
        }

        _comparison = services.GetRequiredService<FaceComparison>();
        _photos = services.GetRequiredService<IPhotoStore>();
        _punches = services.GetRequiredService<PunchFaceRepository>();
        _alerts = services.GetRequiredService<PunchAlerts>();
        _outbox = services.GetRequiredService<OutboxRepository>();
        _reviews = services.GetRequiredService<PunchReviewRepository>();
        _host = services.GetRequiredService<HostIdentity>().Name;
        await Task.Yield();
        // One host alone on its database (SQLite) holds every lease itself: those of its earlier life are taken at once.
        var alone = !services.GetRequiredService<ConnectionFactory>().Dialect.SeveralHosts;
        await ClaimOwedAsync(options, ignoreLeases: alone, stoppingToken);
        var loops = Math.Max(1, options.Workers ?? Environment.ProcessorCount);
        await Task.WhenAll([.. Enumerable.Range(0, loops).Select(_ => Task.Run(() => LoopAsync(stoppingToken), stoppingToken)),
            SweepAsync(options, stoppingToken)]);
    }

    /// <summary>Every <see cref="FaceOptions.SweepInterval"/>: checks no host holds (left by an API-only host, or by one that died).</summary>
    private async Task SweepAsync(FaceOptions options, CancellationToken stoppingToken)
    {
        var time = services.GetRequiredService<TimeProvider>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(options.SweepInterval, time, stoppingToken);
                await ClaimOwedAsync(options, ignoreLeases: false, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }

    /// <summary>
    /// Claims owed checks for this host and queues them. With several hosts two may finish the same check (a lease ran
    /// out while it was still queued here): the second finds the punch no longer pending and changes nothing.
    /// </summary>
    private async Task ClaimOwedAsync(FaceOptions options, bool ignoreLeases, CancellationToken stoppingToken)
    {
        var room = options.BackgroundCapacity - queue.Queued;
        if (room <= 0)
        {
            return;
        }

        try
        {
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var owner = services.GetRequiredService<HostIdentity>().Name;
            var owed = await services.GetRequiredService<FacePendingRepository>().ClaimOwedAsync(owner, now, now + options.PendingLease,
                Math.Min(room, 100), ignoreLeases, stoppingToken);
            if (owed.Count == 0)
            {
                return;
            }

            var employees = services.GetRequiredService<EmployeeRepository>();
            var sites = await services.GetRequiredService<SiteIndexCache>().GetAsync(stoppingToken);
            var queued = 0;
            foreach (var row in owed)
            {
                if (await employees.GetAsync(row.UserId, stoppingToken) is not { } employee)
                {
                    logger.LogWarning("The face check of punch {PunchId} is owed but its employee is gone; it stays in review", row.PunchId);
                    continue;
                }

                try
                {
                    queued += queue.Enqueue(new FaceBackgroundJob(row.PunchId, row.PhotoPath, FacePendingSnapshot.Restore(row.Snapshot, employee, sites))) ? 1 : 0;
                }
                catch (System.Text.Json.JsonException e)
                {
                    logger.LogError(e, "The stored face check of punch {PunchId} cannot be read; it stays in review", row.PunchId);
                }
            }

            logger.LogInformation("Took {Count} owed face check(s) (left by an earlier run or another host)", queued);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            logger.LogError(e, "Could not claim the owed face checks; their punches stay in review until the next sweep");
        }
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in queue.Reader.ReadAllAsync(stoppingToken))
            {
                queue.Taken(job);
                try
                {
                    await CompleteAsync(job, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "The background face check of punch {PunchId} failed; it stays in review with FACE_PENDING", job.PunchId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping: queued punches stay in review.
        }
    }

    private async Task CompleteAsync(FaceBackgroundJob job, CancellationToken cancellationToken)
    {
        var pending = job.Pending;
        PunchFaceResult result;
        try
        {
            result = await _photos.ReadAsync(job.PhotoPath, cancellationToken) is { } photo
                ? await _comparison.VerifyAsync(pending.Employee.UserId, photo, cancellationToken)
                : new PunchFaceResult(PunchFace.Unavailable);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Background face check of punch {PunchId} could not run", job.PunchId);
            result = new PunchFaceResult(PunchFace.Unavailable);
        }

        var score = PunchScorer.Score(pending.Attempt with { Face = result }, pending.Context);
        var recipients = score.Verdict == PunchVerdict.Accepted ? [] : await _alerts.RecipientsAsync(pending.Employee, cancellationToken);
        // The employee may have explained the punch while its face check was pending: the leader's card shows it.
        var explanation = score.Verdict == PunchVerdict.Review ? (await _reviews.GetNoteAsync(job.PunchId, cancellationToken))?.Explanation : null;
        // The host is named so an operator of several can tell where a check ran.
        var details = DataJson.Serialize(new { face = result.Outcome.ToString(), similarity = result.Similarity, verdict = score.Verdict.ToWire(), host = _host });
        var completed = await _punches.CompletePendingAsync(job.PunchId, score.Verdict, score.RiskScore, PunchService.WithTime(score, pending.LocalTime),
            score.Findings, Actor, details,
            recipients.Count == 0 ? null : (connection, transaction) =>
                _outbox.EnqueueAsync(connection, transaction, _alerts.Build(job.PunchId, pending.Employee, recipients, score, pending.LocalTime, explanation)),
            cancellationToken);
        if (!completed)
        {
            logger.LogInformation("Punch {PunchId} was decided before its face check finished; the decision stands", job.PunchId);
        }
    }
}

/// <summary>Checks waiting for <see cref="FaceBackgroundVerifier"/>; in memory, per host (and recorded as owed in the database).</summary>
public sealed class FaceBackgroundQueue(IOptions<FaceOptions> options)
{
    private readonly Channel<FaceBackgroundJob> _queue = Channel.CreateUnbounded<FaceBackgroundJob>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, byte> _waiting = new();

    /// <summary>Soft cap: beyond it punches wait for a worker inline rather than pile up in memory.</summary>
    public bool HasRoom => _queue.Reader.Count < options.Value.BackgroundCapacity;

    public int Queued => _queue.Reader.Count;

    public ChannelReader<FaceBackgroundJob> Reader => _queue.Reader;

    /// <summary>Queues the check unless it already waits here (a sweep finding a check this host holds); false then.</summary>
    public bool Enqueue(FaceBackgroundJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!_waiting.TryAdd(job.PunchId, 0))
        {
            return false;
        }

        // Unbounded channel: the write always succeeds; HasRoom keeps its length near the cap.
        return _queue.Writer.TryWrite(job);
    }

    /// <summary>A worker took the check off the queue: a later sweep may queue it again if it is still owed.</summary>
    public void Taken(FaceBackgroundJob job) => _waiting.TryRemove(job.PunchId, out _);
}
