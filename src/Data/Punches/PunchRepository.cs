using System.Data.Common;
using Attendance.Rules.Punching;
using Dapper;

namespace Attendance.Data.Punches;

/// <summary>
/// Punches and their findings, written together in one transaction (never a punch without its findings), idempotent
/// on (user, client punch id). Extra rows that must commit with the punch (outbox alerts) are added by
/// <c>alongside</c> inside the same transaction.
/// </summary>
public sealed class PunchRepository(ConnectionFactory factory)
{
    private readonly PunchGroupCommit? _groupCommit = factory.WriteGate is { } gate ? new PunchGroupCommit(factory, gate) : null;
    private readonly string? _insertOrIgnore = factory.Dialect.InsertIgnoreDuplicateReturningId("punches", Columns, ["user_id", "client_punch_id"]);

    private static readonly string[] Columns =
    [
        "user_id", "client_punch_id", "source", "kind", "server_time", "device_time", "capture_time", "work_date", "verdict",
        "risk_score", "message", "latitude", "longitude", "accuracy_meters", "coordinate_system", "fix_key", "wifi_ssid",
        "wifi_bssid", "device_id", "site_id", "distance_meters", "is_field", "is_location_exception", "note", "photo_path",
        "photo_key_id", "payload_hash",
    ];

    private static readonly string SelectColumns =
        "id, decision, " + string.Join(", ", Columns);

    public async Task<PunchInsertResult> InsertAsync(StoredPunch punch,
        Func<DbConnection, DbTransaction, long, Task>? alongside = null, CancellationToken cancellationToken = default)
    {
        try
        {
            // In a group commit the punch belongs to the batch once queued (see PunchGroupCommit): no caller's token.
            var token = _groupCommit is null ? cancellationToken : CancellationToken.None;
            Func<DbConnection, DbTransaction, Task<PunchInsertResult>> work = async (connection, transaction) =>
            {
                long id;
                if (_insertOrIgnore is not null)
                {
                    var inserted = await connection.QuerySingleOrDefaultAsync<long?>(
                        new CommandDefinition(_insertOrIgnore, Parameters(punch), transaction, cancellationToken: token));
                    if (inserted is null)
                    {
                        return Compare((await LoadOneAsync(connection, transaction, punch.UserId, punch.ClientPunchId, token))!, punch);
                    }

                    id = inserted.Value;
                }
                else
                {
                    var existing = await LoadOneAsync(connection, transaction, punch.UserId, punch.ClientPunchId, token);
                    if (existing is not null)
                    {
                        return Compare(existing, punch);
                    }

                    id = await connection.ExecuteScalarAsync<long>(factory.Dialect.InsertReturningId("punches", Columns), Parameters(punch), transaction);
                }

                await InsertFindingsAsync(connection, transaction, id, punch.Findings, token);
                if (alongside is not null)
                {
                    await alongside(connection, transaction, id);
                }

                return new PunchInsertResult(PunchInsertOutcome.Created, punch with { Id = id });
            };
            return _groupCommit is not null
                ? await _groupCommit.RunAsync(work, cancellationToken)
                : await factory.InTransactionAsync(work, cancellationToken);
        }
        catch (DbException)
        {
            // Two submissions of one id raced past the existence check; the unique index let one in.
            var raced = await GetAsync(punch.UserId, punch.ClientPunchId, cancellationToken);
            if (raced is null)
            {
                throw;
            }

            return Compare(raced, punch);
        }
    }

    public async Task<StoredPunch?> GetAsync(string userId, string clientPunchId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await LoadOneAsync(connection, null, userId, clientPunchId, cancellationToken);
    }

    /// <summary>One employee's punches of one work date, oldest first.</summary>
    public Task<IReadOnlyList<StoredPunch>> ListForUserAsync(string userId, DateOnly workDate, CancellationToken cancellationToken = default) =>
        QueryAsync("p.user_id = @userId AND p.work_date = @workDate", new { userId, workDate }, cancellationToken);

    /// <summary>Everyone's punches of a range of work dates (day evaluation, reports), by user then time.</summary>
    public Task<IReadOnlyList<StoredPunch>> ListForWorkDatesAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        QueryAsync("p.work_date >= @from AND p.work_date <= @to", new { from, to }, cancellationToken);

    /// <summary>Records a reviewer's decision on a punch in review; false when it is not awaiting review.</summary>
    public async Task<bool> DecideAsync(long punchId, string decision, string decidedBy, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE punches SET decision = @decision, decided_by = @decidedBy, decided_at = @at WHERE id = @punchId AND verdict = 'review' AND decision IS NULL",
            new { punchId, decision, decidedBy, at }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>All findings of a punch in one statement: the punch path pays per statement, not per row.</summary>
    private static async Task InsertFindingsAsync(DbConnection connection, DbTransaction transaction, long punchId, IReadOnlyList<PunchFinding> findings,
        CancellationToken cancellationToken)
    {
        if (findings.Count == 0)
        {
            return;
        }

        var parameters = new DynamicParameters();
        parameters.Add("punch_id", punchId);
        var rows = new string[findings.Count];
        for (var i = 0; i < findings.Count; i++)
        {
            var n = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            rows[i] = $"(@punch_id, {n}, @c{n}, @s{n}, @m{n})";
            parameters.Add("c" + n, findings[i].Code);
            parameters.Add("s" + n, findings[i].Severity.ToWire());
            parameters.Add("m" + n, findings[i].Message);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO punch_findings (punch_id, ordinal, code, severity, message) VALUES " + string.Join(", ", rows),
            parameters, transaction, cancellationToken: cancellationToken));
    }

    private static PunchInsertResult Compare(StoredPunch existing, StoredPunch attempted) =>
        new(existing.PayloadHash == attempted.PayloadHash ? PunchInsertOutcome.Replayed : PunchInsertOutcome.Conflict, existing);

    private static async Task<StoredPunch?> LoadOneAsync(DbConnection connection, DbTransaction? transaction, string userId, string clientPunchId,
        CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<PunchRow>(new CommandDefinition(
            $"SELECT {SelectColumns} FROM punches WHERE user_id = @userId AND client_punch_id = @clientPunchId",
            new { userId, clientPunchId }, transaction, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var findings = await connection.QueryAsync<FindingRow>(new CommandDefinition(
            "SELECT punch_id, code, severity, message FROM punch_findings WHERE punch_id = @id ORDER BY ordinal",
            new { id = row.Id }, transaction, cancellationToken: cancellationToken));
        return row.ToPunch([.. findings.Select(f => f.ToFinding())]);
    }

    private async Task<IReadOnlyList<StoredPunch>> QueryAsync(string where, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<PunchRow>(new CommandDefinition(
            $"SELECT {string.Join(", ", SelectColumns.Split(", ").Select(c => "p." + c))} FROM punches p WHERE {where} ORDER BY p.user_id, p.capture_time, p.id",
            parameters, cancellationToken: cancellationToken))).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        var findings = (await connection.QueryAsync<FindingRow>(new CommandDefinition(
                $"SELECT f.punch_id, f.code, f.severity, f.message FROM punch_findings f JOIN punches p ON p.id = f.punch_id WHERE {where} ORDER BY f.punch_id, f.ordinal",
                parameters, cancellationToken: cancellationToken)))
            .ToLookup(f => f.PunchId, f => f.ToFinding());
        return [.. rows.Select(r => r.ToPunch([.. findings[r.Id]]))];
    }

    private static object Parameters(StoredPunch p) => new
    {
        user_id = p.UserId,
        client_punch_id = p.ClientPunchId,
        source = p.Source,
        kind = p.Kind.ToWire(),
        server_time = p.ServerTime,
        device_time = p.DeviceTime,
        capture_time = p.CaptureTime,
        work_date = p.WorkDate,
        verdict = p.Verdict.ToWire(),
        risk_score = p.RiskScore,
        message = p.Message,
        latitude = p.Latitude,
        longitude = p.Longitude,
        accuracy_meters = p.AccuracyMeters,
        coordinate_system = p.CoordinateSystem,
        fix_key = p.FixKey,
        wifi_ssid = p.WifiSsid,
        wifi_bssid = p.WifiBssid,
        device_id = p.DeviceId,
        site_id = p.SiteId,
        distance_meters = p.DistanceMeters,
        is_field = p.IsField,
        is_location_exception = p.IsLocationException,
        note = p.Note,
        photo_path = p.PhotoPath,
        photo_key_id = p.PhotoKeyId,
        payload_hash = p.PayloadHash,
    };
}
