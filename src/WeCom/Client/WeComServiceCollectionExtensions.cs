using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Attendance.WeCom.Client;

public static class WeComServiceCollectionExtensions
{
    public const string HttpClientName = "Attendance.WeCom";

    /// <summary>Registers <see cref="WeComClient"/> bound to a configuration section (normally "WeCom").</summary>
    public static IServiceCollection AddWeComClient(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<WeComOptions>().Bind(section);
        return services.AddWeComClientCore();
    }

    public static IServiceCollection AddWeComClient(this IServiceCollection services, Action<WeComOptions> configure)
    {
        services.AddOptions<WeComOptions>().Configure(configure);
        return services.AddWeComClientCore();
    }

    private static IServiceCollection AddWeComClientCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WeComOptions>, WeComOptionsValidator>());
        services.TryAddSingleton(sp => new WeComAccessTokenCache(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new WeComApiPauses(sp.GetRequiredService<TimeProvider>()));
        // The factory's request logging would print URLs, which carry access_token and robot keys.
        services.AddHttpClient(HttpClientName).RemoveAllLoggers();
        services.TryAddTransient(sp => new WeComClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IOptions<WeComOptions>>().Value,
            sp.GetRequiredService<WeComAccessTokenCache>(),
            sp.GetRequiredService<WeComApiPauses>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<WeComClient>>()));
        return services;
    }

    private sealed class WeComOptionsValidator : IValidateOptions<WeComOptions>
    {
        public ValidateOptionsResult Validate(string? name, WeComOptions options)
        {
            var errors = options.ValidateApi();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
