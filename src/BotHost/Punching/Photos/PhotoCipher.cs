using System.Security.Cryptography;
using System.Text;

namespace Attendance.BotHost.Punching.Photos;

/// <summary>
/// AES-256-GCM for data at rest. Layout: "APH1" | key id (8 ASCII hex) | nonce (12) | tag (16) | ciphertext. The key
/// id is the first 8 hex digits of SHA-256(key): it names the key without revealing it, so a rotated key can still
/// find the files it must decrypt.
/// </summary>
public sealed class PhotoCipher
{
    private static readonly byte[] Magic = "APH1"u8.ToArray();
    private const int HeaderLength = 4 + 8 + 12 + 16;

    private readonly byte[] _key;

    public PhotoCipher(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != 32)
        {
            throw new ArgumentException("AES-256 needs a 32-byte key.", nameof(key));
        }

        _key = key;
        KeyId = Convert.ToHexStringLower(SHA256.HashData(key))[..8];
    }

    public string KeyId { get; }

    public byte[] Encrypt(ReadOnlySpan<byte> plaintext)
    {
        var output = new byte[HeaderLength + plaintext.Length];
        Magic.CopyTo(output, 0);
        Encoding.ASCII.GetBytes(KeyId, output.AsSpan(4, 8));
        var nonce = output.AsSpan(12, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, 16);
        aes.Encrypt(nonce, plaintext, output.AsSpan(HeaderLength), output.AsSpan(24, 16), output.AsSpan(4, 8));
        return output;
    }

    /// <summary>The plaintext; throws <see cref="CryptographicException"/> when the data was altered or the key differs.</summary>
    public byte[] Decrypt(ReadOnlySpan<byte> data)
    {
        if (data.Length < HeaderLength || !data[..4].SequenceEqual(Magic))
        {
            throw new CryptographicException("Not an encrypted photo.");
        }

        if (Encoding.ASCII.GetString(data.Slice(4, 8)) != KeyId)
        {
            throw new CryptographicException($"Encrypted with key {Encoding.ASCII.GetString(data.Slice(4, 8))}, not {KeyId}.");
        }

        var plaintext = new byte[data.Length - HeaderLength];
        using var aes = new AesGcm(_key, 16);
        aes.Decrypt(data.Slice(12, 12), data[HeaderLength..], data.Slice(24, 16), plaintext, data.Slice(4, 8));
        return plaintext;
    }
}
