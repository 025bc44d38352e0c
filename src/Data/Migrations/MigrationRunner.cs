using System.Reflection;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using DbUp.Engine.Output;

namespace Attendance.Data.Migrations;

/// <summary>
/// Applies the embedded <c>sql/&lt;provider&gt;/NNNN_*.sql</c> scripts in name order, journalled in
/// <c>schema_versions</c>. Scripts are additive and idempotent, so re-running or a rolling deploy is safe.
/// </summary>
public sealed class MigrationRunner(ConnectionFactory factory, IUpgradeLog? log = null)
{
    private static readonly Assembly ScriptAssembly = typeof(MigrationRunner).Assembly;

    public static string FolderOf(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => "sqlite",
        DatabaseProvider.Postgres => "postgres",
        _ => "sqlserver",
    };

    /// <summary>The script names this build carries for the provider, in the order they run.</summary>
    public IReadOnlyList<string> EmbeddedScripts =>
        [.. ScriptAssembly.GetManifestResourceNames().Where(IsOurs).Order(StringComparer.Ordinal)];

    public async Task<MigrationResult> MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (factory.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers and the single writer proceed together; the setting persists in the file.
            await using var connection = await factory.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL;";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (factory.Provider == DatabaseProvider.Postgres)
        {
            EnsureDatabase.For.PostgresqlDatabase(factory.ConnectionString, log ?? new NoOpUpgradeLog());
        }
        else if (factory.Provider == DatabaseProvider.SqlServer)
        {
            EnsureDatabase.For.SqlDatabase(factory.ConnectionString, log ?? new NoOpUpgradeLog());
        }

        var result = Build().PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException(
                $"Migration {result.ErrorScript?.Name ?? "(unknown)"} failed: {result.Error?.Message}", result.Error);
        }

        return new MigrationResult([.. result.Scripts.Select(s => s.Name)]);
    }

    /// <summary>The scripts not yet journalled; empty when the schema is current.</summary>
    public IReadOnlyList<string> PendingScripts() =>
        [.. Build().GetScriptsToExecute().Select(s => s.Name)];

    private UpgradeEngine Build()
    {
        UpgradeEngineBuilder builder = factory.Provider switch
        {
            DatabaseProvider.Sqlite => DeployChanges.To.SqliteDatabase(factory.ConnectionString),
            DatabaseProvider.Postgres => DeployChanges.To.PostgresqlDatabase(factory.ConnectionString),
            _ => DeployChanges.To.SqlDatabase(factory.ConnectionString),
        };
        return builder
            .WithScriptsEmbeddedInAssembly(ScriptAssembly, IsOurs)
            .WithTransactionPerScript()
            .JournalToTable(factory.Provider, "schema_versions")
            .LogTo(log ?? new NoOpUpgradeLog())
            .Build();
    }

    private bool IsOurs(string resourceName) =>
        resourceName.StartsWith($"sql/{FolderOf(factory.Provider)}/", StringComparison.Ordinal)
        && resourceName.EndsWith(".sql", StringComparison.Ordinal);
}

public sealed record MigrationResult(IReadOnlyList<string> Applied);

internal static class JournalExtensions
{
    public static UpgradeEngineBuilder JournalToTable(this UpgradeEngineBuilder builder, DatabaseProvider provider, string table) =>
        provider switch
        {
            DatabaseProvider.Sqlite => builder.JournalToSqliteTable(table),
            DatabaseProvider.Postgres => builder.JournalToPostgresqlTable("public", table),
            _ => builder.JournalToSqlTable("dbo", table),
        };
}
