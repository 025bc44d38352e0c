using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Attendance.BotHost.PunchPage;

/// <summary>
/// The <c>state</c> of the WeCom OAuth redirect: issue time, a random nonce and an HMAC over both, with a key derived
/// from the session signing key. WeCom allows only a-zA-Z0-9 (≤ 128 bytes) there, so it is digits and lower-case
/// hex: 10 digits of unix seconds, 16 hex of nonce, 32 hex of MAC. The page also keeps the state it was given and
/// compares it on return, which ties the redirect to the tab that started it; this class only proves the server
/// issued it recently.
/// </summary>
public sealed class OAuthState
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private const int Length = 10 + 16 + 32;
    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public OAuthState(byte[] sessionKey, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        // A derived key: a state MAC can never be replayed as a session token signature or the other way round.
        _key = HMACSHA256.HashData(sessionKey, Encoding.ASCII.GetBytes("attendance/oauth-state/v1"));
        _time = time;
    }

    public (string State, DateTimeOffset ExpiresAt) Issue()
    {
        var now = _time.GetUtcNow();
        var issued = now.ToUnixTimeSeconds().ToString("D10", CultureInfo.InvariantCulture);
        var body = issued + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        return (body + Mac(body), DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()) + Lifetime);
    }

    /// <summary>Null when valid, else why not (for the log; the page gets one Chinese message).</summary>
    public string? Check(string? state)
    {
        if (state is not { Length: Length } || !state.All(char.IsAsciiLetterOrDigit))
        {
            return "malformed";
        }

        var body = state[..^32];
        var expected = Encoding.ASCII.GetBytes(Mac(body));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(state[^32..])))
        {
            return "bad signature";
        }

        var issued = DateTimeOffset.FromUnixTimeSeconds(long.Parse(body[..10], NumberStyles.None, CultureInfo.InvariantCulture));
        var now = _time.GetUtcNow();
        // A minute of slack for hosts whose clocks differ a little.
        return issued > now + TimeSpan.FromMinutes(1) || now - issued > Lifetime ? "expired" : null;
    }

    private string Mac(string body) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(body)))[..32];
}
