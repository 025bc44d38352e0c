using Attendance.Rules.Schedule;
using Dapper;

namespace Attendance.Data.Schedule;

/// <summary>Evaluated days, one row per employee and work date, rewritten whenever the day is evaluated again.</summary>
public sealed class DayResultRepository(ConnectionFactory factory)
{
    private static readonly string[] Columns =
    [
        "user_id", "work_date", "shift_id", "kind", "status", "anomalies", "first_in", "last_out", "late_minutes", "early_leave_minutes",
        "worked_minutes", "overtime_minutes", "leave_minutes", "missing_punches", "punches_in_review", "field_punches",
        "location_exceptions", "employed", "is_final", "final_at", "computed_at",
    ];

    private static readonly string Select = $"SELECT {string.Join(", ", Columns)} FROM day_results";

    /// <summary>Writes all <paramref name="days"/> in one transaction with one prepared statement.</summary>
    public Task<int> UpsertManyAsync(IReadOnlyList<DayResult> days, DateTimeOffset computedAt, CancellationToken cancellationToken = default)
    {
        if (days.Count == 0)
        {
            return Task.FromResult(0);
        }

        var sql = factory.Dialect.Upsert("day_results", ["user_id", "work_date"], Columns);
        return factory.InTransactionAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, days.Select(d => new
            {
                user_id = d.UserId,
                work_date = d.WorkDate,
                shift_id = d.ShiftId,
                kind = KindName(d.Kind),
                status = d.StatusName,
                anomalies = string.Join(",", d.AnomalyNames),
                first_in = d.FirstIn,
                last_out = d.LastOut,
                late_minutes = d.LateMinutes,
                early_leave_minutes = d.EarlyLeaveMinutes,
                worked_minutes = d.WorkedMinutes,
                overtime_minutes = d.OvertimeMinutes,
                leave_minutes = d.LeaveMinutes,
                missing_punches = d.MissingPunches,
                punches_in_review = d.PunchesInReview,
                field_punches = d.FieldPunches,
                location_exceptions = d.LocationExceptions,
                employed = d.Employed,
                is_final = d.IsFinal,
                final_at = d.FinalAt,
                computed_at = computedAt,
            }), transaction, cancellationToken: cancellationToken));
            return days.Count;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<DayResult>> ListForDatesAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        QueryAsync("work_date >= @from AND work_date <= @to", new { from, to }, cancellationToken);

    public Task<IReadOnlyList<DayResult>> ListForUserAsync(string userId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        QueryAsync("user_id = @userId AND work_date >= @from AND work_date <= @to", new { userId, from, to }, cancellationToken);

    public static string KindName(DayKind kind) => kind switch
    {
        DayKind.Workday => "workday",
        DayKind.Holiday => "holiday",
        _ => "rest",
    };

    private async Task<IReadOnlyList<DayResult>> QueryAsync(string where, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DayRow>(new CommandDefinition(
            $"{Select} WHERE {where} ORDER BY work_date, user_id", parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToResult())];
    }

    private sealed class DayRow
    {
        public string UserId { get; init; } = "";

        public DateOnly WorkDate { get; init; }

        public string? ShiftId { get; init; }

        public string Kind { get; init; } = "";

        public string Status { get; init; } = "";

        public string Anomalies { get; init; } = "";

        public DateTimeOffset? FirstIn { get; init; }

        public DateTimeOffset? LastOut { get; init; }

        public int LateMinutes { get; init; }

        public int EarlyLeaveMinutes { get; init; }

        public int WorkedMinutes { get; init; }

        public int OvertimeMinutes { get; init; }

        public int LeaveMinutes { get; init; }

        public int MissingPunches { get; init; }

        public int PunchesInReview { get; init; }

        public int FieldPunches { get; init; }

        public int LocationExceptions { get; init; }

        public bool Employed { get; init; }

        public bool IsFinal { get; init; }

        public DateTimeOffset FinalAt { get; init; }

        public DayResult ToResult()
        {
            var anomalies = DayAnomalies.None;
            foreach (var name in Anomalies.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (DayStatuses.TryParse(name, out var s))
                {
                    anomalies |= s switch
                    {
                        DayStatus.Late => DayAnomalies.Late,
                        DayStatus.SeriousLate => DayAnomalies.SeriousLate,
                        DayStatus.EarlyLeave => DayAnomalies.EarlyLeave,
                        DayStatus.MissingIn => DayAnomalies.MissingIn,
                        DayStatus.MissingOut => DayAnomalies.MissingOut,
                        DayStatus.Absent => DayAnomalies.Absent,
                        _ => DayAnomalies.None,
                    };
                }
            }

            var status = DayStatuses.TryParse(Status, out var parsed) ? parsed : DayStatus.Rest;
            return new DayResult
            {
                UserId = UserId,
                WorkDate = WorkDate,
                ShiftId = ShiftId,
                Kind = Kind switch { "workday" => DayKind.Workday, "holiday" => DayKind.Holiday, _ => DayKind.Rest },
                Status = status,
                Anomalies = anomalies,
                FirstIn = FirstIn,
                LastOut = LastOut,
                LateMinutes = LateMinutes,
                EarlyLeaveMinutes = EarlyLeaveMinutes,
                WorkedMinutes = WorkedMinutes,
                OvertimeMinutes = OvertimeMinutes,
                LeaveMinutes = LeaveMinutes,
                MissingPunches = MissingPunches,
                PunchesInReview = PunchesInReview,
                FieldPunches = FieldPunches,
                LocationExceptions = LocationExceptions,
                Employed = Employed,
                IsFinal = IsFinal,
                FinalAt = FinalAt,
            };
        }
    }
}
