using Attendance.BotHost.PunchPage;
using Microsoft.Extensions.Time.Testing;

namespace Attendance.BotHost.Tests.PunchPage;

public sealed class OAuthStateTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    [Fact]
    public void A_state_is_good_for_ten_minutes_and_only_with_its_key()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_780_000_000));
        var states = new OAuthState(Key, time);
        var (state, expiresAt) = states.Issue();
        states.Check(state).Should().BeNull();
        expiresAt.Should().Be(time.GetUtcNow() + OAuthState.Lifetime);
        states.Issue().State.Should().NotBe(state);

        new OAuthState([.. Key.Reverse()], time).Check(state).Should().Be("bad signature");
        states.Check("1780000001" + state[10..]).Should().Be("bad signature");
        states.Check(state + "0").Should().Be("malformed");
        states.Check(null).Should().Be("malformed");

        time.Advance(TimeSpan.FromMinutes(9));
        states.Check(state).Should().BeNull();
        time.Advance(TimeSpan.FromMinutes(2));
        states.Check(state).Should().Be("expired");
    }
}
