using Attendance.Bench.Scenarios;

// One scenario per run: `dotnet run -c Release --project bench/Attendance.Bench -- <scenario>`.
// Each prints its figures and, as its last line, one JSON object.
var scenario = args.Length > 0 ? args[0] : "";
return scenario switch
{
    "days" => await DaysScenario.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Attendance.Bench <scenario>   scenarios: days");
    return 2;
}
