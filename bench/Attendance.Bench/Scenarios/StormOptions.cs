namespace Attendance.Bench.Scenarios;

/// <summary>
/// The storm's options, the same on every database: <c>--employees=20000 --sites=1000 --seconds=10 --rounds=5
/// --concurrency=32 --rate=1000 --warmup=4</c> (the warm-up in seconds per contender).
/// </summary>
internal sealed record StormOptions(int Employees, int Sites, int Seconds, int Workers, int Offered, int Rounds, int WarmUpSeconds)
{
    public static StormOptions From(BenchArgs options, int warmUpSeconds) => new(
        options.Int("employees", 20_000), options.Int("sites", 1_000), options.Int("seconds", 10), options.Int("concurrency", 32),
        options.Int("rate", 1_000), Math.Max(1, options.Int("rounds", 5)), options.Int("warmup", warmUpSeconds));

    public void Deconstruct(out int employees, out int sites, out int seconds, out int workers, out int offered, out int rounds) =>
        (employees, sites, seconds, workers, offered, rounds) = (Employees, Sites, Seconds, Workers, Offered, Rounds);

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
    public static async Task WarmUpAsync(StormOptions options, params Contender[] contenders)
    {
        foreach (var contender in contenders)
        {
            await contender(TimeSpan.FromSeconds(options.WarmUpSeconds), 20_000_000);
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
