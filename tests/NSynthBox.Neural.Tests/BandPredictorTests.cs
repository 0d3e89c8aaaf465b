using System.Text.Json.Nodes;
using NSynthBox.Neural.Encoding;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Neural.Tests;

/// <summary>
/// The import's band prediction from v2 decoder frames (sub-partials, stretched partials, tremolo, a detuned layer) against
/// the Python pipeline's (tests/Models/synthetic-v2/band_predictions.json, written by
/// models/pipeline/make_band_reference.py).
/// </summary>
public sealed class BandPredictorTests
{
    private static float[] Floats(JsonNode? node) => node!.AsArray().Select(v => (float)v!.GetValue<double>()).ToArray();

    [Fact]
    public void V2_frames_give_the_python_band_powers()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.SyntheticV2Model, "band_predictions.json")))!;
        var edges = json["bandEdgesHz"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        var noiseToBands = json["noiseToBands"]!.AsArray().SelectMany(r => r!.AsArray().Select(v => v!.GetValue<double>())).ToArray();
        var bands = edges.Length - 1;
        var spec = new EncoderSpec("none", 48000, 2048, 1440, 100, bands, edges, noiseToBands, 70, 100 / 127.0, 0.15, 0.5, 300, 2);
        var synth = ModelPackage.Load(RepoPaths.SyntheticV2Model).Synth;
        var predictor = new BandPredictor(spec, synth, json["sampleRate"]!.GetValue<int>());
        var predicted = new float[bands];
        foreach (var c in json["cases"]!.AsArray())
        {
            predictor.Predict((float)c!["f0_hz"]!.GetValue<double>(), Floats(c["harmonics"]), Floats(c["noise"]), Floats(c["sub"]),
                (float)c["stretch"]!.GetValue<double>(), (float)c["tremolo"]!.GetValue<double>(),
                (float)c["layer_gain"]!.GetValue<double>(), predicted);
            var expected = Floats(c["bands_db"]);
            for (var j = 0; j < bands; j++)
            {
                Assert.True(Math.Abs(predicted[j] - expected[j]) < 0.01,
                    $"{c["name"]}: band {j} ({edges[j]:F0} Hz): {predicted[j]:F3} vs {expected[j]:F3} dB");
            }
        }
    }
}
