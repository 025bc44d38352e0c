using Attendance.BotHost.Infrastructure;
using Attendance.Data;
using Attendance.Data.Dialects;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;

namespace Attendance.BotHost.Jobs;

public static class SchedulingServices
{
    /// <summary>
    /// Registers a job under <paramref name="name"/>: triggerable at once through the admin API, and fired by Quartz
    /// on <paramref name="schedule"/> when given (and <c>Scheduling:Enabled</c>).
    /// </summary>
    public static IServiceCollection AddAttendanceJob<TJob>(this IServiceCollection services, string name, JobSchedule? schedule = null)
        where TJob : class, IAttendanceJob
    {
        services.AddScoped<TJob>();
        services.AddSingleton(new JobRegistration(name, typeof(TJob), schedule));
        return services;
    }

    /// <summary>
    /// The job registry, and (unless <c>Scheduling:Enabled</c> is false) Quartz with its AdoJobStore on the configured
    /// database: clustered on PostgreSQL and SQL Server, a single scheduler on SQLite. Shutdown waits for running jobs.
    /// </summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(SchedulingOptions.Section).Get<SchedulingOptions>() ?? new SchedulingOptions();
        if (options.Validate().ToList() is { Count: > 0 } problems)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(SchedulingOptions.Section, typeof(SchedulingOptions), problems);
        }

        services.AddSingleton(options);
        services.TryAddSingleton(HostIdentity.From(configuration["Outbox:HostName"]));
        services.AddSingleton<JobRegistry>();
        if (!options.Enabled)
        {
            return services;
        }

        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (!DatabaseOptions.TryParseProvider(database.Provider, out var provider))
        {
            // Options validation reports the bad provider at start-up; without one there is no store to configure.
            return services;
        }

        var connectionString = ConnectionFactory.NormalizedConnectionString(provider, database.ConnectionString);
        var clustered = SqlDialect.For(provider).SeveralHosts;
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "attendance";
                // Each node of a cluster needs its own id. The literal "AUTO" is the flat-file spelling; as an option it
                // is taken as the id itself, so every node was "AUTO" and the cluster was one node to Quartz (the
                // two-process failover test caught the survivor never taking over). Quartz 4 generates one when asked.
                s.GenerateInstanceId = clustered;
            });
            q.UsePersistentStore(store =>
            {
                // Quartz's own delegate per database (its locking and paging SQL), as our dialects hold ours.
                switch (provider)
                {
                    case DatabaseProvider.Postgres:
                        store.UsePostgres(NpgsqlFactory.Instance, connectionString);
                        break;
                    case DatabaseProvider.SqlServer:
                        store.UseSqlServer(SqlClientFactory.Instance, connectionString);
                        break;
                    default:
                        store.UseSqlite(SqliteFactory.Instance, connectionString);
                        break;
                }

                store.ConfigureStore(s =>
                {
                    s.TablePrefix = "qrtz_";
                    s.StoreJobDataAsStrings = true;
                    s.MisfireThreshold = options.MisfireThreshold;
                });
                if (clustered)
                {
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = options.CheckinInterval;
                        c.CheckinMisfireThreshold = options.CheckinInterval * 2;
                    });
                }
            });
        });
        services.AddSingleton<JobScheduleSetup>();
        services.AddSingleton<SchedulerHost>();
        services.AddHostedService(sp => sp.GetRequiredService<SchedulerHost>());
        return services;
    }
}
