namespace Attendance.Testing.Waiting;

/// <summary>
/// The one way tests wait: ask again until the answer satisfies the condition, or fail after the timeout with the
/// last answer. Never a fixed sleep: a fixed sleep passes when the awaited thing (or a duplicate) simply comes late.
/// </summary>
public static class Eventually
{
    /// <summary>How often <see cref="UntilAsync{T}"/> asks again.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// The first answer of <paramref name="probe"/> for which <paramref name="done"/> holds. After
    /// <paramref name="timeout"/>, a <see cref="TimeoutException"/> naming <paramref name="what"/> and the last answer.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what,
        Func<T, string>? describe = null, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (true)
        {
            var answer = await probe();
            if (done(answer))
            {
                return answer;
            }

            if (TimeProvider.System.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds:0.#} s; last answer: {describe?.Invoke(answer) ?? answer?.ToString()}");
            }

            // A probe that is a request to another process (a punch, a listing) is asked less often than an in-memory one.
            await Task.Delay(pollInterval ?? PollInterval, cancellationToken);
        }
    }
}
