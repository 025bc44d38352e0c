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
        Assert.Null(states.Check(state));
        Assert.Equal(time.GetUtcNow() + OAuthState.Lifetime, expiresAt);
        Assert.NotEqual(state, states.Issue().State);

        Assert.Equal("bad signature", new OAuthState([.. Key.Reverse()], time).Check(state));
        Assert.Equal("bad signature", states.Check("1780000001" + state[10..]));
        Assert.Equal("malformed", states.Check(state + "0"));
        Assert.Equal("malformed", states.Check(null));

        time.Advance(TimeSpan.FromMinutes(9));
        Assert.Null(states.Check(state));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("expired", states.Check(state));
    }
}
