using Attendance.BotHost.Sessions;
using Microsoft.Extensions.Time.Testing;

namespace Attendance.BotHost.Tests;

public sealed class SessionTokenTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 2, 1, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_fresh_token_verifies_with_its_user_and_expiry()
    {
        var tokens = new SessionTokens(Key, _time);
        var issued = tokens.Issue("wangfang");
        Assert.StartsWith("v1.", issued.Token, StringComparison.Ordinal);
        Assert.Equal(_time.GetUtcNow().AddHours(12), issued.ExpiresAt);
        var check = tokens.Verify(issued.Token);
        Assert.True(check.IsValid);
        Assert.Equal("wangfang", check.UserId);
        Assert.Equal(issued.ExpiresAt, check.ExpiresAt);
    }

    [Fact]
    public void A_token_expires_after_its_lifetime()
    {
        var tokens = new SessionTokens(Key, _time);
        var token = tokens.Issue("wangfang").Token;
        _time.Advance(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1));
        Assert.True(tokens.Verify(token).IsValid);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SessionFailure.Expired, tokens.Verify(token).Failure);
        Assert.Contains("过期", tokens.Verify(token).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_signature_or_payload_is_refused()
    {
        var tokens = new SessionTokens(Key, _time);
        var token = tokens.Issue("wangfang").Token;
        Assert.Equal(SessionFailure.BadSignature, tokens.Verify(FlipLast(token)).Failure);

        // Same key id, another user, original signature: the signature no longer matches.
        var other = tokens.Issue("zhangwei").Token.Split('.');
        var parts = token.Split('.');
        Assert.Equal(SessionFailure.BadSignature, tokens.Verify($"v1.{other[1]}.{parts[2]}").Failure);
    }

    [Fact]
    public void A_token_of_another_key_is_recognised_as_such()
    {
        var rotated = new SessionTokens([.. Enumerable.Range(2, 32).Select(i => (byte)i)], _time);
        var tokens = new SessionTokens(Key, _time);
        Assert.NotEqual(rotated.KeyId, tokens.KeyId);
        Assert.Equal(8, tokens.KeyId.Length);
        Assert.Equal(SessionFailure.WrongKey, tokens.Verify(rotated.Issue("wangfang").Token).Failure);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("v2.e30.AAAA")]
    [InlineData("v1.e30.AAAA")]
    [InlineData("v1.!!!.AAAA")]
    [InlineData("v1.bm90IGpzb24.AAAA")]
    [InlineData("v1.a.b.c")]
    public void Malformed_tokens_are_refused(string token)
    {
        var check = new SessionTokens(Key, _time).Verify(token);
        Assert.False(check.IsValid);
        Assert.Contains(check.Failure, new[] { SessionFailure.Missing, SessionFailure.Malformed });
    }

    [Fact]
    public void A_short_key_is_refused() =>
        Assert.Throws<ArgumentException>(() => new SessionTokens(new byte[31], _time));

    public static string FlipLast(string token)
    {
        // Flip a character in the middle of the signature: the last one may only carry padding bits.
        var i = token.LastIndexOf('.') + 5;
        var c = token[i] == 'A' ? 'B' : 'A';
        return token[..i] + c + token[(i + 1)..];
    }
}
