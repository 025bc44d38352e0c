using Attendance.Bench.Scenarios;

// One scenario per run: `dotnet run -c Release --project bench/Attendance.Bench -- <scenario> [--key=value ...]`.
// Each prints its progress and, as its last line, one JSON object with its figures.
return args.FirstOrDefault() switch
{
    "storm" => await StormScenario.RunAsync(args[1..]),
    "days" => await DaysScenario.RunAsync(args[1..]),
    "digest" => await DigestScenario.RunAsync(args[1..]),
    "photo" => await PhotoScenario.RunAsync(args[1..]),
    "metrics" => await MetricsScenario.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Attendance.Bench -- <scenario> [--key=value ...]\n  scenarios: storm, days, digest, photo, metrics");
    return 2;
}
