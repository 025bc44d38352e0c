namespace Attendance.BotHost.Security;

/// <summary>
/// Every answer under <c>/api</c> (the employee's own data, the admin API and its exports, session tokens) carries
/// <c>Cache-Control: no-store</c> and <c>X-Content-Type-Options: nosniff</c>: personal data is never kept by a browser
/// or proxy cache, and a CSV export is never sniffed into HTML. Set when the answer starts, so errors and 429s carry
/// them too; an endpoint that set its own Cache-Control is overridden.
/// </summary>
public static class PrivateAnswers
{
    public static WebApplication UsePrivateAnswers(this WebApplication app)
    {
        app.Use((http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/api"))
            {
                http.Response.OnStarting(static state =>
                {
                    var response = (HttpResponse)state;
                    response.Headers.CacheControl = "no-store";
                    response.Headers.XContentTypeOptions = "nosniff";
                    return Task.CompletedTask;
                }, http.Response);
            }

            return next(http);
        });
        return app;
    }
}
