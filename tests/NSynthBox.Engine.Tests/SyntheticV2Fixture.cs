using System.Text.Json.Nodes;
using NSynthBox.Neural;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Engine.Tests;

/// <summary>
/// The small synthetic v2 package (tests/Models/synthetic-v2): each instrument's code switches on one
/// control of the v2 synthesizer, with values fixed in make_test_model.py (repeated here as constants).
/// </summary>
public sealed class SyntheticV2Fixture : IDisposable
{
    public const double HoldDecaySeconds = 4.0, ReleaseRate = 2.0;
    public const double VibratoHz = 6.0, VibratoCents = 20.0;
    public const double Stretch = 4e-4, SubLevel = 0.2, BurstTau = 0.004;
    public const double LayerCents = 12.0, LayerHarmonic = 5;

    private readonly Lazy<(string Dir, ModelPackage Model)> _withoutLayer = new(CopyWithoutLayer);

    public ModelPackage Model { get; } = ModelPackage.Load(RepoPaths.SyntheticV2Model);

    /// <summary>The same graph with a manifest that lists no <c>layer</c> output: a model without a layer.</summary>
    public ModelPackage WithoutLayer => _withoutLayer.Value.Model;

    public SynthEngine NewEngine(string instrument, int polyphony = 16, ModelPackage? model = null)
    {
        model ??= Model;
        var engine = new SynthEngine(model, new EngineSettings { Polyphony = polyphony });
        var i = model.FindInstrument(instrument).Index;
        engine.SetInitialState([i, i, i, i]);
        return engine;
    }

    public void Dispose()
    {
        if (_withoutLayer.IsValueCreated) Directory.Delete(_withoutLayer.Value.Dir, recursive: true);
    }

    private static (string, ModelPackage) CopyWithoutLayer()
    {
        var dir = Directory.CreateTempSubdirectory("nsynthbox-synthetic-v2-no-layer-").FullName;
        foreach (var f in new[] { "manifest.json", "decoder.onnx" })
            File.Copy(Path.Combine(RepoPaths.SyntheticV2Model, f), Path.Combine(dir, f));
        var path = Path.Combine(dir, "manifest.json");
        var manifest = JsonNode.Parse(File.ReadAllText(path))!;
        var outputs = manifest["decoder"]!["outputs"]!.AsArray();
        outputs.Remove(outputs.Single(o => o!["name"]!.GetValue<string>() == DecoderOutputs.Layer));
        File.WriteAllText(path, manifest.ToJsonString());
        return (dir, ModelPackage.Load(dir));
    }
}
