using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Attendance.WeCom;
using Attendance.WeCom.Callback;
using Microsoft.Extensions.Time.Testing;

namespace Attendance.WeCom.Tests;

public sealed class CallbackCryptoTests
{
    private const string Token = "QDG6eK";
    private const string CorpId = "wx5823bf96d3bd56c7";
    private const string AesKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

    private readonly WeComCallbackCrypto _crypto = new(Token, AesKey, CorpId);

    [Fact]
    public void Official_example_verifies_and_decrypts()
    {
        var plain = _crypto.VerifyUrl("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", "1409659589", "263014780",
            "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==");
        Assert.Equal("1616140317555161061", plain);
    }

    [Fact]
    public void Official_example_with_tampered_signature_is_refused()
    {
        Assert.Throws<WeComCallbackSignatureException>(() => _crypto.VerifyUrl("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd4", "1409659589", "263014780",
            "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=="));
    }

    [Theory]
    [InlineData("你好，打卡成功 ✅")]
    [InlineData("")]
    [InlineData("<xml><Content><![CDATA[上班打卡]]></Content></xml>")]
    public void Round_trips(string message) => Assert.Equal(message, _crypto.Decrypt(_crypto.Encrypt(message)));

    [Fact]
    public void Round_trips_a_100_KB_message()
    {
        var message = string.Concat(Enumerable.Repeat("考勤记录0123456789", 100 * 1024 / 22));
        Assert.True(Encoding.UTF8.GetByteCount(message) >= 100 * 1000);
        Assert.Equal(message, _crypto.Decrypt(_crypto.Encrypt(message)));
    }

    // Header 20 bytes + corp id 18 bytes: messages of 26 and 58 bytes fill whole blocks and get a full 32-byte pad.
    [Theory]
    [MemberData(nameof(Lengths))]
    public void Round_trips_every_padding_size(int length)
    {
        var message = new string('a', length);
        var cipher = Convert.FromBase64String(_crypto.Encrypt(message));
        Assert.Equal(0, cipher.Length % 32);
        Assert.Equal(message, _crypto.Decrypt(Convert.ToBase64String(cipher)));
    }

    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        foreach (var n in Enumerable.Range(0, 70))
            data.Add(n);
        return data;
    }

    [Fact]
    public void Full_block_plaintext_carries_a_whole_pad_block()
    {
        var cipher = Convert.FromBase64String(_crypto.Encrypt(new string('a', 26)));
        Assert.Equal(96, cipher.Length);
    }

    [Fact]
    public void Passive_reply_is_signed_and_decryptable()
    {
        var reply = _crypto.BuildPassiveReply("<xml><Content>收到</Content></xml>", "1700000000", "12345");
        var xml = XElement.Parse(reply);
        var encrypt = xml.Element("Encrypt")!.Value;
        _crypto.VerifySignature(xml.Element("MsgSignature")!.Value, xml.Element("TimeStamp")!.Value, xml.Element("Nonce")!.Value, encrypt);
        Assert.Equal("<xml><Content>收到</Content></xml>", _crypto.Decrypt(encrypt));
    }

    [Fact]
    public void Delivery_envelope_decrypts_after_signature_check()
    {
        var encrypt = _crypto.Encrypt("<xml><MsgType>text</MsgType></xml>");
        var envelope = $"<xml><ToUserName><![CDATA[{CorpId}]]></ToUserName><AgentID>1</AgentID><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>";
        var signature = _crypto.ComputeSignature("1", "2", encrypt);
        Assert.Equal("<xml><MsgType>text</MsgType></xml>", _crypto.DecryptMessage(signature, "1", "2", envelope));
        Assert.Throws<WeComCallbackSignatureException>(() => _crypto.DecryptMessage(signature, "1", "3", envelope));
    }

    [Fact]
    public void Other_receiveid_is_refused()
    {
        var other = new WeComCallbackCrypto(Token, AesKey, "wwsomeoneelse");
        Assert.Throws<WeComCallbackReceiveIdException>(() => _crypto.Decrypt(other.Encrypt("hello")));
    }

    [Fact]
    public void Pad_zero_is_refused() =>
        Assert.Throws<WeComCallbackPaddingException>(() => _crypto.Decrypt(RawEncrypt(Layout("hello", CorpId, padValue: 0))));

    [Fact]
    public void Pad_33_is_refused() =>
        Assert.Throws<WeComCallbackPaddingException>(() => _crypto.Decrypt(RawEncrypt(Layout("hello", CorpId, padValue: 33))));

    [Fact]
    public void Inconsistent_pad_bytes_are_refused()
    {
        var plain = Layout("hello", CorpId);
        Assert.True(plain[^1] > 2);
        plain[^2] ^= 0x01;
        Assert.Throws<WeComCallbackPaddingException>(() => _crypto.Decrypt(RawEncrypt(plain)));
    }

    [Fact]
    public void Correct_manual_layout_is_accepted() => Assert.Equal("hello", _crypto.Decrypt(RawEncrypt(Layout("hello", CorpId))));

    [Fact]
    public void Truncated_cipher_is_refused()
    {
        var cipher = Convert.FromBase64String(_crypto.Encrypt("hello world"));
        Assert.Throws<WeComCallbackCipherException>(() => _crypto.Decrypt(Convert.ToBase64String(cipher[..^16])));
        Assert.Throws<WeComCallbackCipherException>(() => _crypto.Decrypt(""));
        Assert.Throws<WeComCallbackCipherException>(() => _crypto.Decrypt("not base64!"));
    }

    [Fact]
    public void Length_field_beyond_the_buffer_is_refused() =>
        Assert.Throws<WeComCallbackLengthException>(() => _crypto.Decrypt(RawEncrypt(Layout("hello", CorpId, lengthField: 5000))));

    [Fact]
    public void Length_field_cutting_into_the_receiveid_is_refused() =>
        Assert.Throws<WeComCallbackReceiveIdException>(() => _crypto.Decrypt(RawEncrypt(Layout("hello", CorpId, lengthField: 3))));

    [Fact]
    public void Stale_timestamp_is_refused()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        var crypto = new WeComCallbackCrypto(Token, AesKey, CorpId, time, TimeSpan.FromMinutes(5));
        crypto.VerifyTimestamp("1700000100");
        Assert.Throws<WeComCallbackTimestampException>(() => crypto.VerifyTimestamp("1699999000"));
        Assert.Throws<WeComCallbackTimestampException>(() => crypto.VerifyTimestamp("1700001000"));
        Assert.Throws<WeComCallbackTimestampException>(() => crypto.VerifyTimestamp("abc"));
    }

    [Fact]
    public void Malformed_key_names_the_setting()
    {
        var error = Assert.Throws<WeComConfigurationException>(() => new WeComCallbackCrypto(Token, "short", CorpId));
        Assert.Contains("WeCom:CallbackEncodingAESKey must be 43 characters", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Layout(string message, string receiveId, int? padValue = null, uint? lengthField = null)
    {
        var msg = Encoding.UTF8.GetBytes(message);
        var id = Encoding.UTF8.GetBytes(receiveId);
        var content = 20 + msg.Length + id.Length;
        var pad = 32 - (content % 32);
        var plain = new byte[content + pad];
        RandomNumberGenerator.Fill(plain.AsSpan(0, 16));
        BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(16, 4), lengthField ?? (uint)msg.Length);
        msg.CopyTo(plain, 20);
        id.CopyTo(plain, 20 + msg.Length);
        plain.AsSpan(content).Fill((byte)(padValue ?? pad));
        return plain;
    }

    private static string RawEncrypt(byte[] plain)
    {
        using var aes = Aes.Create();
        var key = Convert.FromBase64String(AesKey + "=");
        aes.Key = key;
        return Convert.ToBase64String(aes.EncryptCbc(plain, key[..16], PaddingMode.None));
    }
}
