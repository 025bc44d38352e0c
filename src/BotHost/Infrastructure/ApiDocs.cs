using Scalar.AspNetCore;

namespace Attendance.BotHost.Infrastructure;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and, when enabled, the interactive reference at <c>/docs</c>.</summary>
public static class ApiDocs
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddApiDocs(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName);
        return services;
    }

    public static WebApplication MapApiDocs(this WebApplication app, bool reference)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        if (reference)
        {
            app.MapScalarApiReference("/docs");
        }

        return app;
    }
}
