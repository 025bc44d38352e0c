using Attendance.Data.Repositories;
using Attendance.Rules.Calendar;
using Dapper;

namespace Attendance.Data.Schedule;

/// <summary>HR's overrides of the shipped calendar (<see cref="WorkCalendar.China"/> puts them on top of the seed).</summary>
public sealed class CalendarRepository(ConnectionFactory factory, TimeProvider time) : ChangeCountingRepository
{
    private static readonly string[] Columns = ["calendar_date", "kind", "name", "updated_at"];

    public Task<UpsertOutcome> UpsertAsync(CalendarDay day, string actor, CancellationToken cancellationToken = default) =>
        CountedAsync(factory.InTransactionAsync(async (connection, transaction) =>
        {
            var existing = await connection.QuerySingleOrDefaultAsync<CalendarRow>(new CommandDefinition(
                "SELECT calendar_date, kind, name FROM calendar_days WHERE calendar_date = @date", new { date = day.Date }, transaction,
                cancellationToken: cancellationToken));
            var kind = CalendarDayValidator.KindName(day.Kind);
            if (existing is not null && existing.Kind == kind && existing.Name == day.Name)
            {
                return UpsertOutcome.Unchanged;
            }

            var now = time.GetUtcNow();
            await connection.ExecuteAsync(factory.Dialect.Upsert("calendar_days", ["calendar_date"], Columns),
                new { calendar_date = day.Date, kind, name = day.Name, updated_at = now }, transaction);
            var outcome = existing is null ? UpsertOutcome.Created : UpsertOutcome.Updated;
            await AuditRepository.AppendAsync(connection, transaction, now, actor, "calendar.set", "calendar_day",
                day.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), DataJson.Serialize(new { kind, day.Name }));
            return outcome;
        }, cancellationToken));

    /// <summary>Removes HR's override of <paramref name="date"/> (the shipped calendar applies again); false when there was none.</summary>
    public Task<bool> DeleteAsync(DateOnly date, string actor, CancellationToken cancellationToken = default) =>
        CountedAsync(factory.InTransactionAsync(async (connection, transaction) =>
        {
            var existing = await connection.QuerySingleOrDefaultAsync<CalendarRow>(new CommandDefinition(
                "SELECT calendar_date, kind, name FROM calendar_days WHERE calendar_date = @date", new { date }, transaction,
                cancellationToken: cancellationToken));
            if (existing is null)
            {
                return false;
            }

            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM calendar_days WHERE calendar_date = @date", new { date }, transaction,
                cancellationToken: cancellationToken));
            await AuditRepository.AppendAsync(connection, transaction, time.GetUtcNow(), actor, "calendar.delete", "calendar_day",
                date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), DataJson.Serialize(new { existing.Kind, existing.Name }));
            return true;
        }, cancellationToken));

    public async Task<IReadOnlyList<CalendarDay>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CalendarRow>(new CommandDefinition(
            "SELECT calendar_date, kind, name FROM calendar_days ORDER BY calendar_date", cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToDay())];
    }

    /// <summary>The shipped China calendar with every stored override on top.</summary>
    public async Task<WorkCalendar> LoadCalendarAsync(CancellationToken cancellationToken = default) =>
        WorkCalendar.China(await ListAsync(cancellationToken));

    private sealed class CalendarRow
    {
        public DateOnly CalendarDate { get; init; }

        public string Kind { get; init; } = "";

        public string Name { get; init; } = "";

        public CalendarDay ToDay() => new(CalendarDate, Kind switch
        {
            "holiday" => CalendarEntryKind.Holiday,
            "workday" => CalendarEntryKind.Workday,
            _ => CalendarEntryKind.Rest,
        }, Name);
    }
}
