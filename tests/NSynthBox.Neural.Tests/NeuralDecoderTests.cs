using System.Text.Json;
using NSynthBox.Neural;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Neural.Tests;

public sealed class NeuralDecoderTests
{
    [Theory]
    [InlineData("hpn-v1")]
    [InlineData("hpn-v2")]
    public void Onnx_runtime_reproduces_the_torch_reference_pairs_for_every_output(string model)
    {
        var directory = RepoPaths.Combine("models", model);
        var package = ModelPackage.Load(directory);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "reference", "decoder_pairs.json")));
        var inputs = doc.RootElement.GetProperty("inputs");
        var outputs = doc.RootElement.GetProperty("outputs");
        var z = Rows(inputs.GetProperty("z"));
        var batch = z.Length;
        using var decoder = new NeuralDecoder(package, batch);
        for (var b = 0; b < batch; b++)
        {
            z[b].CopyTo(decoder.Latent, b * package.LatentSize);
            decoder.F0[b] = Rows(inputs.GetProperty("f0_hz"))[b][0];
            decoder.Velocity[b] = Rows(inputs.GetProperty("velocity"))[b][0];
            decoder.TimeSinceOnset[b] = Rows(inputs.GetProperty("time_since_onset"))[b][0];
            decoder.TimeSinceRelease[b] = Rows(inputs.GetProperty("time_since_release"))[b][0];
        }
        decoder.Decode(batch);
        var checkedOutputs = 0;
        foreach (var output in outputs.EnumerateObject())
        {
            var actual = output.Name switch
            {
                DecoderOutputs.HarmonicAmplitudes => decoder.Harmonics,
                DecoderOutputs.NoiseGains => decoder.Noise,
                DecoderOutputs.SubAmplitudes => decoder.SubAmplitudes,
                DecoderOutputs.Stretch => decoder.Stretch,
                DecoderOutputs.Modulation => decoder.Modulation,
                DecoderOutputs.Transient => decoder.Transient,
                DecoderOutputs.Layer => decoder.Layer,
                _ => throw new InvalidOperationException($"decoder_pairs.json has an output '{output.Name}' the decoder does not bind"),
            };
            var expected = Rows(output.Value);
            Assert.Equal(expected[0].Length, actual.Length / decoder.MaxBatch);
            AssertClose(expected, actual, expected[0].Length, output.Name);
            checkedOutputs++;
        }
        Assert.Equal(package.Outputs.Count, checkedOutputs);
    }

    [Fact]
    public void Batch_rows_are_independent_of_batch_size()
    {
        var package = ModelPackage.Load(RepoPaths.Model);
        using var decoder = new NeuralDecoder(package, 16);
        var code = package.Instruments[5].Code;
        for (var b = 0; b < 16; b++)
        {
            code.CopyTo(decoder.Latent, b * package.LatentSize);
            decoder.F0[b] = 220f * (1 + b * 0.1f);
            decoder.Velocity[b] = 0.8f;
            decoder.TimeSinceOnset[b] = 0.3f;
            decoder.TimeSinceRelease[b] = -1f;
        }
        decoder.Decode(1);
        var single = decoder.Harmonics[..package.Harmonics];
        decoder.Decode(16);
        for (var k = 0; k < package.Harmonics; k++) Assert.Equal(single[k], decoder.Harmonics[k], 5);
    }

    [Fact]
    public void Unavailable_gpu_provider_falls_back_to_cpu_and_says_why()
    {
        var package = ModelPackage.Load(RepoPaths.Model);
        using var decoder = new NeuralDecoder(package, 2, ExecutionProviderKind.Cuda);
        if (decoder.ExecutionProvider == ExecutionProviderKind.Cuda) return; // a machine with CUDA: nothing to fall back from
        Assert.Equal(ExecutionProviderKind.Cpu, decoder.ExecutionProvider);
        Assert.Contains("CPU", decoder.ProviderFallback);
    }

    [Fact]
    public void Corner_blend_hits_each_corner_and_the_centre()
    {
        float[] tl = [1, 0], tr = [0, 1], bl = [2, 2], br = [4, 0];
        var z = new float[2];
        LatentGrid.Blend(tl, tr, bl, br, 0, 0, z);
        Assert.Equal(tl, z);
        LatentGrid.Blend(tl, tr, bl, br, 1, 0, z);
        Assert.Equal(tr, z);
        LatentGrid.Blend(tl, tr, bl, br, 0, 1, z);
        Assert.Equal(bl, z);
        LatentGrid.Blend(tl, tr, bl, br, 1, 1, z);
        Assert.Equal(br, z);
        LatentGrid.Blend(tl, tr, bl, br, 0.5f, 0.5f, z);
        Assert.Equal([1.75f, 0.75f], z);
    }

    private static float[][] Rows(JsonElement e) =>
        e.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();

    private static void AssertClose(float[][] expected, float[] actual, int width, string name = "")
    {
        for (var b = 0; b < expected.Length; b++)
        {
            for (var k = 0; k < width; k++)
            {
                var want = expected[b][k];
                var got = actual[b * width + k];
                Assert.True(Math.Abs(want - got) <= 1e-5 + 1e-3 * Math.Abs(want), $"{name} row {b} column {k}: torch {want}, onnx runtime {got}");
            }
        }
    }
}
