namespace Attendance.Bench.Scenarios;

/// <summary>The storm's options, the same on every database: <c>--employees=20000 --sites=1000 --seconds=10 --rounds=5 --concurrency=32 --rate=1000</c>.</summary>
internal sealed record StormOptions(int Employees, int Sites, int Seconds, int Workers, int Offered, int Rounds)
{
    public static StormOptions From(BenchArgs options) => new(
        options.Int("employees", 20_000), options.Int("sites", 1_000), options.Int("seconds", 10), options.Int("concurrency", 32),
        options.Int("rate", 1_000), Math.Max(1, options.Int("rounds", 5)));

    /// <summary>One turn of a contender in the alternating rounds.</summary>
    public TimeSpan Slice => TimeSpan.FromSeconds(Math.Max(1.0, (double)Seconds / Rounds));
}

/// <summary>One contender of the closed-loop comparison: runs for a while, its sequence numbers starting at an offset.</summary>
internal delegate Task<LoadResult> Contender(TimeSpan duration, long offset);

/// <summary>
/// Contenders measured in turns, so a drift in the machine's other load falls on all alike: a warm-up of each (tiered
/// JIT settles; 2 s was not enough and counted compilation against the host), then rounds of one slice each.
/// </summary>
internal static class Alternation
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(4);

    public static async Task WarmUpAsync(params Contender[] contenders)
    {
        foreach (var contender in contenders)
        {
            await contender(WarmUp, 20_000_000);
        }
    }

    /// <summary>One result per contender, its slices merged.</summary>
    public static async Task<LoadResult[]> RoundsAsync(StormOptions options, params Contender[] contenders)
    {
        var results = contenders.Select(_ => new List<LoadResult>()).ToArray();
        for (var round = 0; round < options.Rounds; round++)
        {
            for (var c = 0; c < contenders.Length; c++)
            {
                results[c].Add(await contenders[c](options.Slice, round * 1_000_000L));
            }
        }

        return [.. results.Select(LoadResult.Merge)];
    }
}
