namespace Attendance.BotHost.Outbox;

/// <summary>The <c>Outbox</c> configuration section: how the sender polls, leases and retries.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Runs the background sender; tests drive <see cref="OutboxSender.SendDueAsync"/> themselves when off.</summary>
    public bool Enabled { get; set; } = true;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claim holds; a host that dies mid-delivery leaves its rows to others after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    public int BatchSize { get; set; } = 50;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>After this many failed attempts a row is parked instead of retried.</summary>
    public int MaxAttempts { get; set; } = 12;

    /// <summary>WeCom: 20 messages a minute per group robot.</summary>
    public int RobotPerMinute { get; set; } = 20;

    /// <summary>WeCom: 30 app messages a minute per member (applied per target).</summary>
    public int MemberPerMinute { get; set; } = 30;

    /// <summary>Real-time alerts to one leader are batched into at most one message per this window.</summary>
    public TimeSpan AlertWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// App messages ask WeCom to drop an identical request within this window (90236 enable_duplicate_check,
    /// duplicate_check_interval, at most 4 hours): a host killed after WeCom took a message and before it was marked sent
    /// leaves the row to another host after the lease, and that resend is not shown twice. It has to outlast the lease;
    /// the price is that the very same message to the same people within it is shown once, so the bot's answers (a
    /// question asked twice deserves two answers) go without it. Zero turns it off.
    /// </summary>
    public TimeSpan DuplicateCheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Names this host's claims; defaults to machine, process and a random suffix.</summary>
    public string? HostName { get; set; }

    public IEnumerable<string> Validate()
    {
        if (PollInterval <= TimeSpan.Zero) yield return "Outbox:PollInterval must be positive.";
        if (Lease < TimeSpan.FromSeconds(1)) yield return "Outbox:Lease must be at least 1 second.";
        if (BatchSize is < 1 or > 1000) yield return "Outbox:BatchSize must be between 1 and 1000.";
        if (RetryBaseDelay < TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay) yield return "Outbox:RetryBaseDelay must be between 0 and Outbox:RetryMaxDelay.";
        if (MaxAttempts < 1) yield return "Outbox:MaxAttempts must be at least 1.";
        if (RobotPerMinute < 1 || MemberPerMinute < 1) yield return "Outbox:RobotPerMinute and Outbox:MemberPerMinute must be at least 1.";
        if (AlertWindow < TimeSpan.Zero) yield return "Outbox:AlertWindow must not be negative.";
        if (DuplicateCheckInterval != TimeSpan.Zero && (DuplicateCheckInterval <= Lease || DuplicateCheckInterval > TimeSpan.FromHours(4)
                                                        || DuplicateCheckInterval.Ticks % TimeSpan.TicksPerSecond != 0))
            yield return "Outbox:DuplicateCheckInterval must be 0 (off) or whole seconds longer than Outbox:Lease and at most 04:00:00 (WeCom's limit).";
        if (HostName is { Length: > 64 }) yield return "Outbox:HostName must be at most 64 characters.";
    }
}
