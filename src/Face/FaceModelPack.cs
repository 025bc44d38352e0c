using System.Security.Cryptography;
using System.Text.Json;

namespace Attendance.Face;

/// <summary>
/// A directory of ONNX models with a manifest.json naming each file and its sha256. The pack is replaceable
/// (its weights' licence is an open question, see docs/face.md), so nothing but the manifest ties us to one source.
/// </summary>
public sealed class FaceModelPack
{
    public const string ManifestFileName = "manifest.json";
    public const string DetectorFile = "fr_detect.onnx";
    public const string LandmarkFile = "fr_landmark.onnx";
    public const string FeatureFile = "fr_feature.onnx";

    private static readonly string[] RequiredFiles = [DetectorFile, LandmarkFile, FeatureFile];

    private FaceModelPack(string directory, IReadOnlyDictionary<string, string> hashes)
    {
        Directory = directory;
        Hashes = hashes;
    }

    public string Directory { get; }

    /// <summary>File name → lower-case hex sha256, as the manifest lists and the files were verified against.</summary>
    public IReadOnlyDictionary<string, string> Hashes { get; }

    public string DetectorPath => Path.Combine(Directory, DetectorFile);

    public string LandmarkPath => Path.Combine(Directory, LandmarkFile);

    public string FeaturePath => Path.Combine(Directory, FeatureFile);

    /// <summary>Reads the manifest and checks every listed file's hash; throws <see cref="FaceModelUnavailableException"/>.</summary>
    public static FaceModelPack Load(string directory)
    {
        var full = Path.GetFullPath(directory);
        var hashes = ReadManifest(full);
        foreach (var required in RequiredFiles)
        {
            if (!hashes.ContainsKey(required))
                throw new FaceModelUnavailableException(full, $"the manifest does not list {required}");
        }

        foreach (var (file, expected) in hashes)
        {
            var path = Path.Combine(full, file);
            if (!File.Exists(path))
                throw new FaceModelUnavailableException(full, $"{file} is missing");
            var actual = Sha256Of(path);
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
                throw new FaceModelUnavailableException(full, $"{file} has sha256 {actual}, the manifest says {expected}");
        }

        return new FaceModelPack(full, hashes);
    }

    private static Dictionary<string, string> ReadManifest(string directory)
    {
        var manifestPath = Path.Combine(directory, ManifestFileName);
        if (!File.Exists(manifestPath))
            throw new FaceModelUnavailableException(directory, $"{ManifestFileName} is missing");

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Object)
                throw new FaceModelUnavailableException(directory, $"{ManifestFileName} has no \"files\" object");

            var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in files.EnumerateObject())
            {
                // A manifest entry must be a plain file name: the pack never reaches outside its directory.
                if (entry.Value.ValueKind != JsonValueKind.String || entry.Name != Path.GetFileName(entry.Name))
                    throw new FaceModelUnavailableException(directory, $"{ManifestFileName} entry '{entry.Name}' is invalid");
                hashes[entry.Name] = entry.Value.GetString()!;
            }

            return hashes;
        }
        catch (JsonException e)
        {
            throw new FaceModelUnavailableException(directory, $"{ManifestFileName} is not valid JSON", e);
        }
    }

    private static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
