using System.Data.Common;
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

    /// <summary>Writes all <paramref name="days"/> in one transaction. PostgreSQL takes many rows per statement
    /// (one multi-row upsert per <see cref="BatchRows"/>); SQLite and SQL Server one row per prepared statement.
    /// Parameters are plain values set on a reused command: this is the hot path of finalizing.</summary>
    public Task<int> UpsertManyAsync(IReadOnlyList<DayResult> days, DateTimeOffset computedAt, CancellationToken cancellationToken = default)
    {
        if (days.Count == 0)
        {
            return Task.FromResult(0);
        }

        // Hand-bound on one reused command, not through Dapper: finalizing is the hot path of the days bench
        // (docs/benchmarks.md, "days": 100,000 employee-days stored in 2.4 s on SQLite).
        var batch = factory.Dialect.UpsertRowsPerStatement;
        return factory.InTransactionAsync(async (connection, transaction) =>
        {
            var computed = Instant(computedAt);
            var cache = new FinalAtCache();
            DbCommand? command = null;
            try
            {
                for (var start = 0; start < days.Count; start += batch)
                {
                    var rows = Math.Min(batch, days.Count - start);
                    if (command is null || command.Parameters.Count != rows * Columns.Length)
                    {
                        if (command is not null)
                        {
                            await command.DisposeAsync();
                        }

                        command = Prepare(connection, transaction, rows);
                    }

                    for (var r = 0; r < rows; r++)
                    {
                        Fill(command.Parameters, r * Columns.Length, days[start + r], computed, cache);
                    }

                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
            }
            finally
            {
                if (command is not null)
                {
                    await command.DisposeAsync();
                }
            }

            return days.Count;
        }, cancellationToken);
    }

    private DbCommand Prepare(DbConnection connection, DbTransaction transaction, int rows)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = factory.Dialect.UpsertMany("day_results", ["user_id", "work_date"], Columns, rows);
        for (var r = 0; r < rows; r++)
        {
            foreach (var column in Columns)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@" + Dialects.SqlDialect.RowParameter(column, r, rows);
                command.Parameters.Add(parameter);
            }
        }

        return command;
    }

    private void Fill(DbParameterCollection p, int o, DayResult d, object computed, FinalAtCache cache)
    {
        p[o].Value = d.UserId;
        p[o + 1].Value = Date(d.WorkDate);
        p[o + 2].Value = (object?)d.ShiftId ?? DBNull.Value;
        p[o + 3].Value = KindName(d.Kind);
        p[o + 4].Value = d.StatusName;
        p[o + 5].Value = d.Anomalies == DayAnomalies.None ? "" : string.Join(",", d.AnomalyNames);
        p[o + 6].Value = d.FirstIn is { } i ? Instant(i) : DBNull.Value;
        p[o + 7].Value = d.LastOut is { } t ? Instant(t) : DBNull.Value;
        p[o + 8].Value = d.LateMinutes;
        p[o + 9].Value = d.EarlyLeaveMinutes;
        p[o + 10].Value = d.WorkedMinutes;
        p[o + 11].Value = d.OvertimeMinutes;
        p[o + 12].Value = d.LeaveMinutes;
        p[o + 13].Value = d.MissingPunches;
        p[o + 14].Value = d.PunchesInReview;
        p[o + 15].Value = d.FieldPunches;
        p[o + 16].Value = d.LocationExceptions;
        p[o + 17].Value = d.Employed;
        p[o + 18].Value = d.IsFinal;
        // Most days of a run share their FinalAt (same date, same shift): format it once.
        if (d.FinalAt != cache.At || cache.Text is null)
        {
            cache.At = d.FinalAt;
            cache.Text = Instant(d.FinalAt);
        }

        p[o + 19].Value = cache.Text;
        p[o + 20].Value = computed;
    }

    private object Instant(DateTimeOffset value) => factory.Dialect.InstantValue(value);

    private object Date(DateOnly value) => factory.Dialect.DateValue(value);

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

    private sealed class FinalAtCache
    {
        public DateTimeOffset At { get; set; }

        public object? Text { get; set; }
    }
}
