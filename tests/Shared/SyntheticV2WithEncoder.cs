using System.Text.Json.Nodes;

namespace NSynthBox.Tests.Shared;

/// <summary>
/// The synthetic v2 test package (tests/Models/synthetic-v2) in a temporary folder, lent hpn-v1's sound
/// encoder (same feature recipe and latent size; the manifest entry names this decoder), so that the
/// import path can run against a v2 decoder before a trained v2 package with its own encoder is
/// committed. The encoder's guesses mean nothing for this decoder; the features, the v2 fit and the
/// refinement are the real ones.
/// </summary>
internal sealed class SyntheticV2WithEncoder : IDisposable
{
    public SyntheticV2WithEncoder()
    {
        Dir = Directory.CreateTempSubdirectory("nsynthbox-synthetic-v2-").FullName;
        foreach (var f in new[] { "manifest.json", "decoder.onnx" })
            File.Copy(Path.Combine(RepoPaths.SyntheticV2Model, f), Path.Combine(Dir, f));
        File.Copy(Path.Combine(RepoPaths.Model, "encoder.onnx"), Path.Combine(Dir, "encoder.onnx"));
        var v1 = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Model, "manifest.json")))!;
        var path = Path.Combine(Dir, "manifest.json");
        var manifest = JsonNode.Parse(File.ReadAllText(path))!;
        var encoder = v1["encoder"]!.DeepClone();
        encoder["decoderSha256"] = manifest["decoder"]!["sha256"]!.GetValue<string>();
        manifest["encoder"] = encoder;
        File.WriteAllText(path, manifest.ToJsonString());
    }

    public string Dir { get; }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
