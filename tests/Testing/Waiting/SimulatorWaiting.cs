using Attendance.Testing.Waiting;

// In the simulator's namespace so every test that holds a WeComSimulator finds it without another using.
namespace Attendance.WeCom.Simulator;

public static class SimulatorWaiting
{
    /// <summary>Waits until a received message matches, polling; throws TimeoutException with what did arrive.</summary>
    public static async Task<SimulatedMessage> WaitForMessageAsync(this WeComSimulator wecom, Func<SimulatedMessage, bool> match, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        (await Eventually.UntilAsync(() => Task.FromResult(wecom.Messages.FirstOrDefault(match)), found => found is not null,
            timeout ?? TimeSpan.FromSeconds(10), "a matching WeCom message",
            _ => "received: " + string.Join(" | ", wecom.Messages.Select(m => m.Json)), cancellationToken: cancellationToken))!;
}
