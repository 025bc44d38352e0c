
namespace Attendance.Data.Tests.SqlServer;

/// <summary>
/// No SQL Server runs on this machine or in CI, so the SQL Server migrations and the SQL the SQL Server provider
/// sends are checked with Microsoft's T-SQL parser instead: every file of <c>sql/sqlserver</c>, and every statement the
/// repositories send through a recording connection. The runtime contract (<c>SqlServer*Tests</c> beside the
/// PostgreSQL and SQLite ones) still runs when ATTENDANCE_TEST_SQLSERVER names a server.
/// </summary>
public sealed partial class SqlServerScriptParseTests
{
    /// <summary>Set to a file path to get every harvested statement written there, with the methods that sent it.</summary>
    public const string DumpVariable = "ATTENDANCE_TSQL_DUMP";

    private static readonly Lazy<Task<StatementHarvest>> Harvest = new(StatementHarvest.RunAsync);

    /// <summary>
    /// SQL text in src/Data that the harvest cannot or need not reach: other providers' branches, and one INSERT that
    /// runs only when a write affects a row and the next affects none (the recording connection answers all writes alike).
    /// </summary>
    private static readonly (string File, string Start)[] Unreached =
    [
        ("Punches/PunchReviewRepository.cs", "INSERT INTO punch_review_notes (punch_id, user_id, decision"),
    ];

    public static TheoryData<string> MigrationFiles() => [.. MigrationScripts().Select(p => Path.GetFileName(p))];

    [Theory]
    [MemberData(nameof(MigrationFiles))]
    public void Migration_parses_as_TSql(string file)
    {
        var path = Path.Combine(SqlServerFolder(), file);
        TSqlCheck.Errors($"sql/sqlserver/{file}", File.ReadAllText(path)).Should().BeEmpty();
    }

    [Fact]
    public async Task Every_SqlServer_migration_is_parsed_and_embedded()
    {
        var onDisk = MigrationScripts().Select(p => Path.GetFileName(p)).ToList();
        onDisk.Should().NotBeEmpty();
        var covered = MigrationFiles().Select(row => row.Data).ToList();
        covered.Should().BeEquivalentTo(onDisk, "every sql/sqlserver/*.sql file must go through the parse check");

        await using var factory = new ConnectionFactory(DatabaseProvider.SqlServer, "Server=nowhere;Database=none");
        var embedded = new MigrationRunner(factory).EmbeddedScripts.Select(name => name["sql/sqlserver/".Length..]);
        embedded.Should().BeEquivalentTo(onDisk, "the scripts DbUp runs are the files the parse check read");
    }

    [Fact]
    public async Task Every_statement_the_SqlServer_repositories_send_parses_as_TSql()
    {
        var harvest = await Harvest.Value;
        if (Environment.GetEnvironmentVariable(DumpVariable) is { Length: > 0 } dump)
        {
            await File.WriteAllLinesAsync(dump, harvest.Recorder.Statements.Select(s => $"-- {string.Join(", ", s.Value)}\n{s.Key}\n"),
                TestContext.Current.CancellationToken);
        }

        var problems = harvest.Recorder.Statements
            .SelectMany(s => TSqlCheck.Errors($"[{string.Join(", ", s.Value)}]", s.Key)
                .Select(error => $"{error}\n    {s.Key}"))
            .ToList();
        problems.Should().BeEmpty();
    }

    [Fact]
    public async Task Every_table_and_column_the_statements_name_is_in_the_SqlServer_schema()
    {
        var harvest = await Harvest.Value;
        // The migration journal is DbUp's own (SqlTableJournal creates it with these columns), not a migration's.
        const string journal = "CREATE TABLE dbo.schema_versions (Id int IDENTITY(1,1) NOT NULL, ScriptName nvarchar(255) NOT NULL, Applied datetime NOT NULL);";
        var schema = new SchemaCheck([.. MigrationScripts().Select(File.ReadAllText), journal]);
        schema.Tables.Should().Contain(["punches", "outbox", "employees"]);
        var problems = harvest.Recorder.Statements
            .Where(s => !s.Value.SetEquals([nameof(Dialects.SqlServerDialect)])) // the dialect alone was called on table t
            .SelectMany(s => schema.Problems(s.Key).Select(p => $"[{string.Join(", ", s.Value)}] {p}\n    {s.Key}"))
            .ToList();
        problems.Should().BeEmpty();
    }

    [Fact]
    public void The_schema_check_can_fail()
    {
        var schema = new SchemaCheck(["CREATE TABLE dbo.punches (id bigint NOT NULL, user_id nvarchar(64) NOT NULL);"]);
        schema.Problems("SELECT id, user_id FROM punches WHERE id = @id").Should().BeEmpty();
        schema.Problems("SELECT id, decision FROM punches").Should().ContainSingle().Which.Should().Contain("decision");
        schema.Problems("SELECT id FROM punch_notes").Should().Contain(p => p.Contains("punch_notes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_harvest_reaches_every_repository()
    {
        var harvest = await Harvest.Value;
        var origins = harvest.Recorder.Statements.Values.SelectMany(o => o).ToHashSet(StringComparer.Ordinal);
        var silent = harvest.Called.Where(m => !origins.Contains(m)).ToList();
        harvest.Recorder.Statements.Count.Should().BeGreaterThan(150, "the recording connection should see most of the data layer's SQL");
        silent.Should().BeEmpty("every data method should send at least one statement to the recording connection");
    }

    [Fact]
    public async Task Every_SQL_text_written_in_the_data_layer_is_among_the_harvested_statements()
    {
        var harvest = await Harvest.Value;
        var sent = string.Join("\n", harvest.Recorder.Statements.Keys);
        var source = Path.Combine(Path.GetDirectoryName(SqlServerFolder())!, "..", "src", "Data");
        var missing = new List<string>();
        foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file).Replace('\\', '/');
            // Each dialect's own SQL is recorded through its methods; src/Data/Sqlite and src/Data/Postgres run on theirs only.
            if (relative.StartsWith("Dialects/", StringComparison.Ordinal) || relative.StartsWith("Sqlite/", StringComparison.Ordinal)
                || relative.StartsWith("Postgres/", StringComparison.Ordinal))
            {
                continue;
            }

            var text = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
            foreach (System.Text.RegularExpressions.Match literal in SqlLiteral().Matches(text))
            {
                // The literal up to its first interpolation hole, at most 60 characters, must start some statement's text.
                var start = literal.Groups["sql"].Value[..Math.Min(60, literal.Groups["sql"].Value.Length)];
                if (!sent.Contains(start, StringComparison.Ordinal)
                    && !Unreached.Any(u => u.File == relative && start.StartsWith(u.Start, StringComparison.Ordinal)))
                {
                    missing.Add($"src/Data/{relative}:{text[..literal.Index].Count(c => c == '\n') + 1}: {start}");
                }
            }
        }

        missing.Should().BeEmpty("each SQL text in src/Data should reach the recording connection (or be listed in Unreached with why)");
    }

    [System.Text.RegularExpressions.GeneratedRegex("\"(?<sql>(?:SELECT|UPDATE|INSERT|DELETE|WITH|MERGE|IF) [^\"{]*)")]
    private static partial System.Text.RegularExpressions.Regex SqlLiteral();

    [Fact]
    public void A_broken_statement_is_reported_with_line_and_column()
    {
        const string Broken = "SELECT id\nFROM outbox\nWHERE state = 'pending' LIMIT 10";
        var errors = TSqlCheck.Errors("broken.sql", Broken);
        errors.Should().NotBeEmpty();
        errors.Should().Contain(e => e.StartsWith("broken.sql(3,", StringComparison.Ordinal) && e.Contains("LIMIT", StringComparison.Ordinal));
    }

    [Fact]
    public void Dapper_list_parameters_are_never_parsed_unexpanded()
    {
        TSqlCheck.Errors("in-list", "SELECT id FROM t WHERE id IN @ids").Should().NotBeEmpty(
            "the check would miss nothing only if an unexpanded IN @list fails the parse");
    }

    private static IEnumerable<string> MigrationScripts() =>
        Directory.EnumerateFiles(SqlServerFolder(), "*.sql").Order(StringComparer.Ordinal);

    private static string SqlServerFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "sql", "sqlserver");
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(directory.FullName, "Attendance.sln")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"sql/sqlserver not found above {AppContext.BaseDirectory}");
    }
}
