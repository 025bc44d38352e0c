using System.Security.Cryptography;
using System.Text.Json;
using Attendance.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Configuration;

/// <summary>
/// On the single-process SQLite default, keys left empty are generated once into a file beside the database so a
/// newcomer's first run works. Never in Production, and never for PostgreSQL / SQL Server: several hosts must
/// share the same keys, so those must be configured explicitly.
/// </summary>
public static class SecretProvisioning
{
    public const string FileName = "secrets.json";

    /// <summary>Fills empty keys from the generated file; returns that file's path, or null when nothing was needed.</summary>
    public static string? Apply(ConfigurationManager configuration, IHostEnvironment environment)
    {
        var security = configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        var missing = MissingKeys(security);
        if (missing.Count == 0)
        {
            return null;
        }

        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (environment.IsProduction())
        {
            throw new OptionsValidationException(SecurityOptions.Section, typeof(SecurityOptions),
                [.. missing.Select(k => $"{k} must be set explicitly when ASPNETCORE_ENVIRONMENT=Production.")]);
        }

        if (!DatabaseOptions.TryParseProvider(database.Provider, out var provider) || provider != DatabaseProvider.Sqlite)
        {
            throw new OptionsValidationException(SecurityOptions.Section, typeof(SecurityOptions),
                [.. missing.Select(k => $"{k} must be set explicitly with Database:Provider={database.Provider} (all hosts must share it).")]);
        }

        var path = Path.Combine(DataDirectory(database.ConnectionString), FileName);
        var generated = LoadOrCreate(path);
        var values = new Dictionary<string, string?>();
        if (missing.Contains("Security:SessionSigningKey"))
        {
            values["Security:SessionSigningKey"] = generated.SessionSigningKey;
        }

        if (missing.Contains("Security:DataEncryptionKey"))
        {
            values["Security:DataEncryptionKey"] = generated.DataEncryptionKey;
        }

        if (missing.Contains("Security:AdminKeys"))
        {
            values["Security:AdminKeys:0"] = generated.AdminKey;
        }

        configuration.AddInMemoryCollection(values);
        return path;
    }

    private static List<string> MissingKeys(SecurityOptions s)
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(s.SessionSigningKey))
        {
            missing.Add("Security:SessionSigningKey");
        }

        if (string.IsNullOrWhiteSpace(s.DataEncryptionKey))
        {
            missing.Add("Security:DataEncryptionKey");
        }

        if (s.AdminKeys.All(string.IsNullOrWhiteSpace))
        {
            missing.Add("Security:AdminKeys");
        }

        return missing;
    }

    private static string DataDirectory(string connectionString)
    {
        var source = connectionString.Contains('=', StringComparison.Ordinal)
            ? new SqliteConnectionStringBuilder(connectionString).DataSource
            : connectionString;
        return Path.GetDirectoryName(Path.GetFullPath(source)) ?? Directory.GetCurrentDirectory();
    }

    private static GeneratedSecrets LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return JsonSerializer.Deserialize<GeneratedSecrets>(File.ReadAllText(path))
                   ?? throw new InvalidOperationException($"{path} is empty or not JSON; delete it to generate new keys.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var secrets = new GeneratedSecrets(
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            "adm_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        {
            JsonSerializer.Serialize(stream, secrets);
        }

        return secrets;
    }

    private sealed record GeneratedSecrets(string SessionSigningKey, string DataEncryptionKey, string AdminKey);
}

/// <summary>Where this host's generated keys live, if it generated any (for the start-up warning).</summary>
public sealed record GeneratedSecrets(string? File);
