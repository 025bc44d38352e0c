using System.Data.Common;
using System.Globalization;
using Attendance.Rules.Directory;
using Attendance.Rules.Punching;
using Dapper;

namespace Attendance.Data.Schedule;

/// <summary>The fields of a punch the day evaluation needs (no findings, no photo): cheap to load for everyone.</summary>
public sealed record DayPunchRecord(
    long Id,
    string UserId,
    PunchKind Kind,
    DateTimeOffset CaptureTime,
    DateOnly WorkDate,
    PunchVerdict Verdict,
    string? Decision,
    bool IsField,
    bool IsLocationException,
    string Source)
{
    public bool Counts => Decision == Punches.PunchDecisions.Approved || (Verdict == PunchVerdict.Accepted && Decision != Punches.PunchDecisions.Rejected);

    public bool AwaitsReview => Verdict == PunchVerdict.Review && Decision is null;
}

/// <summary>Bulk reads for day evaluation: one query per table for a whole date range, never one per employee.</summary>
public sealed class DayInputRepository(ConnectionFactory factory)
{
    private static readonly string[] InstantFormats = ["yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "o"];

    /// <summary>Employees who may have a working day in [from, to]: active ones, and inactive ones who left on or
    /// after <paramref name="from"/>. With <paramref name="userId"/>, only that employee.</summary>
    public async Task<IReadOnlyList<Employee>> ListEmployeesAsync(DateOnly from, string? userId = null, CancellationToken cancellationToken = default)
    {
        var where = userId is null ? "(e.active = @active OR e.left_on >= @from)" : "e.user_id = @userId";
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<EmployeeRow>(new CommandDefinition(
            $"SELECT e.user_id, e.name, e.main_department_id, e.active, e.joined_on, e.left_on FROM employees e WHERE {where} ORDER BY e.user_id",
            new { active = true, from, userId }, cancellationToken: cancellationToken));
        var departments = (await connection.QueryAsync<(string UserId, long DepartmentId)>(new CommandDefinition(
                $"SELECT x.user_id, x.department_id FROM employee_departments x JOIN employees e ON e.user_id = x.user_id WHERE {where} ORDER BY x.department_id",
                new { active = true, from, userId }, cancellationToken: cancellationToken)))
            .ToLookup(x => x.UserId, x => x.DepartmentId);
        return [.. rows.Select(r => new Employee(r.UserId, r.Name, [.. departments[r.UserId]], r.MainDepartmentId, [], r.Active, [Role.Employee], r.JoinedOn, r.LeftOn))];
    }

    /// <summary>Punches of work dates [from, to], in no particular order (callers group and sort). Read with a plain data reader: this is the
    /// largest input of a finalize run (every punch of the company for the dates); docs/benchmarks.md, "days", has the
    /// figure it keeps (100,000 employee-days read, evaluated and stored in 2.4 s).</summary>
    public async Task<IReadOnlyList<DayPunchRecord>> ListPunchesAsync(DateOnly from, DateOnly to, string? userId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, user_id, kind, capture_time, work_date, verdict, decision, is_field, is_location_exception, source FROM punches " +
                              "WHERE work_date >= @from AND work_date <= @to" + (userId is null ? "" : " AND user_id = @userId");
        Add(command, "@from", DateParameter(from));
        Add(command, "@to", DateParameter(to));
        if (userId is not null)
        {
            Add(command, "@userId", userId);
        }

        var list = new List<DayPunchRecord>();
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var user = reader.GetString(1);
            if (!users.TryGetValue(user, out var shared))
            {
                users[user] = shared = user;
            }

            list.Add(new DayPunchRecord(
                reader.GetInt64(0),
                shared,
                reader.GetString(2) switch { "in" => PunchKind.In, "out" => PunchKind.Out, _ => PunchKind.Auto },
                ReadInstant(reader.GetValue(3)),
                ReadDate(reader.GetValue(4)),
                reader.GetString(5) switch { "accepted" => PunchVerdict.Accepted, "review" => PunchVerdict.Review, _ => PunchVerdict.Rejected },
                reader.IsDBNull(6) ? null : reader.GetString(6),
                Convert.ToBoolean(reader.GetValue(7), CultureInfo.InvariantCulture),
                Convert.ToBoolean(reader.GetValue(8), CultureInfo.InvariantCulture),
                reader.GetString(9)));
        }

        return list;
    }

    private object DateParameter(DateOnly date) => factory.Dialect.DateValue(date);

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static DateTimeOffset ReadInstant(object value) => value switch
    {
        string { Length: 28 } s when s[10] == 'T' && s[27] == 'Z' && TryParseStored(s, out var fast) => fast,
        string s => DateTimeOffset.ParseExact(s, InstantFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        DateTimeOffset o => o.ToUniversalTime(),
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        _ => throw new InvalidOperationException($"cannot read an instant from {value.GetType().Name}"),
    };

    /// <summary>The exact text the type handler writes on SQLite (<c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>), read without
    /// the general parser: a finalize run reads every punch of the company.</summary>
    private static bool TryParseStored(string s, out DateTimeOffset value)
    {
        value = default;
        int year = Digits(s, 0, 4), month = Digits(s, 5, 2), day = Digits(s, 8, 2), hour = Digits(s, 11, 2), minute = Digits(s, 14, 2),
            second = Digits(s, 17, 2), fraction = Digits(s, 20, 7);
        if ((year | month | day | hour | minute | second | fraction) < 0 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fraction), TimeSpan.Zero);
        return true;
    }

    private static int Digits(string s, int start, int count)
    {
        var n = 0;
        for (var i = start; i < start + count; i++)
        {
            var d = s[i] - '0';
            if (d is < 0 or > 9)
            {
                return -1;
            }

            n = (n * 10) + d;
        }

        return n;
    }

    private static DateOnly ReadDate(object value) => value switch
    {
        string s => DateOnly.ParseExact(s.Length > 10 ? s[..10] : s, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateOnly d => d,
        DateTime d => DateOnly.FromDateTime(d),
        _ => throw new InvalidOperationException($"cannot read a date from {value.GetType().Name}"),
    };

    private sealed class EmployeeRow
    {
        public string UserId { get; init; } = "";

        public string Name { get; init; } = "";

        public long MainDepartmentId { get; init; }

        public bool Active { get; init; }

        public DateOnly? JoinedOn { get; init; }

        public DateOnly? LeftOn { get; init; }
    }
}
