using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.WeComCallback;
using Attendance.Data.Outbox;
using Attendance.WeCom.Client;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Attendance.BotHost.Outbox;

public static class OutboxServices
{
    /// <summary>The outbox store, sender and (when <c>Outbox:Enabled</c>) its background loop; digests publish through it.</summary>
    public static IServiceCollection AddOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(OutboxOptions.Section).Get<OutboxOptions>() ?? new OutboxOptions();
        if (options.Validate().ToList() is { Count: > 0 } problems)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(OutboxOptions.Section, typeof(OutboxOptions), problems);
        }

        services.AddSingleton(options);
        services.TryAddSingleton(HostIdentity.From(options.HostName));
        services.AddSingleton(sp => new OutboxSender(
            sp.GetRequiredService<OutboxDeliveryRepository>(), options, sp.GetRequiredService<WeComSettings>(),
            sp.GetRequiredService<WeComClient>, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<OutboxSender>>(),
            sp.GetRequiredService<HostIdentity>()));
        services.AddSingleton<Digests.DigestPublisher>();
        if (options.Enabled)
        {
            services.AddHostedService<OutboxBackgroundService>();
        }

        return services;
    }
}
