using System.Text.Json.Nodes;
using NSynthBox.Neural;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Neural.Tests;

/// <summary>Manifest v2 (docs/SYNTH.md): optional decoder outputs for the v2 synthesizer controls.</summary>
public sealed class ModelPackageV2Tests
{
    [Fact]
    public void V2_package_loads_with_its_optional_outputs()
    {
        var package = ModelPackage.Load(RepoPaths.SyntheticV2Model);
        Assert.Equal(2, package.FormatVersion);
        Assert.Equal(8, package.Synth.SubPartials);
        Assert.Null(package.MaxOnsetSeconds);
        Assert.All(DecoderOutputs.Optional, name => Assert.True(package.HasOutput(name), name));
        Assert.Equal(1, ModelPackage.Load(RepoPaths.Model).FormatVersion);
        Assert.False(ModelPackage.Load(RepoPaths.Model).HasOutput(DecoderOutputs.Stretch));
    }

    [Theory]
    [InlineData(2, "sub_amplitudes", 7)]
    [InlineData(3, "stretch", 2)]
    [InlineData(4, "modulation", 4)]
    [InlineData(5, "transient", 24)]
    [InlineData(6, "layer", 3)]
    public void An_output_of_the_wrong_width_is_refused_naming_file_and_field(int index, string name, int width)
    {
        using var copy = new PackageCopy(RepoPaths.SyntheticV2Model);
        copy.EditManifest(m => m["decoder"]!["outputs"]![index]!["shape"]![1] = width);
        var e = Assert.Throws<ModelPackageException>(() => ModelPackage.Load(copy.Dir));
        Assert.Contains("manifest.json", e.Message);
        Assert.Contains("$.decoder.outputs", e.Message);
        Assert.Contains($"{name}[batch,{width}]", e.Message);
    }

    [Fact]
    public void An_unknown_or_repeated_output_is_refused()
    {
        using var copy = new PackageCopy(RepoPaths.SyntheticV2Model);
        copy.EditManifest(m => m["decoder"]!["outputs"]![3]!["name"] = "pitch_bend");
        Assert.Contains("unknown output 'pitch_bend'", Assert.Throws<ModelPackageException>(() => ModelPackage.Load(copy.Dir)).Message);
        copy.EditManifest(m => m["decoder"]!["outputs"]![3]!["name"] = "sub_amplitudes");
        Assert.Contains("listed twice", Assert.Throws<ModelPackageException>(() => ModelPackage.Load(copy.Dir)).Message);
    }

    [Fact]
    public void A_v2_package_without_the_optional_outputs_loads_and_decodes()
    {
        using var copy = new PackageCopy(RepoPaths.SyntheticV2Model);
        copy.EditManifest(m =>
        {
            var outputs = m["decoder"]!["outputs"]!.AsArray();
            while (outputs.Count > 2) outputs.RemoveAt(2);
        });
        var package = ModelPackage.Load(copy.Dir);
        Assert.All(DecoderOutputs.Optional, name => Assert.False(package.HasOutput(name), name));
        using var decoder = new NeuralDecoder(package, maxBatch: 2);
        Assert.Empty(decoder.Stretch);
        decoder.F0[0] = 220f;
        decoder.Velocity[0] = 1f;
        decoder.TimeSinceRelease[0] = -1f;
        decoder.Decode(1);
        Assert.Equal(0.2f, decoder.Harmonics[0], 5);
    }

    [Fact]
    public void A_v2_manifest_must_state_the_eight_sub_partials()
    {
        using var copy = new PackageCopy(RepoPaths.SyntheticV2Model);
        copy.EditManifest(m => m["synth"]!["subPartials"] = 4);
        var e = Assert.Throws<ModelPackageException>(() => ModelPackage.Load(copy.Dir));
        Assert.Contains("$.synth.subPartials", e.Message);
        copy.EditManifest(m => m["synth"]!.AsObject().Remove("subPartials"));
        Assert.Contains("$.synth.subPartials", Assert.Throws<ModelPackageException>(() => ModelPackage.Load(copy.Dir)).Message);
    }

    [Fact]
    public void The_decoder_fills_the_optional_outputs_per_voice()
    {
        var package = ModelPackage.Load(RepoPaths.SyntheticV2Model);
        using var decoder = new NeuralDecoder(package, maxBatch: 2);
        package.FindInstrument("Violin-like").Code.CopyTo(decoder.Latent, 0);
        package.FindInstrument("Everything").Code.CopyTo(decoder.Latent, package.LatentSize);
        for (var b = 0; b < 2; b++)
        {
            decoder.F0[b] = 220f;
            decoder.Velocity[b] = 1f;
            decoder.TimeSinceRelease[b] = -1f;
        }
        decoder.Decode(2);
        Assert.Equal([6f, 20f, 0.1f], decoder.Modulation.AsSpan(0, 3).ToArray());
        Assert.Equal(0f, decoder.Stretch[0]);
        Assert.Equal(4e-4f, decoder.Stretch[1], 7);
        Assert.Equal(0.2f, decoder.SubAmplitudes[8], 5);
        Assert.Equal(0.3f, decoder.Transient[25], 5);
        Assert.Equal(0.004f, decoder.Transient[49], 6);
        Assert.Equal([0f, 0f, 12f, 1f], decoder.Layer);
    }
}
