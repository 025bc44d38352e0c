using System.Security.Cryptography;
using Attendance.WeCom.Models;
using Flurl.Http;
using Flurl.Http.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Attendance.WeCom.Client;

/// <summary>
/// Calls the WeCom server API for one app. Methods are named after the API path (ExecuteCgiBinMessageSendAsync is
/// /cgi-bin/message/send); each returns the typed response or throws a <see cref="WeComException"/>.
/// </summary>
public sealed partial class WeComClient : IDisposable
{
    private readonly FlurlClient _http;
    private readonly WeComOptions _options;
    private readonly WeComAccessTokenCache _tokens;
    private readonly WeComApiPauses _pauses;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _appKey;

    public WeComClient(HttpClient httpClient, WeComOptions options, WeComAccessTokenCache? tokens = null, WeComApiPauses? pauses = null,
        TimeProvider? timeProvider = null, ILogger<WeComClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValidApi();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _tokens = tokens ?? new WeComAccessTokenCache(_time);
        _pauses = pauses ?? new WeComApiPauses(_time);
        _logger = logger ?? NullLogger<WeComClient>.Instance;
        _appKey = WeComAccessTokenCache.AppKey(options.CorpId, options.AgentSecret);
        _http = new FlurlClient(httpClient, options.ApiBaseUrl.TrimEnd('/'));
        _http.Settings.JsonSerializer = new DefaultJsonSerializer(WeComJson.Options);
        _http.Settings.Timeout = options.Timeout;
    }

    public WeComOptions Options => _options;

    // Disposes only the HttpClient wrapper; the factory owns the pooled handler.
    public void Dispose() => _http.Dispose();

    /// <summary>The app's access token, from cache when still fresh.</summary>
    public Task<string> GetAccessTokenAsync(CancellationToken cancellationToken = default) =>
        _tokens.GetAsync(_appKey, _options.TokenRefreshMargin, FetchTokenAsync, cancellationToken);

    private async Task<(string Token, TimeSpan Lifetime)> FetchTokenAsync(CancellationToken cancellationToken)
    {
        var response = await ExecuteCgiBinGetTokenAsync(cancellationToken);
        if (string.IsNullOrEmpty(response.AccessToken))
            throw new WeComException(Apis.GetToken, response.ErrorCode, response.ErrorMessage ?? "", "WeCom gettoken returned no access_token");
        var lifetime = TimeSpan.FromSeconds(response.ExpiresIn > 0 ? response.ExpiresIn : 7200);
        _logger.LogInformation("WeCom access token refreshed for corp {CorpId}, valid {Seconds} s", _options.CorpId, (int)lifetime.TotalSeconds);
        return (response.AccessToken, lifetime);
    }

    private Task<T> PostJsonAsync<T>(string api, object body, CancellationToken cancellationToken, Action<IFlurlRequest>? query = null)
        where T : WeComResponse =>
        InvokeAsync(api, withToken: true, query, (request, ct) => request.PostJsonAsync(body, cancellationToken: ct), ReadJsonAsync<T>, cancellationToken);

    private Task<T> GetJsonAsync<T>(string api, Action<IFlurlRequest> query, CancellationToken cancellationToken, bool withToken = true)
        where T : WeComResponse =>
        InvokeAsync(api, withToken, query, (request, ct) => request.GetAsync(cancellationToken: ct), ReadJsonAsync<T>, cancellationToken);

    private static Task<T> ReadJsonAsync<T>(IFlurlResponse response) => response.GetJsonAsync<T>();

    /// <summary>One logical call: token, pause check, the errcode policy of wecom.md, and URL redaction.</summary>
    /// <remarks><paramref name="pauseScope"/> narrows a 45009 pause below the API path: each group robot has its own
    /// 20-a-minute budget (document/path/99110), so one busy robot must not silence the others.</remarks>
    private async Task<T> InvokeAsync<T>(string api, bool withToken, Action<IFlurlRequest>? query,
        Func<IFlurlRequest, CancellationToken, Task<IFlurlResponse>> send, Func<IFlurlResponse, Task<T>> read, CancellationToken cancellationToken,
        string? pauseScope = null)
        where T : WeComResponse
    {
        var pauseKey = pauseScope is null ? api : api + "#" + pauseScope;
        var tokenRetried = false;
        var busyRetries = 0;
        var concurrencyRetries = 0;
        while (true)
        {
            if (_pauses.Remaining(pauseKey) is { } left)
                throw new WeComRateLimitedException(api, WeComErrorCodes.FrequencyLimited, "paused after an earlier 45009", left);

            var token = withToken ? await GetAccessTokenAsync(cancellationToken) : null;
            var request = _http.Request(api);
            if (token is not null)
                request.SetQueryParam("access_token", token);
            query?.Invoke(request);

            T response;
            try
            {
                using var raw = await send(request, cancellationToken);
                response = await read(raw);
            }
            catch (FlurlHttpException ex)
            {
                throw Transport(api, ex);
            }

            var code = response.ErrorCode;
            var message = response.ErrorMessage ?? "";
            switch (code)
            {
                case WeComErrorCodes.Ok:
                    return response;
                case WeComErrorCodes.InvalidAccessToken or WeComErrorCodes.AccessTokenExpired when token is not null && !tokenRetried:
                    _logger.LogInformation("WeCom {Api} answered {ErrorCode}: dropping the cached token and retrying once", api, code);
                    _tokens.Invalidate(_appKey, token);
                    tokenRetried = true;
                    continue;
                case WeComErrorCodes.Busy when busyRetries < _options.MaxBusyRetries:
                    await DelayAsync(api, code, Backoff(busyRetries++), cancellationToken);
                    continue;
                case WeComErrorCodes.ConcurrencyLimited when concurrencyRetries < _options.MaxBusyRetries:
                    await DelayAsync(api, code, Jitter(Backoff(concurrencyRetries++)), cancellationToken);
                    continue;
                default:
                    throw Fail(api, code, message, pauseKey);
            }
        }
    }

    private Task DelayAsync(string api, int code, TimeSpan delay, CancellationToken cancellationToken)
    {
        _logger.LogWarning("WeCom {Api} answered {ErrorCode}: retrying in {Delay} ms", api, code, (int)delay.TotalMilliseconds);
        return Task.Delay(delay, _time, cancellationToken);
    }

    private TimeSpan Backoff(int attempt) => _options.RetryBaseDelay * (1 << attempt);

    private static TimeSpan Jitter(TimeSpan delay) => delay * (RandomNumberGenerator.GetInt32(50, 151) / 100.0);

    private WeComException Fail(string api, int code, string message, string pauseKey)
    {
        WeComException error = code switch
        {
            WeComErrorCodes.FrequencyLimited => Pause(api, pauseKey, code, message),
            WeComErrorCodes.InvalidCredential or WeComErrorCodes.InvalidCorpId => new WeComCredentialException(api, code, message),
            WeComErrorCodes.ApiForbidden or WeComErrorCodes.OutsideVisibility => new WeComPermissionException(api, code, message),
            WeComErrorCodes.UntrustedIp => new WeComUntrustedIpException(api, code, message),
            WeComErrorCodes.InvalidCode or WeComErrorCodes.CodeUsed => new WeComInvalidCodeException(api, code, message),
            WeComErrorCodes.AllRecipientsInvalid => new WeComInvalidRecipientsException(api, code, message),
            _ => new WeComException(api, code, message),
        };
        // A directory read of someone outside the app's visible range is routine (the caller skips that member); a
        // permission error anywhere else means the app is misconfigured.
        var routine = code == WeComErrorCodes.OutsideVisibility && api is Apis.UserGet or Apis.DepartmentList;
        var level = !routine && error is WeComCredentialException or WeComPermissionException or WeComUntrustedIpException ? LogLevel.Error : LogLevel.Warning;
        _logger.Log(level, "{Error}", error.Message);
        return error;
    }

    private WeComRateLimitedException Pause(string api, string pauseKey, int code, string message)
    {
        _pauses.Pause(pauseKey, _options.RateLimitPause);
        return new WeComRateLimitedException(api, code, message, _options.RateLimitPause);
    }

    private WeComTransportException Transport(string api, FlurlHttpException ex)
    {
        var url = WeComRedaction.Redact(ex.Call?.Request?.Url?.ToString());
        var status = ex.Call?.Response?.ResponseMessage.StatusCode;
        var reason = ex switch
        {
            FlurlHttpTimeoutException => "timed out",
            FlurlParsingException => "response was not the expected JSON",
            _ when status is not null => "unexpected HTTP status",
            _ => ex.InnerException?.GetType().Name ?? "request failed",
        };
        // Flurl's own exception text embeds the full URL, so it is deliberately not chained.
        var inner = ex.InnerException is FlurlHttpException ? null : ex.InnerException;
        var error = new WeComTransportException(api, url, status, reason, inner);
        _logger.LogWarning("{Error}", error.Message);
        return error;
    }
}
