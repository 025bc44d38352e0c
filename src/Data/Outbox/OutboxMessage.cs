namespace Attendance.Data.Outbox;

/// <summary>Where an outbox row goes: an app message to members, an app group chat, or a group robot.</summary>
public static class OutboxChannels
{
    public const string App = "app";
    public const string AppChat = "appchat";
    public const string Robot = "robot";

    /// <summary>message/update_template_card after a card click; the payload carries the click's response_code.</summary>
    public const string AppCardUpdate = "app_card_update";
}

public static class OutboxStates
{
    public const string Pending = "pending";
    public const string Sent = "sent";

    /// <summary>A permanent failure (all recipients invalid, 60020, 48002): kept with its reason, not retried.</summary>
    public const string Parked = "parked";
}

/// <summary>
/// A message waiting to go to WeCom. <see cref="Payload"/> is the JSON body the sender posts; <see cref="DedupeKey"/>
/// is unique, so enqueuing the same logical message twice stores it once.
/// </summary>
public sealed record OutboxMessage(string Channel, string Target, string Payload, string DedupeKey);

public sealed record OutboxRow(
    long Id,
    string Channel,
    string Target,
    string Payload,
    string DedupeKey,
    string State,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? SentAt,
    string? LastError,
    DateTimeOffset CreatedAt,
    string? ClaimedBy = null,
    DateTimeOffset? ClaimedUntil = null);
