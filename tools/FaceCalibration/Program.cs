using System.Diagnostics;
using System.Globalization;
using Attendance.Face;

// Usage: dotnet run --project tools/FaceCalibration -- [photo-dir] [model-dir]
// photo-dir holds one folder per person; defaults are the test fixtures and models/face at the repository root.
var root = RepositoryRoot();
var photoDir = args.Length > 0 ? args[0] : Path.Combine(root, "tests/Face.Tests/Fixtures/faces");
var modelDir = args.Length > 1 ? args[1]
    : Environment.GetEnvironmentVariable("FACE_MODEL_DIR") ?? Path.Combine(root, "models/face");

using var engine = FaceEngine.Create(modelDir, new FaceEngineOptions { Workers = 1 });
var thresholds = FaceThresholds.Default;

var people = new List<(string Person, string File, float[] Embedding)>();
var times = new List<double>();
foreach (var dir in Directory.GetDirectories(photoDir).Order(StringComparer.Ordinal))
{
    foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
    {
        var bytes = File.ReadAllBytes(file);
        var watch = Stopwatch.StartNew();
        var analysis = engine.Analyze(bytes);
        times.Add(watch.Elapsed.TotalMilliseconds);
        if (analysis.Embedding is null)
        {
            var faces = string.Join(", ", analysis.Faces.Select(f => string.Create(CultureInfo.InvariantCulture,
                $"{f.Score:F3} at ({f.Box.X:F0}, {f.Box.Y:F0}) side {f.Box.Side:F0}")));
            Console.WriteLine($"skipped {Path.GetFileName(dir)}/{Path.GetFileName(file)}: {analysis.Outcome} [{faces}]");
            continue;
        }

        people.Add((Path.GetFileName(dir), Path.GetFileName(file), analysis.Embedding));
    }
}

var same = new List<float>();
var different = new List<float>();
for (var i = 0; i < people.Count; i++)
{
    for (var j = i + 1; j < people.Count; j++)
    {
        var similarity = FaceMath.Cosine(people[i].Embedding, people[j].Embedding);
        (people[i].Person == people[j].Person ? same : different).Add(similarity);
    }
}

var personCount = people.Select(p => p.Person).Distinct().Count();
Console.WriteLine($"{people.Count} photos of {personCount} people with one face; " +
    $"{same.Count} same-person pairs, {different.Count} different-person pairs");
times.Sort();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"per image (one worker, first excluded): median {Percentile(times.Skip(1).ToList(), 50):F1} ms, max {times.Skip(1).Max():F1} ms"));
Console.WriteLine();
Console.WriteLine("| pairs | n | min | p5 | p25 | median | mean | p75 | p95 | max |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
Console.WriteLine(Row("same person", same));
Console.WriteLine(Row("different people", different));
Console.WriteLine();
Console.WriteLine("| match threshold | false rejects (same < t) | false accepts (different ≥ t) |");
Console.WriteLine("|---|---|---|");
foreach (var t in new[] { 0.25f, 0.30f, 0.35f, 0.40f, 0.45f, 0.50f })
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {t:F2} | {same.Count(s => s < t)} | {different.Count(d => d >= t)} |"));
}

Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Defaults (match {thresholds.Match:F2}, review {thresholds.Review:F2}):"));
Console.WriteLine("| pairs | match | uncertain (review) | mismatch |");
Console.WriteLine("|---|---|---|---|");
Console.WriteLine(Verdicts("same person", same, thresholds));
Console.WriteLine(Verdicts("different people", different, thresholds));

static string Verdicts(string name, List<float> values, FaceThresholds thresholds)
{
    var verdicts = values.Select(v => FaceDecision.Decide(v, thresholds)).ToList();
    return $"| {name} | {verdicts.Count(v => v == FaceVerdict.Match)} | " +
        $"{verdicts.Count(v => v == FaceVerdict.Uncertain)} | {verdicts.Count(v => v == FaceVerdict.Mismatch)} |";
}

static string Row(string name, List<float> values)
{
    var sorted = values.Order().ToList();
    return string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {sorted.Count} | {sorted[0]:F3} | {Percentile(sorted, 5):F3} | {Percentile(sorted, 25):F3} | " +
        $"{Percentile(sorted, 50):F3} | {sorted.Average():F3} | {Percentile(sorted, 75):F3} | " +
        $"{Percentile(sorted, 95):F3} | {sorted[^1]:F3} |");
}

// Linear interpolation between closest ranks, on an ascending list.
static double Percentile<T>(List<T> sorted, double p) where T : IConvertible
{
    var rank = p / 100 * (sorted.Count - 1);
    var low = (int)Math.Floor(rank);
    var high = Math.Min(low + 1, sorted.Count - 1);
    var a = sorted[low].ToDouble(CultureInfo.InvariantCulture);
    var b = sorted[high].ToDouble(CultureInfo.InvariantCulture);
    return a + ((b - a) * (rank - low));
}

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Attendance.sln")))
            return dir.FullName;
    }

    return Directory.GetCurrentDirectory();
}
