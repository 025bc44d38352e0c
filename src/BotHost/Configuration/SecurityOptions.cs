namespace Attendance.BotHost.Configuration;

/// <summary>The <c>Security</c> configuration section. Values come from the environment or data/, never from git.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Base64 HMAC key for session tokens (at least 32 bytes).</summary>
    public string SessionSigningKey { get; set; } = "";

    /// <summary>Base64 AES-256 key for photos and face templates at rest (exactly 32 bytes).</summary>
    public string DataEncryptionKey { get; set; } = "";

    /// <summary>Bearer keys for the admin API. At least 24 characters each.</summary>
    public List<string> AdminKeys { get; set; } = [];

    /// <summary>Allows <c>POST /api/sessions/dev</c> from loopback callers (demo and development only).</summary>
    public bool DevLogin { get; set; }

    public IEnumerable<string> Validate()
    {
        if (!IsBase64Key(SessionSigningKey, 32, exact: false))
        {
            yield return "Security:SessionSigningKey must be a base64 key of at least 32 bytes.";
        }

        if (!IsBase64Key(DataEncryptionKey, 32, exact: true))
        {
            yield return "Security:DataEncryptionKey must be a base64 key of exactly 32 bytes.";
        }

        if (AdminKeys.Count == 0)
        {
            yield return "Security:AdminKeys must list at least one key.";
        }

        for (var i = 0; i < AdminKeys.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(AdminKeys[i]) || AdminKeys[i].Length < 24)
            {
                yield return $"Security:AdminKeys:{i} must be at least 24 characters.";
            }
        }
    }

    private static bool IsBase64Key(string? text, int bytes, bool exact)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) && (exact ? written == bytes : written >= bytes);
    }
}
