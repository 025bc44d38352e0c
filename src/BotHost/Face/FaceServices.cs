using Attendance.Data.Face;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Face;

public static class FaceServices
{
    /// <summary>Face options (validated at start-up), the shared engine, templates, the punch hook and the background verifier.</summary>
    public static IServiceCollection AddFace(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FaceOptions>().Bind(configuration.GetSection(FaceOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FaceOptions>>(new FaceOptionsValidator());
        services.AddSingleton<FaceRuntime>();
        services.AddSingleton<FaceTemplateStore>();
        services.AddSingleton<FaceComparison>();
        services.AddSingleton<FaceEnrolment>();
        services.AddSingleton<FaceBackgroundQueue>();
        services.AddHostedService<FaceBackgroundVerifier>();
        services.AddSingleton<PunchFaceCheck>();
        return services;
    }

    private sealed class FaceOptionsValidator : IValidateOptions<FaceOptions>
    {
        public ValidateOptionsResult Validate(string? name, FaceOptions options) =>
            options.Validate().ToList() is { Count: > 0 } failures ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
