using Attendance.BotHost.Admin;
using Attendance.BotHost.AdminConsole;
using Attendance.BotHost.Bot;
using Attendance.BotHost.Configuration;
using Attendance.BotHost.Demo;
using Attendance.BotHost.Digests;
using Attendance.BotHost.Face;
using Attendance.BotHost.Health;
using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Jobs;
using Attendance.BotHost.Outbox;
using Attendance.BotHost.Privacy;
using Attendance.BotHost.Days;
using Attendance.BotHost.Punching;
using Attendance.BotHost.Reviews;
using Attendance.BotHost.PunchPage;
using Attendance.BotHost.Security;
using Attendance.BotHost.Sessions;
using Attendance.BotHost.WeComCallback;
using Attendance.WeCom;
using Attendance.WeCom.Client;
using Attendance.Data;
using Attendance.Data.Migrations;
using Attendance.Data.Repositories;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost;

/// <summary>Composition root. <c>migrate</c> applies migrations and exits; <c>--demo</c> seeds a demo company.</summary>
public static class HostProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        var migrateOnly = args.Length > 0 && args[0] == "migrate";
        var demo = args.Contains("--demo");
        var hostArgs = args.Where(a => a != "--demo").Skip(migrateOnly ? 1 : 0).ToArray();
        WebApplication app;
        try
        {
            app = Build(hostArgs, demo, provisionSecrets: !migrateOnly);
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync("Configuration is invalid:\n  " + string.Join("\n  ", e.Failures));
            return 2;
        }

        await using (app)
        {
            try
            {
                if (migrateOnly)
                {
                    OptionsSetup.ValidateNow<DatabaseOptions>(app.Services);
                    app.Services.GetRequiredService<SqliteSingleHost>().Acquire();
                    var result = await app.Services.GetRequiredService<MigrationRunner>().MigrateAsync();
                    Console.WriteLine($"Applied {result.Applied.Count} migration(s){(result.Applied.Count > 0 ? ": " + string.Join(", ", result.Applied) : "")}.");
                    return 0;
                }

                await PrepareAsync(app, demo);
                await app.RunAsync();
                return 0;
            }
            catch (Exception e) when (ConfigurationFailures(e) is { } failures)
            {
                await Console.Error.WriteLineAsync("Configuration is invalid:\n  " + string.Join("\n  ", failures));
                return 2;
            }
            catch (Data.Sqlite.SqliteHostLockedException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 3;
            }
        }
    }

    /// <summary>The messages of options validation failures (start-up aggregates them), or null for other errors.</summary>
    public static IReadOnlyList<string>? ConfigurationFailures(Exception e) => e switch
    {
        OptionsValidationException o => [.. o.Failures],
        AggregateException a when a.InnerExceptions.All(i => i is OptionsValidationException) =>
            [.. a.InnerExceptions.Cast<OptionsValidationException>().SelectMany(o => o.Failures)],
        _ => null,
    };

    /// <summary>Builds the host; tests call this with their own arguments and start it on a free port.</summary>
    public static WebApplication Build(string[] args, bool demo = false, bool provisionSecrets = true)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        AddRootSettingsFallback(builder);
        if (demo)
        {
            builder.Configuration.AddInMemoryCollection([new("Security:DevLogin", "true")]);
        }

        // Only here, only under --demo: WeCom's stand-in, when no real corp is configured.
        var demoWeCom = demo ? DemoWeCom.StartIfUnconfigured(builder.Configuration) : null;

        var generatedSecrets = provisionSecrets ? SecretProvisioning.Apply(builder.Configuration, builder.Environment) : null;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
        });

        var services = builder.Services;
        services.AddValidatedOptions(builder.Configuration);
        // Read now (the middleware is added only when on); the values are validated at start with the other options.
        var forwarded = ForwardedHeadersSettings.From(builder.Configuration);
        services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(forwarded.Apply);
        services.AddSingleton(new GeneratedSecrets(generatedSecrets));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<CompanyClock>();
        services.AddAttendanceData(sp => sp.GetRequiredService<IOptions<DatabaseOptions>>().Value,
            sp => sp.GetRequiredService<IOptions<PunchingOptions>>().Value.HistoryWindowMaxPunches);
        services.AddSingleton<SqliteSingleHost>();
        services.AddSingleton<Health.WriteProbe>();
        services.AddSingleton<DemoSeeder>();
        services.AddSingleton<DemoHistory>();
        if (demoWeCom is not null)
        {
            services.AddSingleton(_ => demoWeCom);
            services.AddHostedService<DemoWeComJournal>();
        }

        services.AddTelemetry(builder.Configuration);
        services.AddSingleton<AdminAuthentication>();
        services.AddSessions();
        services.AddSchedule(builder.Configuration);
        services.AddPunching(builder.Configuration);
        services.AddFace(builder.Configuration);
        services.AddPunchPage();
        services.AddWeComClient(builder.Configuration.GetSection(WeComOptions.SectionName));
        services.AddSingleton(new WeComSettings(builder.Configuration.GetSection(WeComOptions.SectionName).Get<WeComOptions>() ?? new WeComOptions()));
        services.AddSingleton<CallbackQueue>();
        services.AddBot();
        services.AddReviews();
        services.AddHostedService<CallbackDispatcher>();
        services.AddHostedService<CallbackDedupePurger>();
        services.AddOutbox(builder.Configuration);
        services.AddScheduling(builder.Configuration);
        services.AddOperationsJobs(builder.Configuration);
        services.AddDigests(builder.Configuration);
        services.ConfigureHttpJsonOptions(o => JsonSetup.Configure(o.SerializerOptions));
        services.AddProblemDetails();
        services.AddApiDocs();
        services.AddExceptionHandler<ProblemHandling>();

        var app = builder.Build();
        if (forwarded.Enabled)
        {
            app.UseForwardedHeaders();
        }

        app.UsePrivateAnswers();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UsePunching();
        // Built once: each feature maps its routes, from its own route table, into these groups.
        var groups = ApiGroups.Create(app);
        groups.MapHealthApi();
        var (document, reference) = ApiDocs.Settings(app.Configuration, demo, app.Environment.IsDevelopment());
        groups.MapApiDocs(document, reference);
        groups.MapWeComCallbackApi();
        groups.MapSessionApi(devLogin: app.Configuration.GetValue<bool>("Security:DevLogin"));
        groups.MapPunchApi();
        groups.MapPunchPageApi();
        groups.MapAdminConsole();
        groups.MapAdminSessionApi();
        groups.MapConsentApi();
        groups.MapReviewApi();
        groups.MapDayApi();
        groups.MapScheduleApi();
        groups.MapLeaveApi();
        groups.MapFaceApi();
        groups.MapDirectoryApi();
        groups.MapPersonalDataApi();
        groups.MapSiteApi();
        groups.MapJobApi();
        groups.MapOutboxApi();
        if (demoWeCom is not null)
        {
            groups.MapDemoApi();
        }

        return app;
    }

    /// <summary>Migrations (when configured), demo data, and the start-up notes an operator needs.</summary>
    public static async Task PrepareAsync(WebApplication app, bool demo)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Attendance.Startup");
        // Before anything touches the file: a second host on one SQLite database is refused here.
        app.Services.GetRequiredService<SqliteSingleHost>().Acquire();
        var database = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (database.MigrateOnStart)
        {
            var result = await app.Services.GetRequiredService<MigrationRunner>().MigrateAsync();
            logger.LogInformation("Database {Provider} migrated ({Count} script(s) applied)", database.Provider, result.Applied.Count);
        }

        var wecom = app.Services.GetRequiredService<WeComSettings>().Value;
        if (wecom.ValidateApi().Concat(wecom.ValidateCallback()).Distinct().ToList() is { Count: > 0 } missing)
        {
            logger.LogWarning("WeCom is not configured ({Problems}); the callback answers 503 and nothing is sent to WeCom", string.Join("; ", missing));
        }

        if (app.Services.GetRequiredService<GeneratedSecrets>().File is { } file)
        {
            logger.LogWarning("Security keys were not configured; using keys generated in {File} (not for production)", file);
        }

        if (demo)
        {
            await app.Services.GetRequiredService<DemoSeeder>().SeedAsync();
            var simulator = app.Services.GetService<DemoWeCom>();
            if (simulator is not null)
            {
                await simulator.MirrorDirectoryAsync(app.Services.GetRequiredService<DepartmentRepository>(), app.Services.GetRequiredService<EmployeeRepository>());
            }

            var key = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.AdminKeys[0];
            var guide = await DemoGuide.WriteAsync(app.Services, key, simulator is not null);
            // Printed on purpose, to the console only: the demo's operator needs the admin key to call the admin API.
            app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine(guide(DemoGuide.Addresses(app))));
        }

        // SQLite: the anti-cheat history of the last 90 days into memory before the first punch (a no-op elsewhere).
        await app.Services.GetRequiredService<Data.Sqlite.PunchWindow>().LoadAsync();
    }

    private static void AddRootSettingsFallback(WebApplicationBuilder builder)
    {
        // The one appsettings.json lives at the repository root; when the host runs from elsewhere, use the copy
        // linked into the build output. Inserted first so environment variables and arguments still override it.
        if (!File.Exists(Path.Combine(builder.Environment.ContentRootPath, "appsettings.json")))
        {
            var fallback = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
            if (File.Exists(fallback))
            {
                builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
                {
                    Path = fallback,
                    Optional = true,
                    FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory),
                });
            }
        }
    }
}
