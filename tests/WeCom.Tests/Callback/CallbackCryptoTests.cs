using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Xml.Linq;
using Attendance.WeCom;

namespace Attendance.WeCom.Tests.Callback;

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
        plain.Should().Be("1616140317555161061");
    }

    [Fact]
    public void Official_example_with_tampered_signature_is_refused()
    {
        FluentActions.Invoking(() => _crypto.VerifyUrl("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd4", "1409659589", "263014780",
            "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==")).Should().ThrowExactly<WeComCallbackSignatureException>();
    }

    [Theory]
    [InlineData("你好，打卡成功 ✅")]
    [InlineData("")]
    [InlineData("<xml><Content><![CDATA[上班打卡]]></Content></xml>")]
    public void Round_trips(string message) => _crypto.Decrypt(_crypto.Encrypt(message)).Should().Be(message);

    [Fact]
    public void Round_trips_a_100_KB_message()
    {
        var message = string.Concat(Enumerable.Repeat("考勤记录0123456789", 100 * 1024 / 22));
        Encoding.UTF8.GetByteCount(message).Should().BeGreaterThanOrEqualTo(100 * 1000);
        _crypto.Decrypt(_crypto.Encrypt(message)).Should().Be(message);
    }

    // Header 20 bytes + corp id 18 bytes: messages of 26 and 58 bytes fill whole blocks and get a full 32-byte pad.
    [Theory]
    [MemberData(nameof(Lengths))]
    public void Round_trips_every_padding_size(int length)
    {
        var message = new string('a', length);
        var cipher = Convert.FromBase64String(_crypto.Encrypt(message));
        (cipher.Length % 32).Should().Be(0);
        _crypto.Decrypt(Convert.ToBase64String(cipher)).Should().Be(message);
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
        cipher.Length.Should().Be(96);
    }

    [Fact]
    public void Passive_reply_is_signed_and_decryptable()
    {
        var reply = _crypto.BuildPassiveReply("<xml><Content>收到</Content></xml>", "1700000000", "12345");
        var xml = XElement.Parse(reply);
        var encrypt = xml.Element("Encrypt")!.Value;
        _crypto.VerifySignature(xml.Element("MsgSignature")!.Value, xml.Element("TimeStamp")!.Value, xml.Element("Nonce")!.Value, encrypt);
        _crypto.Decrypt(encrypt).Should().Be("<xml><Content>收到</Content></xml>");
    }

    [Fact]
    public void Delivery_envelope_decrypts_after_signature_check()
    {
        var encrypt = _crypto.Encrypt("<xml><MsgType>text</MsgType></xml>");
        var envelope = $"<xml><ToUserName><![CDATA[{CorpId}]]></ToUserName><AgentID>1</AgentID><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>";
        var signature = _crypto.ComputeSignature("1", "2", encrypt);
        _crypto.DecryptMessage(signature, "1", "2", envelope).Should().Be("<xml><MsgType>text</MsgType></xml>");
        FluentActions.Invoking(() => _crypto.DecryptMessage(signature, "1", "3", envelope)).Should().ThrowExactly<WeComCallbackSignatureException>();
    }

    [Fact]
    public void Other_receiveid_is_refused()
    {
        var other = new WeComCallbackCrypto(Token, AesKey, "wwsomeoneelse");
        FluentActions.Invoking(() => _crypto.Decrypt(other.Encrypt("hello"))).Should().ThrowExactly<WeComCallbackReceiveIdException>();
    }

    [Fact]
    public void Pad_zero_is_refused() =>
        FluentActions.Invoking(() => _crypto.Decrypt(RawEncrypt(Layout("hello", CorpId, padValue: 0)))).Should().ThrowExactly<WeComCallbackPaddingException>();

    [Fact]
    public void Pad_33_is_refused() =>
        FluentActions.Invoking(() => _crypto.Decrypt(RawEncrypt(Layout("hello", CorpId, padValue: 33)))).Should().ThrowExactly<WeComCallbackPaddingException>();

    [Fact]
    public void Inconsistent_pad_bytes_are_refused()
    {
        var plain = Layout("hello", CorpId);
        (plain[^1] > 2).Should().BeTrue();
        plain[^2] ^= 0x01;
        FluentActions.Invoking(() => _crypto.Decrypt(RawEncrypt(plain))).Should().ThrowExactly<WeComCallbackPaddingException>();
    }

    [Fact]
    public void Correct_manual_layout_is_accepted() => _crypto.Decrypt(RawEncrypt(Layout("hello", CorpId))).Should().Be("hello");

    [Fact]
    public void Truncated_cipher_is_refused()
    {
        var cipher = Convert.FromBase64String(_crypto.Encrypt("hello world"));
        FluentActions.Invoking(() => _crypto.Decrypt(Convert.ToBase64String(cipher[..^16]))).Should().ThrowExactly<WeComCallbackCipherException>();
        FluentActions.Invoking(() => _crypto.Decrypt("")).Should().ThrowExactly<WeComCallbackCipherException>();
        FluentActions.Invoking(() => _crypto.Decrypt("not base64!")).Should().ThrowExactly<WeComCallbackCipherException>();
    }

    [Fact]
    public void Length_field_beyond_the_buffer_is_refused() =>
        FluentActions.Invoking(() => _crypto.Decrypt(RawEncrypt(Layout("hello", CorpId, lengthField: 5000)))).Should().ThrowExactly<WeComCallbackLengthException>();

    [Fact]
    public void Length_field_cutting_into_the_receiveid_is_refused() =>
        FluentActions.Invoking(() => _crypto.Decrypt(RawEncrypt(Layout("hello", CorpId, lengthField: 3)))).Should().ThrowExactly<WeComCallbackReceiveIdException>();

    [Fact]
    public void Stale_timestamp_is_refused()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        var crypto = new WeComCallbackCrypto(Token, AesKey, CorpId, time, TimeSpan.FromMinutes(5));
        crypto.VerifyTimestamp("1700000100");
        FluentActions.Invoking(() => crypto.VerifyTimestamp("1699999000")).Should().ThrowExactly<WeComCallbackTimestampException>();
        FluentActions.Invoking(() => crypto.VerifyTimestamp("1700001000")).Should().ThrowExactly<WeComCallbackTimestampException>();
        FluentActions.Invoking(() => crypto.VerifyTimestamp("abc")).Should().ThrowExactly<WeComCallbackTimestampException>();
    }

    [Fact]
    public void Malformed_key_names_the_setting()
    {
        var error = FluentActions.Invoking(() => new WeComCallbackCrypto(Token, "short", CorpId)).Should().ThrowExactly<WeComConfigurationException>().Which;
        error.Message.Should().Contain("WeCom:CallbackEncodingAESKey must be 43 characters");
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
