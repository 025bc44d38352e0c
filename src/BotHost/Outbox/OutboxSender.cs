using System.Security.Cryptography;
using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.WeComCallback;
using Attendance.Data.Outbox;
using Attendance.WeCom;
using Attendance.WeCom.Client;

namespace Attendance.BotHost.Outbox;

/// <summary>What one <see cref="OutboxSender.SendDueAsync"/> pass did.</summary>
public sealed record OutboxPassResult(int Claimed, int Sent, int Deferred, int Failed, int Parked);

/// <summary>
/// Delivers due outbox rows to WeCom: claims a batch under a lease (so several hosts never send the same row), honours
/// per-robot and per-member rate limits by deferring rows, batches alerts per leader, retries transient failures with
/// exponential backoff and jitter, and parks permanent failures with their reason.
/// </summary>
public sealed class OutboxSender
{
    private readonly OutboxDeliveryRepository _store;
    private readonly OutboxOptions _options;
    private readonly WeComSettings _wecom;
    private readonly Func<WeComClient> _client;
    private readonly TimeProvider _time;
    private readonly ILogger<OutboxSender> _logger;
    private int _unconfiguredLogged;

    public OutboxSender(OutboxDeliveryRepository store, OutboxOptions options, WeComSettings wecom, Func<WeComClient> client,
        TimeProvider time, ILogger<OutboxSender> logger, HostIdentity? host = null)
    {
        _store = store;
        _options = options;
        _wecom = wecom;
        _client = client;
        _time = time;
        _logger = logger;
        Owner = (host ?? HostIdentity.From(options.HostName)).Name;
    }

    /// <summary>The name this sender's claims carry.</summary>
    public string Owner { get; }

    public async Task<OutboxPassResult> SendDueAsync(CancellationToken cancellationToken = default)
    {
        if (_wecom.Value.ValidateApi() is { Count: > 0 } problems)
        {
            if (Interlocked.Exchange(ref _unconfiguredLogged, 1) == 0)
            {
                _logger.LogWarning("WeCom is not configured ({Problems}); outbox messages stay pending until it is", string.Join("; ", problems));
            }

            return new OutboxPassResult(0, 0, 0, 0, 0);
        }

        var rows = await _store.ClaimAsync(Owner, _options.Lease, _options.BatchSize, cancellationToken);
        if (rows.Count == 0)
        {
            return new OutboxPassResult(0, 0, 0, 0, 0);
        }

        var tally = new Tally();
        var client = _client();
        foreach (var group in rows.Where(AlertBatch.IsAlert).GroupBy(r => r.Target, StringComparer.Ordinal))
        {
            await SendAlertsAsync(client, group.Key, [.. group], tally, cancellationToken);
        }

        foreach (var row in rows.Where(r => !AlertBatch.IsAlert(r)))
        {
            if (await RateLimitedUntilAsync(row.Channel, row.Target, cancellationToken) is { } until)
            {
                await _store.RescheduleAsync(row.Id, Owner, until, failed: false, error: null, cancellationToken);
                tally.Deferred++;
                continue;
            }

            await DeliverAsync(client, [row], row.Channel, row.Target, row.Payload, tally, cancellationToken);
        }

        return new OutboxPassResult(rows.Count, tally.Sent, tally.Deferred, tally.Failed, tally.Parked);
    }

    private async Task SendAlertsAsync(WeComClient client, string target, IReadOnlyList<OutboxRow> rows, Tally tally, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var recent = await _store.SentSinceAsync(OutboxChannels.App, target, now - _options.AlertWindow, AlertBatch.KeyPrefix, cancellationToken);
        var until = recent.Count > 0 ? recent[^1] + _options.AlertWindow : await RateLimitedUntilAsync(OutboxChannels.App, target, cancellationToken);
        if (until is { } later)
        {
            foreach (var row in rows)
            {
                await _store.RescheduleAsync(row.Id, Owner, later, failed: false, error: null, cancellationToken);
            }

            tally.Deferred += rows.Count;
            return;
        }

        var batch = AlertBatch.Build(target, rows);
        foreach (var row in batch.Deferred)
        {
            await _store.RescheduleAsync(row.Id, Owner, now + _options.AlertWindow, failed: false, error: null, cancellationToken);
        }

        tally.Deferred += batch.Deferred.Count;
        await DeliverAsync(client, batch.Included, OutboxChannels.App, target, batch.Payload, tally, cancellationToken);
    }

    /// <summary>When the target may next receive a message, or null when it may now (20/min robots, 30/min members).</summary>
    private async Task<DateTimeOffset?> RateLimitedUntilAsync(string channel, string target, CancellationToken cancellationToken)
    {
        var limit = channel switch
        {
            OutboxChannels.Robot => _options.RobotPerMinute,
            OutboxChannels.App => _options.MemberPerMinute,
            _ => int.MaxValue,
        };
        if (limit == int.MaxValue)
        {
            return null;
        }

        var window = TimeSpan.FromMinutes(1);
        var sent = await _store.SentSinceAsync(channel, target, _time.GetUtcNow() - window, null, cancellationToken);
        return sent.Count < limit ? null : sent[sent.Count - limit] + window;
    }

    private async Task DeliverAsync(WeComClient client, IReadOnlyList<OutboxRow> rows, string channel, string target, string payload,
        Tally tally, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => r.Id).ToList();
        try
        {
            // Not for the bot's answers: someone asking the same thing twice within the window would get no second answer,
            // where a doubled answer after a crash is harmless. Digests, alerts and cards are what it protects.
            var duplicateCheck = rows.Any(r => r.DedupeKey.StartsWith(Bot.BotReplies.KeyPrefix, StringComparison.Ordinal))
                ? TimeSpan.Zero
                : _options.DuplicateCheckInterval;
            await OutboxDelivery.SendAsync(client, channel, target, payload, duplicateCheck, cancellationToken);
            await _store.MarkSentAsync(ids, Owner, CancellationToken.None);
            tally.Sent += rows.Count;
        }
        catch (WeComException e) when (e.ErrorCode == WeComErrorCodes.TaskIdExists)
        {
            // Our task ids are random per card and kept with the row, so WeCom knowing this one means an earlier
            // attempt whose answer was lost (timeout, crash before marking) did deliver the card.
            _logger.LogInformation("Outbox rows {Ids} ({Channel}): WeCom already has this card's task_id (42014); an earlier attempt delivered it",
                string.Join(',', ids), channel);
            await _store.MarkSentAsync(ids, Owner, CancellationToken.None);
            tally.Sent += rows.Count;
        }
        catch (WeComRateLimitedException e)
        {
            foreach (var row in rows)
            {
                await _store.RescheduleAsync(row.Id, Owner, _time.GetUtcNow() + e.RetryAfter, failed: false, e.Message, CancellationToken.None);
            }

            tally.Deferred += rows.Count;
        }
        catch (Exception e) when (IsPermanent(e))
        {
            foreach (var row in rows)
            {
                _logger.LogError("Outbox row {Id} ({Channel}) parked: {Reason}", row.Id, channel, e.Message);
                await _store.ParkAsync(row.Id, Owner, e.Message, CancellationToken.None);
            }

            tally.Parked += rows.Count;
        }
        catch (Exception e) when (e is WeComException or WeComTransportException or HttpRequestException
                                     || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            foreach (var row in rows)
            {
                await RetryOrParkAsync(row, e.Message, CancellationToken.None);
            }

            tally.Failed += rows.Count;
        }
    }

    private async Task RetryOrParkAsync(OutboxRow row, string error, CancellationToken cancellationToken)
    {
        if (row.Attempts + 1 >= _options.MaxAttempts)
        {
            _logger.LogError("Outbox row {Id} ({Channel}) parked after {Attempts} attempts: {Error}", row.Id, row.Channel, row.Attempts + 1, error);
            await _store.ParkAsync(row.Id, Owner, $"gave up after {row.Attempts + 1} attempts: {error}", cancellationToken);
            return;
        }

        var delay = Backoff(row.Attempts);
        _logger.LogWarning("Outbox row {Id} ({Channel}) failed (attempt {Attempt}), retrying in {Seconds} s: {Error}",
            row.Id, row.Channel, row.Attempts + 1, (int)delay.TotalSeconds, error);
        await _store.RescheduleAsync(row.Id, Owner, _time.GetUtcNow() + delay, failed: true, error, cancellationToken);
    }

    /// <summary>base × 2^attempts, capped, times a random factor in [0.5, 1.5) so retries of many rows spread out.</summary>
    private TimeSpan Backoff(int attempts)
    {
        var exponential = _options.RetryBaseDelay * Math.Pow(2, Math.Min(attempts, 20));
        var capped = exponential > _options.RetryMaxDelay ? _options.RetryMaxDelay : exponential;
        return capped * (RandomNumberGenerator.GetInt32(50, 150) / 100.0);
    }

    private static bool IsPermanent(Exception e) => e is WeComInvalidRecipientsException or WeComUntrustedIpException
        or WeComPermissionException or WeComCredentialException or WeComConfigurationException or OutboxPayloadException;

    private sealed class Tally
    {
        public int Sent { get; set; }

        public int Deferred { get; set; }

        public int Failed { get; set; }

        public int Parked { get; set; }
    }
}
