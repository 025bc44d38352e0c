using System.Text.Json;
using Attendance.Data.Repositories;
using Attendance.Rules.Common;
using Attendance.Rules.Schedule;
using Dapper;

namespace Attendance.Data.Schedule;

/// <summary>Shifts, stored as their spec (<see cref="Shift.ToSpec"/>) so that validation rebuilds the same shift.</summary>
public sealed class ShiftRepository(ConnectionFactory factory, TimeProvider time) : ChangeCountingRepository
{
    private static readonly string[] Columns = ["id", "name", "spec", "created_at", "updated_at"];

    public static string SpecJson(Shift shift) => JsonSerializer.Serialize(shift.ToSpec(), JsonSerializerOptions.Web);

    public Task<UpsertOutcome> UpsertAsync(Shift shift, string actor, CancellationToken cancellationToken = default) =>
        CountedAsync(factory.InTransactionAsync(async (connection, transaction) =>
        {
            var spec = SpecJson(shift);
            var existing = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
                "SELECT spec FROM shifts WHERE id = @id", new { id = shift.Id }, transaction, cancellationToken: cancellationToken));
            if (existing == spec)
            {
                return UpsertOutcome.Unchanged;
            }

            var now = time.GetUtcNow();
            await connection.ExecuteAsync(factory.Dialect.Upsert("shifts", ["id"], Columns),
                new { id = shift.Id, name = shift.Name, spec, created_at = now, updated_at = now }, transaction);
            var outcome = existing is null ? UpsertOutcome.Created : UpsertOutcome.Updated;
            await AuditRepository.AppendAsync(connection, transaction, now, actor,
                outcome == UpsertOutcome.Created ? "shift.create" : "shift.update", "shift", shift.Id, spec);
            return outcome;
        }, cancellationToken));

    public async Task<Shift?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var spec = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT spec FROM shifts WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return spec is null ? null : Rebuild(id, spec);
    }

    public async Task<IReadOnlyList<Shift>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Id, string Spec)>(new CommandDefinition(
            "SELECT id, spec FROM shifts ORDER BY id", cancellationToken: cancellationToken));
        return [.. rows.Select(r => Rebuild(r.Id, r.Spec))];
    }

    /// <summary>False when the shift does not exist. Assignments naming it are left alone: they then plan a rest day
    /// only until HR stores the shift again, which is easier to repair than a cascade.</summary>
    public Task<bool> DeleteAsync(string id, string actor, CancellationToken cancellationToken = default) =>
        CountedAsync(factory.InTransactionAsync(async (connection, transaction) =>
        {
            var gone = await connection.ExecuteAsync("DELETE FROM shifts WHERE id = @id", new { id }, transaction) > 0;
            if (gone)
            {
                await AuditRepository.AppendAsync(connection, transaction, time.GetUtcNow(), actor, "shift.delete", "shift", id, null);
            }

            return gone;
        }, cancellationToken));

    private static Shift Rebuild(string id, string spec)
    {
        var errors = new FieldErrors();
        return ShiftValidator.Validate(id, JsonSerializer.Deserialize<ShiftSpec>(spec, JsonSerializerOptions.Web), errors)
               ?? throw new InvalidOperationException($"stored shift {id} no longer validates: {string.Join("; ", errors.Items)}");
    }
}
