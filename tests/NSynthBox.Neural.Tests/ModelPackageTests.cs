using System.Text.Json;
using System.Text.Json.Nodes;
using NSynthBox.Neural;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Neural.Tests;

public sealed class ModelPackageTests
{
    [Fact]
    public void Committed_package_loads_with_its_instruments()
    {
        var package = ModelPackage.Load(RepoPaths.Model);
        Assert.Equal(48000, package.SampleRate);
        Assert.Equal(200, package.FrameRate);
        Assert.True(package.Instruments.Count >= 64);
        Assert.All(package.Instruments, i => Assert.Equal(package.LatentSize, i.Code.Length));
        Assert.Equal("Flute", package.FindInstrument("flute").Name);
        Assert.Equal("Flute", package.FindInstrument("73").Name);
        Assert.Equal("Acoustic Grand Piano", package.FindInstrument("gm:0").Name);
    }

    [Fact]
    public void Your_sounds_are_found_by_the_number_docs_sounds_md_gives_them()
    {
        var model = ModelPackage.Load(RepoPaths.Model);
        var package = model.WithExtraInstruments([("My cello", new float[model.LatentSize]), ("Kalimba", new float[model.LatentSize])]);
        Assert.Equal("My cello", package.FindInstrument(model.Instruments.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)).Name); // 112 on hpn-v1
        Assert.Equal("Kalimba", package.FindInstrument((model.Instruments.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)).Name);
        Assert.Equal("Flute", package.FindInstrument("73").Name); // a GM program still comes first
        var e = Assert.Throws<ArgumentException>(() => package.FindInstrument("gm:112"));
        Assert.DoesNotContain("your sounds", e.Message); // gm: asks for a GM program only
        e = Assert.Throws<ArgumentException>(() => package.FindInstrument("200"));
        Assert.Contains($"your sounds ({model.Instruments.Count}..{model.Instruments.Count + 1}", e.Message);
    }

    [Fact]
    public void Unknown_instrument_names_the_input()
    {
        var package = ModelPackage.Load(RepoPaths.Model);
        var e = Assert.Throws<ArgumentException>(() => package.FindInstrument("kazoo"));
        Assert.Contains("'kazoo'", e.Message);
    }

    [Fact]
    public void Missing_folder_says_what_was_expected()
    {
        var e = Assert.Throws<ModelPackageException>(() => ModelPackage.Load("/nonexistent/model"));
        Assert.Contains("manifest.json", e.Message);
        Assert.Contains("expected a model folder", e.Message);
    }

    [Fact]
    public void Corrupt_decoder_file_is_refused_by_its_hash()
    {
        using var copy = new PackageCopy();
        var onnx = Path.Combine(copy.Dir, "decoder.onnx");
        var bytes = File.ReadAllBytes(onnx);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(onnx, bytes);
        var e = Assert.Throws<ModelPackageException>(() => ModelPackage.Load(copy.Dir));
        Assert.Contains("decoder.onnx", e.Message);
        Assert.Contains("sha256", e.Message);
    }

    [Fact]
    public void Manifest_with_wrong_latent_size_names_the_field()
    {
        using var copy = new PackageCopy();
        copy.EditManifest(m => m["latentSize"] = 8);
        var e = Assert.Throws<ModelPackageException>(() => ModelPackage.Load(copy.Dir));
        Assert.Contains("manifest.json", e.Message);
        Assert.Contains("inputs", e.Message);
    }

    [Fact]
    public void Manifest_that_is_not_json_is_refused()
    {
        using var copy = new PackageCopy();
        File.WriteAllText(Path.Combine(copy.Dir, "manifest.json"), "{ not json");
        var e = Assert.Throws<ModelPackageException>(() => ModelPackage.Load(copy.Dir));
        Assert.Contains("not valid JSON", e.Message);
    }

    [Fact]
    public void Manifest_from_a_newer_format_is_refused()
    {
        using var copy = new PackageCopy();
        copy.EditManifest(m => m["formatVersion"] = 99);
        var e = Assert.Throws<ModelPackageException>(() => ModelPackage.Load(copy.Dir));
        Assert.Contains("formatVersion", e.Message);
        Assert.Contains("99", e.Message);
    }

    [Fact]
    public void Instrument_code_of_wrong_length_names_the_instrument()
    {
        using var copy = new PackageCopy();
        copy.EditManifest(m => m["instruments"]![3]!["code"] = new JsonArray(1, 2));
        var e = Assert.Throws<ModelPackageException>(() => ModelPackage.Load(copy.Dir));
        Assert.Contains("instruments[3].code", e.Message);
    }
}
