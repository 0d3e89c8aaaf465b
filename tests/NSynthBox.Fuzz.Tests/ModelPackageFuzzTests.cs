using CsCheck;
using NSynthBox.Dsp;
using NSynthBox.Neural;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Fuzz.Tests;

/// <summary>
/// A model package whose manifest.json was damaged or hand-edited is refused at load with a
/// <see cref="ModelPackageException"/> naming manifest.json, never another exception; and what
/// loads is something the synthesizer can run (the engine would otherwise fail later, far from
/// the file that is wrong).
/// </summary>
public sealed class ModelPackageFuzzTests
{
    private static readonly string Manifest = File.ReadAllText(Path.Combine(RepoPaths.Model, "manifest.json"));

    [Fact]
    public void Json_level_mutations_of_the_manifest_load_or_fail_naming_manifest_json()
    {
        using var temp = new TempFolder("model");
        Fuzz.Check(JsonMutations.Mutation1.Array[1, 3], mutations =>
            LoadOrReject(temp, System.Text.Encoding.UTF8.GetBytes(JsonMutations.Apply(Manifest, mutations))),
            ciIterations: 600, print: m => JsonMutations.Describe(Manifest, m));
    }

    [Fact]
    public void Byte_level_mutations_of_the_manifest_load_or_fail_naming_manifest_json()
    {
        using var temp = new TempFolder("model");
        var seeds = new[] { ("manifest.json", File.ReadAllBytes(Path.Combine(RepoPaths.Model, "manifest.json"))) };
        Fuzz.Check(ByteMutations.Of(seeds, maxMutations: 2), c => LoadOrReject(temp, c.Bytes), ciIterations: 200,
            print: c => $"{string.Join("; ", c.Mutations)}");
    }

    [Fact]
    public void The_committed_package_loads_and_passes_the_same_checks()
    {
        using var temp = new TempFolder("model");
        LoadOrReject(temp, File.ReadAllBytes(Path.Combine(RepoPaths.Model, "manifest.json")), mustLoad: true);
    }

    private static void LoadOrReject(TempFolder temp, byte[] manifest, bool mustLoad = false)
    {
        string dir = temp.NewFolder();
        try
        {
            string manifestPath = Path.Combine(dir, "manifest.json");
            File.Copy(Path.Combine(RepoPaths.Model, "decoder.onnx"), Path.Combine(dir, "decoder.onnx"));
            File.Copy(Path.Combine(RepoPaths.Model, "encoder.onnx"), Path.Combine(dir, "encoder.onnx"));
            File.WriteAllBytes(manifestPath, manifest);
            ModelPackage package;
            try
            {
                package = ModelPackage.Load(dir);
            }
            catch (ModelPackageException e) when (!mustLoad)
            {
                Assert.Contains(manifestPath, e.Message, StringComparison.Ordinal);
                return;
            }

            CheckUsable(package);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>What the engine and the panel take from a loaded package without checking again.</summary>
    private static void CheckUsable(ModelPackage package)
    {
        var synth = package.Synth;
        _ = new SynthSettings(48000, package.FrameRate, synth.Harmonics, synth.NoiseBands, synth.NoiseLowHz, synth.NoiseHighHz, synth.AliasFade, synth.NoiseSeed);
        Assert.NotEmpty(package.Instruments);
        foreach (var instrument in package.Instruments)
        {
            Assert.Equal(package.LatentSize, instrument.Code.Length);
            Assert.All(instrument.Code, v => Assert.True(float.IsFinite(v)));
            Assert.InRange(instrument.Program, 0, 127);
            Assert.InRange(instrument.LowNote, 0, 127);
            Assert.InRange(instrument.HighNote, instrument.LowNote, 127);
            Assert.NotNull(instrument.Name);
            Assert.NotNull(instrument.Family);
        }

        Assert.True(package.MaxOnsetSeconds is null || double.IsFinite(package.MaxOnsetSeconds.Value), $"maxOnsetSeconds {package.MaxOnsetSeconds}");
        Assert.NotNull(package.Name);
        Assert.NotNull(package.Version);
    }
}
