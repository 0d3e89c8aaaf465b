using NSynthBox.Tests.Shared;

namespace NSynthBox.Cli.Tests;

/// <summary>A corrupt or mismatched model package at start-up, through 'nsynthbox run' as the service starts it.</summary>
public sealed class RunModelFallbackTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nsynthbox-model-fallback-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string State => Path.Combine(_root, "state");

    private string Package => Path.Combine(_root, "model");

    private void CopyModel()
    {
        Directory.CreateDirectory(Package);
        foreach (var file in new[] { "manifest.json", "decoder.onnx", "encoder.onnx" }) File.Copy(Path.Combine(RepoPaths.Model, file), Path.Combine(Package, file), overwrite: true);
    }

    private async Task<(int Exit, string Log)> RunBox()
    {
        using var box = CliRunner.Start(State, "run", "--sink", "null", "--duration", "1", "--model", Package);
        var output = box.StandardOutput.ReadToEndAsync();
        var errors = box.StandardError.ReadToEndAsync();
        Assert.True(box.WaitForExit(TimeSpan.FromMinutes(1)), "the box stops after --duration");
        return (box.ExitCode, await output + await errors);
    }

    [Fact]
    public async Task A_corrupt_decoder_is_named_and_the_box_plays_the_last_good_model()
    {
        CopyModel();
        var (exit, log) = await RunBox();
        Assert.True(exit == 0, log);
        Assert.Contains("kept as the last good model", log);

        // An update went wrong: one byte of the decoder changed.
        var decoder = Path.Combine(Package, "decoder.onnx");
        var bytes = File.ReadAllBytes(decoder);
        bytes[1000] ^= 0x01;
        File.WriteAllBytes(decoder, bytes);
        (exit, log) = await RunBox();

        Assert.True(exit == 0, log);
        Assert.Contains($"{decoder}: sha256 is", log);                          // the file and what was expected
        Assert.Contains("(the file is corrupt or from another model)", log);
        Assert.Contains("playing the last good model instead: hpn-v1", log);
        Assert.Contains(Path.Combine(State, "nsynthbox", "last-good-model"), log);
        Assert.Contains("nsynthbox run: model hpn-v1", log);                    // and it started
        Assert.Contains("stopped:", log);
    }

    [Fact]
    public async Task A_manifest_for_another_runtime_version_falls_back_and_without_a_last_good_model_the_start_fails_clearly()
    {
        CopyModel();
        var manifest = Path.Combine(Package, "manifest.json");
        var good = File.ReadAllText(manifest);
        File.WriteAllText(manifest, good.Replace("\"formatVersion\": 1", "\"formatVersion\": 99", StringComparison.Ordinal));
        Assert.NotEqual(good, File.ReadAllText(manifest));

        // Nothing kept yet: the start fails with one line naming the file, the field and what was expected.
        var (exit, log) = await RunBox();
        Assert.Equal(2, exit);
        Assert.Contains($"{manifest}: $.formatVersion", log);
        Assert.Contains("this runtime reads versions 1..2", log);
        Assert.Contains("no last good model", log);

        File.WriteAllText(manifest, good);
        (exit, log) = await RunBox();
        Assert.True(exit == 0, log);
        File.WriteAllText(manifest, good.Replace("\"formatVersion\": 1", "\"formatVersion\": 99", StringComparison.Ordinal));
        (exit, log) = await RunBox();
        Assert.True(exit == 0, log);
        Assert.Contains("this runtime reads versions 1..2", log);
        Assert.Contains("playing the last good model instead", log);
    }
}
