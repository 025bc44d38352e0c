using Attendance.BotHost.Sessions;
using Microsoft.Extensions.Time.Testing;

namespace Attendance.BotHost.Tests.Sessions;

public sealed class SessionTokenTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 2, 1, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_fresh_token_verifies_with_its_user_and_expiry()
    {
        var tokens = new SessionTokens(Key, _time);
        var issued = tokens.Issue("wangfang");
        issued.Token.Should().StartWith("v1.");
        issued.ExpiresAt.Should().Be(_time.GetUtcNow().AddHours(12));
        var check = tokens.Verify(issued.Token);
        check.IsValid.Should().BeTrue();
        check.UserId.Should().Be("wangfang");
        check.ExpiresAt.Should().Be(issued.ExpiresAt);
    }

    [Fact]
    public void A_token_expires_after_its_lifetime()
    {
        var tokens = new SessionTokens(Key, _time);
        var token = tokens.Issue("wangfang").Token;
        _time.Advance(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1));
        tokens.Verify(token).IsValid.Should().BeTrue();
        _time.Advance(TimeSpan.FromSeconds(1));
        tokens.Verify(token).Failure.Should().Be(SessionFailure.Expired);
        tokens.Verify(token).Message.Should().Contain("过期");
    }

    [Fact]
    public void A_changed_signature_or_payload_is_refused()
    {
        var tokens = new SessionTokens(Key, _time);
        var token = tokens.Issue("wangfang").Token;
        tokens.Verify(FlipLast(token)).Failure.Should().Be(SessionFailure.BadSignature);

        // Same key id, another user, original signature: the signature no longer matches.
        var other = tokens.Issue("zhangwei").Token.Split('.');
        var parts = token.Split('.');
        tokens.Verify($"v1.{other[1]}.{parts[2]}").Failure.Should().Be(SessionFailure.BadSignature);
    }

    [Fact]
    public void A_token_of_another_key_is_recognised_as_such()
    {
        var rotated = new SessionTokens([.. Enumerable.Range(2, 32).Select(i => (byte)i)], _time);
        var tokens = new SessionTokens(Key, _time);
        tokens.KeyId.Should().NotBe(rotated.KeyId);
        tokens.KeyId.Length.Should().Be(8);
        tokens.Verify(rotated.Issue("wangfang").Token).Failure.Should().Be(SessionFailure.WrongKey);
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
        check.IsValid.Should().BeFalse();
        (new[] { SessionFailure.Missing, SessionFailure.Malformed }).Should().Contain(check.Failure);
    }

    [Fact]
    public void A_short_key_is_refused() =>
        FluentActions.Invoking(() => new SessionTokens(new byte[31], _time)).Should().ThrowExactly<ArgumentException>();

    public static string FlipLast(string token)
    {
        // Flip a character in the middle of the signature: the last one may only carry padding bits.
        var i = token.LastIndexOf('.') + 5;
        var c = token[i] == 'A' ? 'B' : 'A';
        return token[..i] + c + token[(i + 1)..];
    }
}
