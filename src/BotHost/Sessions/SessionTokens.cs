using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Attendance.BotHost.Sessions;

/// <summary>
/// Stateless session tokens <c>v1.&lt;payload&gt;.&lt;signature&gt;</c> (base64url): the payload names the key id,
/// user, issue and expiry times (unix seconds); the signature is HMAC-SHA256 over <c>v1.&lt;payload&gt;</c>.
/// The key id (first 8 hex of the key's SHA-256) lets a token from a rotated key be told apart from a forgery.
/// </summary>
public sealed class SessionTokens
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(12);

    private const string Version = "v1";
    private const int MaxTokenLength = 1024;

    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public SessionTokens(byte[] key, TimeProvider time, TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 32)
        {
            throw new ArgumentException("The session signing key must be at least 32 bytes.", nameof(key));
        }

        _key = [.. key];
        _time = time;
        Lifetime = lifetime ?? DefaultLifetime;
        KeyId = Convert.ToHexStringLower(SHA256.HashData(key))[..8];
    }

    public string KeyId { get; }

    public TimeSpan Lifetime { get; }

    /// <summary>From the base64 <c>Security:SessionSigningKey</c> (validated at start-up).</summary>
    public static SessionTokens FromBase64(string key, TimeProvider time) => new(Convert.FromBase64String(key), time);

    public IssuedSession Issue(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var now = _time.GetUtcNow();
        // Whole seconds, so the expiry the client sees is exactly the one in the token.
        var issued = now.ToUnixTimeSeconds();
        var expires = issued + (long)Lifetime.TotalSeconds;
        // Milliseconds too: a revocation stamp in the same second must not end a token issued just after it.
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Payload(KeyId, userId, issued, expires, now.ToUnixTimeMilliseconds()));
        var signed = Version + "." + Base64Url.EncodeToString(payload);
        var signature = Base64Url.EncodeToString(Sign(signed));
        return new IssuedSession(signed + "." + signature, userId, DateTimeOffset.FromUnixTimeSeconds(expires));
    }

    /// <summary>
    /// The request's bearer token checked once: the per-user rate limit and the endpoint filter both need the answer,
    /// and the second asks for the first one's.
    /// </summary>
    public SessionCheck VerifyRequest(HttpContext http)
    {
        if (http.Items.TryGetValue(typeof(SessionCheck), out var known) && known is SessionCheck check)
        {
            return check;
        }

        check = Verify(Security.AdminAuthentication.BearerToken(http.Request));
        http.Items[typeof(SessionCheck)] = check;
        return check;
    }

    public SessionCheck Verify(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return SessionCheck.Fail(SessionFailure.Missing);
        }

        var parts = token.Length <= MaxTokenLength ? token.Split('.') : [];
        if (parts.Length != 3 || parts[0] != Version || !Base64Url.IsValid(parts[1]) || !Base64Url.IsValid(parts[2]))
        {
            return SessionCheck.Fail(SessionFailure.Malformed);
        }

        Payload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<Payload>(Base64Url.DecodeFromChars(parts[1]));
        }
        catch (JsonException)
        {
            return SessionCheck.Fail(SessionFailure.Malformed);
        }

        if (payload is null || string.IsNullOrEmpty(payload.Kid) || string.IsNullOrEmpty(payload.Sub))
        {
            return SessionCheck.Fail(SessionFailure.Malformed);
        }

        // The key id is not secret; checking it first only decides which message the caller gets.
        if (payload.Kid != KeyId)
        {
            return SessionCheck.Fail(SessionFailure.WrongKey);
        }

        var expected = Sign(parts[0] + "." + parts[1]);
        if (!CryptographicOperations.FixedTimeEquals(expected, Base64Url.DecodeFromChars(parts[2])))
        {
            return SessionCheck.Fail(SessionFailure.BadSignature);
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(payload.Exp);
        return _time.GetUtcNow() >= expiresAt
            ? SessionCheck.Fail(SessionFailure.Expired)
            : new SessionCheck(SessionFailure.None, payload.Sub, expiresAt)
            {
                IssuedAt = DateTimeOffset.FromUnixTimeMilliseconds(payload.Ims is > 0 ? payload.Ims.Value : payload.Iat * 1000),
            };
    }

    private byte[] Sign(string text) => HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(text));

    private sealed record Payload(string Kid, string Sub, long Iat, long Exp, long? Ims = null);
}

/// <summary>A token handed to a client, with the user it names and when it stops working.</summary>
public sealed record IssuedSession(string Token, string UserId, DateTimeOffset ExpiresAt);

public enum SessionFailure
{
    None,
    Missing,
    Malformed,
    WrongKey,
    BadSignature,
    Expired,
    Revoked,
}

/// <summary>The outcome of verifying a token: the user when valid, otherwise why not.</summary>
public sealed record SessionCheck(SessionFailure Failure, string? UserId, DateTimeOffset? ExpiresAt)
{
    public bool IsValid => Failure == SessionFailure.None;

    /// <summary>When the token was issued (milliseconds; whole seconds for tokens issued before they carried them).</summary>
    public DateTimeOffset IssuedAt { get; init; }

    public static SessionCheck Fail(SessionFailure failure) => new(failure, null, null);

    /// <summary>The Chinese message a client shows the user.</summary>
    public string Message => Failure switch
    {
        SessionFailure.None => "",
        SessionFailure.Missing => "请先登录（缺少 Authorization: Bearer 会话令牌）",
        SessionFailure.Expired => "登录已过期，请重新登录",
        SessionFailure.WrongKey => "登录已失效（服务端密钥已更换），请重新登录",
        SessionFailure.Revoked => "登录已失效（会话已被注销），请重新登录",
        _ => "登录凭证无效，请重新登录",
    };
}
