using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NSynthBox.Neural;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Fuzz.Tests.Regressions;

/// <summary>Manifests the fuzz tests found that ModelPackage.Load did not refuse cleanly: each
/// threw something other than ModelPackageException, hung, or loaded a package the engine
/// then refused. Each must now fail with a message naming manifest.json and the key.</summary>
public sealed class ModelPackageRegressionTests : IDisposable
{
    private readonly TempFolder _temp = new("model-regression");

    public void Dispose() => _temp.Dispose();

    [Theory]
    // Was InvalidOperationException from JsonElement.GetSingle / GetInt32 on a string.
    [InlineData("$.instruments[0].code[0] = \"-0\"", "$.instruments[0].code")]
    [InlineData("$.instruments[0].range[1] = \"105\"", "$.instruments[0].range")]
    // Was FormatException from GetInt32 on a number that is not an int.
    [InlineData("$.instruments[0].range[1] = 1e10", "$.instruments[0].range")]
    [InlineData("$.instruments[0].range[0] = 24.5", "$.instruments[0].range")]
    [InlineData("$.decoder.inputs[0].shape[1] = 16.5", "$.decoder.inputs[0].shape")]
    [InlineData("$.decoder.outputs[1].shape[1] = 4294967296", "$.decoder.outputs[1].shape")]
    // Loaded as infinity: GetDouble gives +-Infinity for a number beyond double range.
    [InlineData("$.synth.noiseLowHz = 1e999", "$.synth.noiseLowHz")]
    [InlineData("$.decoder.maxOnsetSeconds = -1e999", "$.decoder.maxOnsetSeconds")]
    // Was InvalidOperationException from GetString on a lone surrogate escape.
    [InlineData("$.instruments[0].name = \"\\ud800\"", "$.instruments[0].name")]
    [InlineData("$.decoder.file = \"\\udc00x\"", "$.decoder.file")]
    // Loaded, then the engine refused it (SynthSettings ArgumentException) far from the file.
    [InlineData("$.synth.noiseSeed = 4294967296", "$.synth.noiseSeed")]
    [InlineData("$.synth.noiseSeed = 0", "$.synth.noiseSeed")]
    [InlineData("$.synth.harmonics = 300 && $.decoder.outputs[0].shape[1] = 300", "$.synth.harmonics")]
    [InlineData("$.synth.noiseBands = 1 && $.decoder.outputs[1].shape[1] = 1", "$.synth.noiseBands")]
    [InlineData("$.synth.aliasFade = 0", "$.synth.aliasFade")]
    [InlineData("$.synth.noiseHighHz = 10", "$.synth.noiseHighHz")]
    // Loaded with a note range the rest of the box takes as given.
    [InlineData("$.instruments[0].range = [105, 24]", "$.instruments[0].range")]
    [InlineData("$.instruments[0].range = [-5, 200]", "$.instruments[0].range")]
    // Hashed /dev/zero: File.ReadAllBytes read for ~17 s, then OutOfMemoryException. And files outside the package.
    [InlineData("$.decoder.file = \"/dev/zero\"", "$.decoder.file")]
    [InlineData("$.decoder.file = \"../hpn-v1/decoder.onnx\"", "$.decoder.file")]
    public void Manifest_value_is_refused_naming_manifest_and_key(string edits, string namedKey)
    {
        var e = LoadFails(SetRaw(edits));
        Assert.Contains(namedKey + ":", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_inside_a_string_is_refused_naming_the_key()
    {
        // Was InvalidOperationException: JsonDocument.Parse accepts it, GetString does not.
        var bytes = File.ReadAllBytes(Path.Combine(RepoPaths.Model, "manifest.json"));
        var name = Encoding.UTF8.GetBytes("Acoustic Grand Piano");
        int at = bytes.AsSpan().IndexOf(name);
        bytes[at + 3] = 0xF0;

        var e = LoadFails(bytes);

        Assert.Contains("$.instruments[0].name:", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Sets each "path = raw JSON" of <paramref name="edits"/> (joined by " &amp;&amp; ") in the committed manifest.</summary>
    private static byte[] SetRaw(string edits)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Model, "manifest.json")))!;
        var values = new List<string>();
        foreach (var edit in edits.Split(" && "))
        {
            var (path, rawValue) = (edit[..edit.IndexOf(" = ", StringComparison.Ordinal)], edit[(edit.IndexOf(" = ", StringComparison.Ordinal) + 3)..]);
            var parts = path.TrimStart('$').Replace("[", ".[", StringComparison.Ordinal).Split('.', StringSplitOptions.RemoveEmptyEntries);
            JsonNode parent = root;
            foreach (var part in parts[..^1])
            {
                parent = part.StartsWith('[') ? parent[int.Parse(part[1..^1], CultureInfo.InvariantCulture)]! : parent[part]!;
            }

            string placeholder = $"@@VALUE{values.Count}@@";
            values.Add(rawValue);
            string last = parts[^1];
            if (last.StartsWith('['))
            {
                parent[int.Parse(last[1..^1], CultureInfo.InvariantCulture)] = placeholder;
            }
            else
            {
                parent[last] = placeholder;
            }
        }

        string text = root.ToJsonString();
        for (int i = 0; i < values.Count; i++)
        {
            text = text.Replace($"\"@@VALUE{i}@@\"", values[i], StringComparison.Ordinal);
        }

        return Encoding.UTF8.GetBytes(text);
    }

    private ModelPackageException LoadFails(byte[] manifest)
    {
        string dir = _temp.NewFolder();
        File.Copy(Path.Combine(RepoPaths.Model, "decoder.onnx"), Path.Combine(dir, "decoder.onnx"));
        File.Copy(Path.Combine(RepoPaths.Model, "encoder.onnx"), Path.Combine(dir, "encoder.onnx"));
        File.WriteAllBytes(Path.Combine(dir, "manifest.json"), manifest);
        var load = Task.Run(() => ModelPackage.Load(dir));
        Assert.True(((IAsyncResult)load).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(20)), "ModelPackage.Load did not finish");
        var e = Assert.Throws<ModelPackageException>(() => load.GetAwaiter().GetResult());
        Assert.Contains(Path.Combine(dir, "manifest.json"), e.Message, StringComparison.Ordinal);
        return e;
    }
}
