using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Attendance.WeCom.Callback;

/// <summary>Signature and AES envelope of WeCom callbacks (接收消息与事件).</summary>
public sealed class WeComCallbackCrypto
{
    private const int BlockSize = 32;
    private const int RandomPrefix = 16;
    private const int LengthField = 4;

    private readonly string _token;
    private readonly byte[] _key;
    private readonly byte[] _receiveId;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _timestampWindow;

    public WeComCallbackCrypto(string token, string encodingAesKey, string receiveId, TimeProvider? timeProvider = null, TimeSpan? timestampWindow = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentNullException.ThrowIfNull(encodingAesKey);
        ArgumentException.ThrowIfNullOrEmpty(receiveId);
        if (encodingAesKey.Length != 43)
            throw new WeComConfigurationException("WeCom:CallbackEncodingAESKey must be 43 characters");
        try
        {
            _key = Convert.FromBase64String(encodingAesKey + "=");
        }
        catch (FormatException)
        {
            throw new WeComConfigurationException("WeCom:CallbackEncodingAESKey must be Base64 of 32 bytes (without the trailing '=')");
        }
        if (_key.Length != 32)
            throw new WeComConfigurationException("WeCom:CallbackEncodingAESKey must be Base64 of 32 bytes (without the trailing '=')");
        _token = token;
        _receiveId = Encoding.UTF8.GetBytes(receiveId);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _timestampWindow = timestampWindow ?? TimeSpan.FromMinutes(5);
    }

    public static WeComCallbackCrypto FromOptions(WeComOptions options, TimeProvider timeProvider)
    {
        options.EnsureValidCallback();
        return new WeComCallbackCrypto(options.CallbackToken, options.CallbackEncodingAESKey, options.CorpId, timeProvider, options.CallbackTimestampWindow);
    }

    public string ComputeSignature(string timestamp, string nonce, string encrypt)
    {
        string[] parts = [_token, timestamp, nonce, encrypt];
        Array.Sort(parts, StringComparer.Ordinal);
        // SHA-1 is what WeCom signs with; it authenticates the sender, the AES layer protects the content.
#pragma warning disable CA5350
        var digest = SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts)));
#pragma warning restore CA5350
        return Convert.ToHexStringLower(digest);
    }

    /// <exception cref="WeComCallbackSignatureException">The signature does not cover these values.</exception>
    public void VerifySignature(string? msgSignature, string timestamp, string nonce, string encrypt)
    {
        var expected = Encoding.ASCII.GetBytes(ComputeSignature(timestamp, nonce, encrypt));
        var actual = Encoding.ASCII.GetBytes((msgSignature ?? "").ToLowerInvariant());
        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
            throw new WeComCallbackSignatureException();
    }

    /// <summary>Refuses timestamps outside the configured window around now, in either direction.</summary>
    public void VerifyTimestamp(string? timestamp)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            throw new WeComCallbackTimestampException("not a number");
        var skew = _timeProvider.GetUtcNow().ToUnixTimeSeconds() - seconds;
        if (Math.Abs(skew) > _timestampWindow.TotalSeconds)
            throw new WeComCallbackTimestampException($"{skew} s away from now");
    }

    /// <summary>URL verification: checks the signature and returns the plaintext to echo back.</summary>
    public string VerifyUrl(string? msgSignature, string timestamp, string nonce, string echostr)
    {
        VerifySignature(msgSignature, timestamp, nonce, echostr);
        return Decrypt(echostr);
    }

    /// <summary>Delivery: parses the envelope, checks the signature over its Encrypt value, returns the inner XML.</summary>
    public string DecryptMessage(string? msgSignature, string timestamp, string nonce, string envelopeXml)
    {
        var envelope = WeComCallbackEnvelope.Parse(envelopeXml);
        VerifySignature(msgSignature, timestamp, nonce, envelope.Encrypt);
        return Decrypt(envelope.Encrypt);
    }

    public string Decrypt(string encrypt)
    {
        byte[] cipher;
        try
        {
            cipher = Convert.FromBase64String(encrypt);
        }
        catch (FormatException ex)
        {
            throw new WeComCallbackCipherException("not Base64", ex);
        }
        if (cipher.Length == 0 || cipher.Length % BlockSize != 0)
            throw new WeComCallbackCipherException($"{cipher.Length} bytes is not a whole number of {BlockSize}-byte blocks");

        using var aes = CreateAes();
        var plain = aes.DecryptCbc(cipher, aes.IV, PaddingMode.None);

        int pad = plain[^1];
        if (pad is < 1 or > BlockSize)
            throw new WeComCallbackPaddingException($"pad value {pad} outside 1..{BlockSize}");
        for (var i = plain.Length - pad; i < plain.Length; i++)
        {
            if (plain[i] != pad)
                throw new WeComCallbackPaddingException("pad bytes differ");
        }
        var content = plain.AsSpan(0, plain.Length - pad);
        if (content.Length < RandomPrefix + LengthField)
            throw new WeComCallbackLengthException("plaintext shorter than its header");

        var length = BinaryPrimitives.ReadUInt32BigEndian(content.Slice(RandomPrefix, LengthField));
        var available = content.Length - RandomPrefix - LengthField;
        if (length > (uint)available)
            throw new WeComCallbackLengthException($"claims {length} bytes, {available} present");

        var message = content.Slice(RandomPrefix + LengthField, (int)length);
        var receiveId = content[(RandomPrefix + LengthField + (int)length)..];
        if (!CryptographicOperations.FixedTimeEquals(receiveId, _receiveId))
            throw new WeComCallbackReceiveIdException();
        return Encoding.UTF8.GetString(message);
    }

    public string Encrypt(string message)
    {
        var messageBytes = Encoding.UTF8.GetBytes(message);
        var contentLength = RandomPrefix + LengthField + messageBytes.Length + _receiveId.Length;
        var pad = BlockSize - (contentLength % BlockSize);
        var plain = new byte[contentLength + pad];
        RandomNumberGenerator.Fill(plain.AsSpan(0, RandomPrefix));
        BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(RandomPrefix, LengthField), (uint)messageBytes.Length);
        messageBytes.CopyTo(plain, RandomPrefix + LengthField);
        _receiveId.CopyTo(plain, RandomPrefix + LengthField + messageBytes.Length);
        plain.AsSpan(contentLength).Fill((byte)pad);

        using var aes = CreateAes();
        return Convert.ToBase64String(aes.EncryptCbc(plain, aes.IV, PaddingMode.None));
    }

    /// <summary>Encrypted passive reply body; <paramref name="replyXml"/> is the plain reply message.</summary>
    public string BuildPassiveReply(string replyXml, string timestamp, string nonce)
    {
        var encrypt = Encrypt(replyXml);
        var signature = ComputeSignature(timestamp, nonce, encrypt);
        return $"<xml><Encrypt><![CDATA[{encrypt}]]></Encrypt><MsgSignature><![CDATA[{signature}]]></MsgSignature>"
            + $"<TimeStamp>{timestamp}</TimeStamp><Nonce><![CDATA[{nonce}]]></Nonce></xml>";
    }

    private Aes CreateAes()
    {
        var aes = Aes.Create();
        aes.Key = _key;
        aes.IV = _key[..16];
        return aes;
    }
}
