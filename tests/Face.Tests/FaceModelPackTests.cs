using Attendance.Testing.FaceModels;

namespace Attendance.Face.Tests;

public sealed class FaceModelPackTests : IDisposable
{
    private static readonly Dictionary<string, string> Pinned = new()
    {
        ["fr_detect.onnx"] = "6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854",
        ["fr_landmark.onnx"] = "f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258",
        ["fr_feature.onnx"] = "87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581",
        ["fr_liveness.onnx"] = "afa783b7e902fdfcf323a7240cac2a1c580c25314ea4161129dc1b0d100dc32d",
    };

    private readonly string scratch = Directory.CreateTempSubdirectory("face-pack-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void Fetched_pack_loads_with_the_pinned_hashes()
    {
        var pack = FaceModelPack.Load(FaceModelDirectory.Require());

        pack.Hashes.OrderBy(p => p.Key).Should().Equal(Pinned.OrderBy(p => p.Key));
    }

    [Fact]
    public void A_tampered_model_file_is_refused()
    {
        CopyPack();
        var path = Path.Combine(scratch, "fr_feature.onnx");
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        var e = FluentActions.Invoking(() => FaceModelPack.Load(scratch)).Should().ThrowExactly<FaceModelUnavailableException>().Which;

        e.Reason.Should().Contain("fr_feature.onnx");
        e.Message.Should().Contain("scripts/fetch-face-models.sh");
    }

    [Fact]
    public void A_missing_model_file_is_refused()
    {
        CopyPack();
        File.Delete(Path.Combine(scratch, "fr_detect.onnx"));

        var e = FluentActions.Invoking(() => FaceEngine.Create(scratch)).Should().ThrowExactly<FaceModelUnavailableException>().Which;

        e.Reason.Should().Be("fr_detect.onnx is missing");
    }

    [Fact]
    public void An_empty_directory_is_refused_for_its_missing_manifest()
    {
        var e = FluentActions.Invoking(() => FaceModelPack.Load(scratch)).Should().ThrowExactly<FaceModelUnavailableException>().Which;

        e.Reason.Should().Be("manifest.json is missing");
        e.Directory.Should().Be(scratch);
    }

    [Theory]
    [InlineData("not json", "manifest.json is not valid JSON")]
    [InlineData("{\"files\": {\"../fr_detect.onnx\": \"00\"}}", "manifest.json entry '../fr_detect.onnx' is invalid")]
    [InlineData("{\"files\": {\"fr_detect.onnx\": \"00\", \"fr_landmark.onnx\": \"00\"}}", "the manifest does not list fr_feature.onnx")]
    [InlineData("[]", "manifest.json has no \"files\" object")]
    public void A_malformed_manifest_is_refused(string manifest, string reason)
    {
        File.WriteAllText(Path.Combine(scratch, "manifest.json"), manifest);

        var e = FluentActions.Invoking(() => FaceModelPack.Load(scratch)).Should().ThrowExactly<FaceModelUnavailableException>().Which;

        e.Reason.Should().Be(reason);
    }

    private void CopyPack()
    {
        var source = FaceModelDirectory.Require();
        foreach (var file in Directory.GetFiles(source))
            File.Copy(file, Path.Combine(scratch, Path.GetFileName(file)));
    }
}
