using Attendance.BotHost.Infrastructure;
using Attendance.Data.Repositories;
using Attendance.WeCom;
using Attendance.WeCom.Callback;

namespace Attendance.BotHost.WeComCallback;

/// <summary>
/// <c>GET|POST /wecom/callback</c>: URL verification and encrypted messages/events. Order of checks: size, query,
/// timestamp window, signature (constant time), decryption with padding/length/receiveid checks, XML without DTDs,
/// dedupe, queue; then 200 with an empty body well inside WeCom's 5 s deadline.
/// </summary>
public static class CallbackEndpoints
{
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>WeCom retries within seconds; a day covers any retry and costs little.</summary>
    public static readonly TimeSpan DedupeWindow = TimeSpan.FromDays(1);

    public static void MapWeComCallbackApi(this ApiGroups groups)
    {
        groups.Public.MapGet("/wecom/callback", VerifyUrl).WithSummary("WeCom's URL verification: answers the decrypted echostr.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain").WithCallbackAnswers()
            .AddOpenApiOperationTransformer((operation, _, _) => Query(operation, "msg_signature", "timestamp", "nonce", "echostr"));
        groups.Public.MapPost("/wecom/callback", ReceiveAsync).WithSummary("WeCom's encrypted messages and events (XML); 200 with an empty body once queued.")
            .DescribesBody<string>(optional: false, "text/xml", "application/xml").Produces(StatusCodes.Status200OK).WithCallbackAnswers()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .AddOpenApiOperationTransformer((operation, _, _) => Query(operation, "msg_signature", "timestamp", "nonce"));
    }

    public static IResult VerifyUrl(HttpContext http, WeComSettings options, TimeProvider time)
    {
        if (Unconfigured(options.Value) is { } unconfigured)
        {
            return unconfigured;
        }

        var q = http.Request.Query;
        var crypto = WeComCallbackCrypto.FromOptions(options.Value, time);
        // The check always answers the echostr when it passes, so Guard answers something either way.
        return Guard(() =>
        {
            RequireQuery(q, "msg_signature", "timestamp", "nonce", "echostr");
            crypto.VerifyTimestamp(q["timestamp"]);
            var plain = crypto.VerifyUrl(q["msg_signature"], q["timestamp"]!, q["nonce"]!, q["echostr"]!);
            return Results.Text(plain, "text/plain");
        })!;
    }

    public static async Task<IResult> ReceiveAsync(HttpContext http, WeComSettings options, TimeProvider time, CallbackDedupeRepository dedupe,
        CallbackQueue queue, ILoggerFactory logs, CancellationToken ct)
    {
        if (Unconfigured(options.Value) is { } unconfigured)
        {
            return unconfigured;
        }

        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return Refuse(StatusCodes.Status413PayloadTooLarge, "The callback body exceeds 1 MB.");
        }

        string body;
        try
        {
            await using var limited = new LimitedReadStream(http.Request.Body, MaxBodyBytes);
            using var reader = new StreamReader(limited, System.Text.Encoding.UTF8);
            body = await reader.ReadToEndAsync(ct);
        }
        catch (LimitedReadStream.LimitExceededException)
        {
            return Refuse(StatusCodes.Status413PayloadTooLarge, "The callback body exceeds 1 MB.");
        }

        var q = http.Request.Query;
        var crypto = WeComCallbackCrypto.FromOptions(options.Value, time);
        WeComCallbackMessage? message = null;
        var refused = Guard(() =>
        {
            RequireQuery(q, "msg_signature", "timestamp", "nonce");
            crypto.VerifyTimestamp(q["timestamp"]);
            message = WeComCallbackMessage.Parse(crypto.DecryptMessage(q["msg_signature"], q["timestamp"]!, q["nonce"]!, body));
            return null;
        });
        if (refused is not null || message is null)
        {
            return refused ?? Refuse(StatusCodes.Status400BadRequest, "The callback could not be read.");
        }

        var key = DedupeKey(message);
        if (!await dedupe.TryClaimAsync(key, DedupeWindow, ct))
        {
            return Results.Ok();
        }

        if (!queue.TryEnqueue(message))
        {
            // Give the claim back so WeCom's retry is processed once the queue drains.
            await dedupe.ReleaseAsync(key, ct);
            logs.CreateLogger("Attendance.WeComCallback").LogWarning("Callback queue full; answering 503 so WeCom retries");
            return Refuse(StatusCodes.Status503ServiceUnavailable, "Busy; WeCom will retry.");
        }

        return Results.Ok();
    }

    private static RouteHandlerBuilder WithCallbackAnswers(this RouteHandlerBuilder route) => route
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>The query parameters WeCom signs (read from the query by hand, so named here for the document).</summary>
    private static Task Query(Microsoft.OpenApi.OpenApiOperation operation, params string[] names)
    {
        operation.Parameters ??= [];
        foreach (var name in names)
        {
            operation.Parameters.Add(new Microsoft.OpenApi.OpenApiParameter
            {
                Name = name,
                In = Microsoft.OpenApi.ParameterLocation.Query,
                Required = true,
                Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String },
            });
        }

        return Task.CompletedTask;
    }

    private static string DedupeKey(WeComCallbackMessage message)
    {
        var key = $"{message.AgentId}:{message.DeduplicationKey}";
        return key.Length <= CallbackDedupeRepository.MaxKeyLength ? key : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
    }

    private static IResult? Unconfigured(WeComOptions options)
    {
        var problems = options.ValidateCallback();
        return problems.Count == 0
            ? null
            : Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The WeCom callback is not configured on this host.", detail: string.Join("; ", problems));
    }

    private static void RequireQuery(IQueryCollection query, params string[] names)
    {
        var missing = names.Where(n => string.IsNullOrEmpty(query[n])).ToArray();
        if (missing.Length > 0)
        {
            throw InputException.Invalid(missing[0], "is required in the query string");
        }
    }

    /// <summary>Each crypto or XML failure is a 4xx; no detail that would help a forger is echoed.</summary>
    private static IResult? Guard(Func<IResult?> check)
    {
        try
        {
            return check();
        }
        catch (WeComCallbackSignatureException)
        {
            return Refuse(StatusCodes.Status403Forbidden, "Signature mismatch.");
        }
        catch (WeComCallbackTimestampException)
        {
            return Refuse(StatusCodes.Status403Forbidden, "Timestamp outside the accepted window (replay refused).");
        }
        catch (WeComCallbackReceiveIdException)
        {
            return Refuse(StatusCodes.Status403Forbidden, "The message is addressed to another corporation.");
        }
        catch (WeComCallbackException)
        {
            return Refuse(StatusCodes.Status400BadRequest, "The callback could not be decrypted or parsed.");
        }
    }

    private static IResult Refuse(int status, string title) => Results.Problem(statusCode: status, title: title);
}
