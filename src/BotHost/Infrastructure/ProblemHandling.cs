using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Attendance.BotHost.Infrastructure;

/// <summary>Turns exceptions into RFC 7807 answers: input errors with their fields, an unreachable store as 503.</summary>
public sealed class ProblemHandling(IProblemDetailsService problems, ILogger<ProblemHandling> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case InputException input:
                problem = new ProblemDetails { Status = input.Status, Title = input.Message };
                if (input.Errors.Count > 0)
                {
                    problem.Extensions["errors"] = input.Errors
                        .GroupBy(e => e.Field, StringComparer.Ordinal)
                        .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
                }

                break;
            case BadHttpRequestException bad:
                problem = new ProblemDetails { Status = bad.StatusCode, Title = "The request could not be read.", Detail = bad.Message };
                break;
            case DbException or TimeoutException:
                logger.LogError(exception, "Store unavailable while handling {Path}", httpContext.Request.Path);
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "The store is unavailable; retry the same request later.",
                };
                httpContext.Response.Headers.RetryAfter = "5";
                break;
            case StoreUnavailableException unavailable:
                logger.LogError(exception, "{Store} while handling {Path}", unavailable.Message, httpContext.Request.Path);
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "The store is unavailable; retry the same request later.",
                };
                httpContext.Response.Headers.RetryAfter = "30";
                break;
            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                return true;
            default:
                logger.LogError(exception, "Unhandled error while handling {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
                problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "An unexpected error occurred." };
                break;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}
