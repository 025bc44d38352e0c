using Attendance.Data;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Configuration;

/// <summary>Options bound from configuration and validated at start-up; each message names its key.</summary>
public static class OptionsSetup
{
    public static IServiceCollection AddValidatedOptions(this IServiceCollection services, IConfiguration configuration)
    {
        Add<DatabaseOptions>(services, configuration, DatabaseOptions.Section, o => o.Validate());
        Add<AttendanceOptions>(services, configuration, AttendanceOptions.Section, o => o.Validate());
        Add<SecurityOptions>(services, configuration, SecurityOptions.Section, o => o.Validate());
        Add<ForwardedHeadersSettings>(services, configuration, ForwardedHeadersSettings.Section, o => o.Validate());
        Add<PunchPage.PunchPageOptions>(services, configuration, PunchPage.PunchPageOptions.Section, o => o.Validate());
        Add<AdminConsole.ConsoleOptions>(services, configuration, AdminConsole.ConsoleOptions.Section, o => o.Validate());
        return services;
    }

    /// <summary>For commands that never start the host (migrate): validate the same way, now.</summary>
    public static void ValidateNow<T>(IServiceProvider services)
        where T : class => _ = services.GetRequiredService<IOptions<T>>().Value;

    private static void Add<T>(IServiceCollection services, IConfiguration configuration, string section, Func<T, IEnumerable<string>> validate)
        where T : class
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new Validator<T>(validate));
    }

    private sealed class Validator<T>(Func<T, IEnumerable<string>> validate) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var failures = validate(options).ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
