using System.Text.Json;
using Attendance.Data.Repositories;
using Dapper;

namespace Attendance.Data.Punches;

/// <summary>What people wrote about a flagged punch: the employee's explanation and the reviewer's reason.</summary>
public sealed record PunchReviewNote(long PunchId, string UserId, string? Explanation, DateTimeOffset? ExplainedAt, string? DecisionReason);

/// <summary>A punch's decision as stored with it.</summary>
public sealed record PunchDecisionState(string? Decision, string? DecidedBy, DateTimeOffset? DecidedAt);

public enum ReviewWriteOutcome
{
    Done,
    NotFound,

    /// <summary>The punch was not sent to review (accepted or rejected by the rules): nothing to decide or explain.</summary>
    NotInReview,

    /// <summary>Decided already (and the write did not allow a change), or explained already.</summary>
    AlreadyDone,
}

/// <summary>A reviewer's open 驳回 on a card: the reason is their next text message.</summary>
public sealed record ReviewReasonPrompt(string UserId, long PunchId, string? ResponseCode, DateTimeOffset ExpiresAt);

/// <summary>
/// Decisions on punches in review (DESIGN §7: a person decides, never the rules alone), explanations, and reviewers'
/// open 驳回 prompts. Every change writes its audit row in its own transaction.
/// </summary>
public sealed class PunchReviewRepository(ConnectionFactory factory, TimeProvider time)
{
    /// <summary>
    /// Records <paramref name="decision"/> on a punch in review. Without <paramref name="allowChange"/> only an undecided
    /// punch takes it (two reviewers racing: the first wins); with it (HR correcting a decision) a decided one too.
    /// </summary>
    public Task<ReviewWriteOutcome> DecideAsync(long punchId, string decision, string actor, string? reason, bool allowChange,
        CancellationToken cancellationToken = default) =>
        factory.InTransactionAsync(async (connection, transaction) =>
        {
            var punch = await connection.QuerySingleOrDefaultAsync<StateRow>(new CommandDefinition(
                "SELECT user_id, verdict, decision FROM punches WHERE id = @punchId", new { punchId }, transaction, cancellationToken: cancellationToken));
            if (punch is null)
            {
                return ReviewWriteOutcome.NotFound;
            }

            if (punch.Verdict != "review")
            {
                return ReviewWriteOutcome.NotInReview;
            }

            var at = time.GetUtcNow();
            var guard = allowChange ? "" : " AND decision IS NULL";
            var changed = await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE punches SET decision = @decision, decided_by = @actor, decided_at = @at WHERE id = @punchId AND verdict = 'review'{guard}",
                new { punchId, decision, actor, at }, transaction, cancellationToken: cancellationToken));
            if (changed == 0)
            {
                return ReviewWriteOutcome.AlreadyDone;
            }

            if (await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE punch_review_notes SET decision_reason = @reason WHERE punch_id = @punchId", new { punchId, reason }, transaction,
                    cancellationToken: cancellationToken)) == 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO punch_review_notes (punch_id, user_id, decision_reason) VALUES (@punchId, @userId, @reason)",
                    new { punchId, userId = punch.UserId, reason }, transaction, cancellationToken: cancellationToken));
            }

            var action = punch.Decision is null ? "punch.decide" : "punch.decision.change";
            await AuditRepository.AppendAsync(connection, transaction, at, actor, action, "punch", Id(punchId),
                JsonSerializer.Serialize(new { userId = punch.UserId, decision, previous = punch.Decision, reason }));
            return ReviewWriteOutcome.Done;
        }, cancellationToken);

    /// <summary>The employee's explanation of their own punch in review: once, and only before a decision.</summary>
    public Task<ReviewWriteOutcome> ExplainAsync(long punchId, string userId, string text, CancellationToken cancellationToken = default) =>
        factory.InTransactionAsync(async (connection, transaction) =>
        {
            var p = await connection.QuerySingleOrDefaultAsync<StateRow>(new CommandDefinition(
                "SELECT user_id, verdict, decision FROM punches WHERE id = @punchId AND user_id = @userId", new { punchId, userId }, transaction,
                cancellationToken: cancellationToken));
            if (p is null)
            {
                return ReviewWriteOutcome.NotFound;
            }

            if (p.Verdict != "review")
            {
                return ReviewWriteOutcome.NotInReview;
            }

            if (p.Decision is not null)
            {
                return ReviewWriteOutcome.AlreadyDone;
            }

            var at = time.GetUtcNow();
            var updated = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE punch_review_notes SET explanation = @text, explained_at = @at WHERE punch_id = @punchId AND explanation IS NULL",
                new { punchId, text, at }, transaction, cancellationToken: cancellationToken));
            if (updated == 0)
            {
                var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COUNT(*) FROM punch_review_notes WHERE punch_id = @punchId", new { punchId }, transaction, cancellationToken: cancellationToken));
                if (exists > 0)
                {
                    return ReviewWriteOutcome.AlreadyDone;
                }

                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO punch_review_notes (punch_id, user_id, explanation, explained_at) VALUES (@punchId, @userId, @text, @at)",
                    new { punchId, userId, text, at }, transaction, cancellationToken: cancellationToken));
            }

            await AuditRepository.AppendAsync(connection, transaction, at, "user:" + userId, "punch.explain", "punch", Id(punchId),
                JsonSerializer.Serialize(new { userId, length = text.Length }));
            return ReviewWriteOutcome.Done;
        }, cancellationToken);

    public async Task<PunchReviewNote?> GetNoteAsync(long punchId, CancellationToken cancellationToken = default) =>
        (await GetNotesAsync([punchId], cancellationToken)).GetValueOrDefault(punchId);

    public async Task<IReadOnlyDictionary<long, PunchReviewNote>> GetNotesAsync(IReadOnlyCollection<long> punchIds, CancellationToken cancellationToken = default)
    {
        if (punchIds.Count == 0)
        {
            return new Dictionary<long, PunchReviewNote>();
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        var notes = new Dictionary<long, PunchReviewNote>();
        // Chunks keep the IN list within every dialect's parameter limit.
        foreach (var chunk in punchIds.Distinct().Chunk(500))
        {
            var rows = await connection.QueryAsync<NoteRow>(new CommandDefinition(
                "SELECT punch_id, user_id, explanation, explained_at, decision_reason FROM punch_review_notes WHERE " + factory.Dialect.InList("punch_id", "ids"),
                new { ids = chunk }, cancellationToken: cancellationToken));
            foreach (var row in rows)
            {
                notes[row.PunchId] = new PunchReviewNote(row.PunchId, row.UserId, row.Explanation, row.ExplainedAt, row.DecisionReason);
            }
        }

        return notes;
    }

    public async Task<IReadOnlyDictionary<long, PunchDecisionState>> GetDecisionsAsync(IReadOnlyCollection<long> punchIds, CancellationToken cancellationToken = default)
    {
        var states = new Dictionary<long, PunchDecisionState>();
        if (punchIds.Count == 0)
        {
            return states;
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        foreach (var chunk in punchIds.Distinct().Chunk(500))
        {
            var rows = await connection.QueryAsync<DecisionRow>(new CommandDefinition(
                "SELECT id, decision, decided_by, decided_at FROM punches WHERE " + factory.Dialect.InList("id", "ids"), new { ids = chunk }, cancellationToken: cancellationToken));
            foreach (var row in rows)
            {
                states[row.Id] = new PunchDecisionState(row.Decision, row.DecidedBy, row.DecidedAt);
            }
        }

        return states;
    }

    /// <summary>Opens (or replaces) <paramref name="userId"/>'s 驳回 prompt.</summary>
    public Task OpenPromptAsync(ReviewReasonPrompt prompt, CancellationToken cancellationToken = default) =>
        factory.InTransactionAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM review_reason_prompts WHERE user_id = @UserId", prompt, transaction,
                cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO review_reason_prompts (user_id, punch_id, response_code, expires_at) VALUES (@UserId, @PunchId, @ResponseCode, @ExpiresAt)",
                prompt, transaction, cancellationToken: cancellationToken));
            return 0;
        }, cancellationToken);

    /// <summary>Takes <paramref name="userId"/>'s open prompt, if one has not expired: it is answered once.</summary>
    public Task<ReviewReasonPrompt?> TakePromptAsync(string userId, CancellationToken cancellationToken = default) =>
        factory.InTransactionAsync(async (connection, transaction) =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<PromptRow>(new CommandDefinition(
                "SELECT user_id, punch_id, response_code, expires_at FROM review_reason_prompts WHERE user_id = @userId", new { userId }, transaction,
                cancellationToken: cancellationToken));
            if (row is null)
            {
                return null;
            }

            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM review_reason_prompts WHERE user_id = @userId", new { userId }, transaction,
                cancellationToken: cancellationToken));
            return row.ExpiresAt > time.GetUtcNow() ? new ReviewReasonPrompt(row.UserId, row.PunchId, row.ResponseCode, row.ExpiresAt) : null;
        }, cancellationToken);

    private static string Id(long punchId) => punchId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed class StateRow
    {
        public string UserId { get; init; } = "";

        public string Verdict { get; init; } = "";

        public string? Decision { get; init; }
    }

    private sealed class NoteRow
    {
        public long PunchId { get; init; }

        public string UserId { get; init; } = "";

        public string? Explanation { get; init; }

        public DateTimeOffset? ExplainedAt { get; init; }

        public string? DecisionReason { get; init; }
    }

    private sealed class DecisionRow
    {
        public long Id { get; init; }

        public string? Decision { get; init; }

        public string? DecidedBy { get; init; }

        public DateTimeOffset? DecidedAt { get; init; }
    }

    private sealed class PromptRow
    {
        public string UserId { get; init; } = "";

        public long PunchId { get; init; }

        public string? ResponseCode { get; init; }

        public DateTimeOffset ExpiresAt { get; init; }
    }
}
