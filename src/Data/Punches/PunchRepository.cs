using System.Data.Common;
using Attendance.Rules.Punching;
using Dapper;

namespace Attendance.Data.Punches;

/// <summary>
/// Punches and their findings, written together in one transaction (never a punch without its findings), idempotent
/// on (user, client punch id). Extra rows that must commit with the punch (outbox alerts) are added by
/// <c>alongside</c> inside the same transaction.
/// </summary>
public sealed class PunchRepository(ConnectionFactory factory, PunchWindow? window = null) : IDisposable
{
    private readonly PunchGroupCommit? _groupCommit = factory.WriteGate is { } gate ? new PunchGroupCommit(factory, gate, window) : null;
    private readonly string? _insertOrIgnore = factory.Dialect.InsertIgnoreDuplicateReturningId("punches", Columns, ["user_id", "client_punch_id"]);

    private static readonly string[] Columns =
    [
        "user_id", "client_punch_id", "source", "kind", "server_time", "device_time", "capture_time", "work_date", "verdict",
        "risk_score", "message", "latitude", "longitude", "accuracy_meters", "coordinate_system", "fix_key", "wifi_ssid",
        "wifi_bssid", "device_id", "site_id", "distance_meters", "is_field", "is_location_exception", "note", "photo_path",
        "photo_key_id", "payload_hash",
    ];

    /// <summary>The columns a punch is inserted with, in the order of its values (the storm bench's insert floor uses them too).</summary>
    public static IReadOnlyList<string> ColumnNames => Columns;

    /// <summary>The multi-row findings insert for each number of findings, built once.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, (string Sql, string[] Names)> FindingStatements = new();

    private static readonly string SelectColumns =
        "id, decision, " + string.Join(", ", Columns);

    public async Task<PunchInsertResult> InsertAsync(StoredPunch punch,
        Func<DbConnection, DbTransaction, long, Task>? alongside = null, CancellationToken cancellationToken = default)
    {
        try
        {
            // In a group commit the punch belongs to the batch once queued (see PunchGroupCommit): no caller's token.
            return _groupCommit is not null
                ? await _groupCommit.RunAsync(batch => InsertPreparedAsync(batch, punch, alongside), cancellationToken)
                : await factory.InTransactionAsync((connection, transaction) => InsertAsync(connection, transaction, punch, alongside, cancellationToken),
                    cancellationToken);
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

    public void Dispose() => _groupCommit?.Dispose();

    /// <summary>Punches waiting for the SQLite group commit; always 0 on the other databases.</summary>
    internal int QueuedPunches => _groupCommit?.Queued ?? 0;

    /// <summary>SQLite: the batch's statements are prepared once on the writer connection and only rebound here.</summary>
    private async Task<PunchInsertResult> InsertPreparedAsync(PunchBatch batch, StoredPunch punch,
        Func<DbConnection, DbTransaction, long, Task>? alongside)
    {
        var insert = batch.Prepared(_insertOrIgnore!, Columns);
        Bind(insert, ColumnValues(punch));
        if (insert.ExecuteScalar() is not long id)
        {
            return Compare((await LoadOneAsync(batch.Connection, batch.Transaction, punch.UserId, punch.ClientPunchId, CancellationToken.None))!, punch);
        }

        if (punch.Findings.Count > 0)
        {
            var findings = batch.Prepared(FindingsSql(punch.Findings.Count), FindingParameterNames(punch.Findings.Count));
            Bind(findings, FindingValues(id, punch.Findings));
            findings.ExecuteNonQuery();
        }

        if (alongside is not null)
        {
            await alongside(batch.Connection, batch.Transaction!, id);
        }

        return new PunchInsertResult(PunchInsertOutcome.Created, punch with { Id = id });
    }

    private async Task<PunchInsertResult> InsertAsync(DbConnection connection, DbTransaction transaction, StoredPunch punch,
        Func<DbConnection, DbTransaction, long, Task>? alongside, CancellationToken cancellationToken)
    {
        long id;
        if (_insertOrIgnore is not null)
        {
            var inserted = await connection.QuerySingleOrDefaultAsync<long?>(
                new CommandDefinition(_insertOrIgnore, Parameters(Columns, ColumnValues(punch)), transaction, cancellationToken: cancellationToken));
            if (inserted is null)
            {
                return Compare((await LoadOneAsync(connection, transaction, punch.UserId, punch.ClientPunchId, cancellationToken))!, punch);
            }

            id = inserted.Value;
        }
        else
        {
            var existing = await LoadOneAsync(connection, transaction, punch.UserId, punch.ClientPunchId, cancellationToken);
            if (existing is not null)
            {
                return Compare(existing, punch);
            }

            id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(factory.Dialect.InsertReturningId("punches", Columns),
                Parameters(Columns, ColumnValues(punch)), transaction, cancellationToken: cancellationToken));
        }

        if (punch.Findings.Count > 0)
        {
            // All findings in one statement: the punch path pays per statement, not per row.
            await connection.ExecuteAsync(new CommandDefinition(FindingsSql(punch.Findings.Count),
                Parameters(FindingParameterNames(punch.Findings.Count), FindingValues(id, punch.Findings)), transaction,
                cancellationToken: cancellationToken));
        }

        if (alongside is not null)
        {
            await alongside(connection, transaction, id);
        }

        return new PunchInsertResult(PunchInsertOutcome.Created, punch with { Id = id });
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

    public async Task<StoredPunch?> GetByIdAsync(long punchId, CancellationToken cancellationToken = default) =>
        (await QueryAsync("p.id = @punchId", new { punchId }, cancellationToken)).SingleOrDefault();

    /// <summary>
    /// Punches the rules sent to review, of work dates [from, to] (open-ended when null): undecided ones only, decided
    /// ones only, or both (<paramref name="decided"/> null). Callers filter by scope and page; review is the exception,
    /// so these lists stay small.
    /// </summary>
    public Task<IReadOnlyList<StoredPunch>> ListReviewedAsync(bool? decided, DateOnly? from, DateOnly? to, CancellationToken cancellationToken = default)
    {
        var where = "p.verdict = 'review'" + decided switch { true => " AND p.decision IS NOT NULL", false => " AND p.decision IS NULL", _ => "" }
                    + (from is null ? "" : " AND p.work_date >= @from") + (to is null ? "" : " AND p.work_date <= @to");
        return QueryAsync(where, new { from, to }, cancellationToken);
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

    /// <summary>The values of <see cref="Columns"/>, in order.</summary>
    private static object?[] ColumnValues(StoredPunch p) =>
    [
        p.UserId, p.ClientPunchId, p.Source, p.Kind.ToWire(), p.ServerTime, p.DeviceTime, p.CaptureTime, p.WorkDate, p.Verdict.ToWire(),
        p.RiskScore, p.Message, p.Latitude, p.Longitude, p.AccuracyMeters, p.CoordinateSystem, p.FixKey, p.WifiSsid,
        p.WifiBssid, p.DeviceId, p.SiteId, p.DistanceMeters, p.IsField, p.IsLocationException, p.Note, p.PhotoPath,
        p.PhotoKeyId, p.PayloadHash,
    ];

    private static string FindingsSql(int count) => FindingStatements.GetOrAdd(count, BuildFindingStatement).Sql;

    private static string[] FindingParameterNames(int count) => FindingStatements.GetOrAdd(count, BuildFindingStatement).Names;

    private static (string Sql, string[] Names) BuildFindingStatement(int count) => (
        "INSERT INTO punch_findings (punch_id, ordinal, code, severity, message) VALUES " + string.Join(", ",
            Enumerable.Range(0, count).Select(i => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"(@punch_id, {i}, @c{i}, @s{i}, @m{i})"))),
        ["punch_id", .. Enumerable.Range(0, count).SelectMany(i => (string[])[$"c{i}", $"s{i}", $"m{i}"])]);

    private static object?[] FindingValues(long punchId, IReadOnlyList<PunchFinding> findings) =>
        [punchId, .. findings.SelectMany(f => (object?[])[f.Code, f.Severity.ToWire(), f.Message])];

    private static DynamicParameters Parameters(string[] names, object?[] values)
    {
        var parameters = new DynamicParameters();
        for (var i = 0; i < names.Length; i++)
        {
            parameters.Add(names[i], values[i]);
        }

        return parameters;
    }

    private static void Bind(Microsoft.Data.Sqlite.SqliteCommand command, object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = TypeHandlers.DapperTypeHandlers.SqliteValue(values[i]);
        }
    }
}
