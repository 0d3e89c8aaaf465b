using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Cli.Tests;

/// <summary>
/// The hostile tester's cases (issue 18, corpus in Hostile/), through the built program as a performer or the service
/// starts it: each ends in a clean refusal (one line naming the input, exit 2) or in a box that plays (exit 0, the
/// problem named once), never a stack trace, a hang or a lost file.
/// </summary>
public sealed class HostileCorpusTests : IDisposable
{
    private static readonly string Corpus = RepoPaths.Combine("tests", "NSynthBox.Cli.Tests", "Hostile");
    private readonly string _root = Directory.CreateTempSubdirectory("nsynthbox-hostile-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string StateHome => Path.Combine(_root, "home");

    private string State => Path.Combine(StateHome, "nsynthbox");

    private async Task<(int Exit, string Log)> Run(params string[] args)
    {
        using var p = CliRunner.Start(StateHome, args);
        var output = p.StandardOutput.ReadToEndAsync();
        var errors = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"nsynthbox {string.Join(' ', args)} hung");
        }
        var log = await output + await errors;
        Assert.DoesNotContain("Unhandled exception", log);
        Assert.DoesNotContain("\n   at ", log); // no stack trace
        return (p.ExitCode, log);
    }

    [Fact]
    public async Task Hand_edited_state_files_a_taken_web_port_and_a_bad_panel_setting_leave_a_playing_box()
    {
        Directory.CreateDirectory(State);
        File.Copy(Path.Combine(Corpus, "state", "patch-null-corner.json"), Path.Combine(State, "patch-01.json"));
        File.Copy(Path.Combine(Corpus, "state", "patch-version-99.json"), Path.Combine(State, "patch-02.json"));
        File.Copy(Path.Combine(Corpus, "state", "patch-corner-9999.json"), Path.Combine(State, "patch-03.json"));
        File.Copy(Path.Combine(Corpus, "state", "panel-settings-channel-99.json"), Path.Combine(State, "panel-settings.json"));
        var sound = Path.Combine(State, "sounds", "aaaaaaaaaaaa");
        Directory.CreateDirectory(sound);
        File.Copy(Path.Combine(Corpus, "state", "sound-null-code.json"), Path.Combine(sound, "sound.json"));
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var wav = Path.Combine(_root, "take.wav");

        var (exit, log) = await Run("run", "--wav", wav, "--duration", "1", "--web", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(exit == 0, log);
        Assert.Contains("patch-01.json: not a patch ('corners': expected instrument numbers, found null)", log);
        Assert.Contains("patch-02.json: not a patch ('version' = 99: expected 1", log);
        Assert.Contains("patch-03.json: not a patch ('corners' = [9999, 1, 2, 3]: expected instrument numbers 0..4095)", log);
        Assert.Contains("sound.json: not a sound entry ('code': expected finite numbers, found null)", log);
        Assert.Contains("panel-settings.json: midiChannel = 99: expected 0 (omni) or 1..16", log);
        Assert.Contains($"web panel: cannot listen on 127.0.0.1 port {port}: another program uses that port", log);
        Assert.Contains("playing without the web panel", log);
        Assert.Contains("stopped:", log);
        Assert.True(new FileInfo(wav).Length > 44, "the WAV holds the second played");
    }

    [Fact]
    public async Task Render_refuses_what_cannot_end_well_in_one_line_and_leaves_nothing_behind()
    {
        var song = Path.Combine(Corpus, "songs", "delta-0x0fffffff.mid");
        var output = Path.Combine(_root, "out.wav");
        var (exit, log) = await Run("render", song, "-o", output, "--quiet");
        Assert.Equal(2, exit);
        Assert.Contains("delta-0x0fffffff.mid: its last event is 77.7 hours in; render plays songs of at most 2 hours", log);

        (exit, log) = await Run("render", "/dev/zero", "-o", output, "--quiet");
        Assert.Equal(2, exit);
        Assert.Contains("/dev/zero: offset 0x0: empty or not a regular file", log);

        var good = RepoPaths.Combine("tests", "NSynthBox.Midi.Tests", "Fixtures", Directory.GetFiles(RepoPaths.Combine("tests", "NSynthBox.Midi.Tests", "Fixtures"), "*.mid").Select(Path.GetFileName).Order().First()!);
        (exit, log) = await Run("render", good, "-o", _root, "--quiet");
        Assert.Equal(2, exit);
        Assert.Contains($"-o {_root} is a folder", log);

        (exit, log) = await Run("render", good, "-o", "/dev/null", "--quiet");
        Assert.Equal(2, exit);
        Assert.Contains("/dev/null is a device or special file", log);
        Assert.Empty(Directory.GetFiles(_root)); // no .tmp file anywhere
    }

    [Theory]
    [InlineData("nan-decoder.onnx", "gives NaN for instrument")]
    [InlineData("wide-decoder.onnx", "output harmonic_amplitudes has width 97, the manifest says 96")]
    [InlineData("fifo", "empty or not a regular file (a FIFO or device?)")]
    public async Task A_decoder_that_cannot_play_falls_back_on_the_last_good_model_and_never_replaces_it(string decoder, string expected)
    {
        var package = Path.Combine(_root, "model");
        Directory.CreateDirectory(package);
        foreach (var file in new[] { "manifest.json", "decoder.onnx", "encoder.onnx" }) File.Copy(Path.Combine(RepoPaths.Model, file), Path.Combine(package, file));
        var (exit, log) = await Run("run", "--sink", "null", "--duration", "0.5", "--model", package);
        Assert.True(exit == 0, log);
        var lastGood = Path.Combine(State, "last-good-model", "decoder.onnx");
        var goodHash = Hash(lastGood);

        var target = Path.Combine(package, "decoder.onnx");
        File.Delete(target);
        if (decoder == "fifo")
        {
            using var mkfifo = Process.Start("mkfifo", [target])!;
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        else
        {
            File.Copy(Path.Combine(Corpus, "models", decoder), target);
            // A matching hash: the package is what a bad export would ship.
            var manifest = Path.Combine(package, "manifest.json");
            File.WriteAllText(manifest, File.ReadAllText(manifest).Replace(goodHash, Hash(target), StringComparison.Ordinal));
        }
        (exit, log) = await Run("run", "--sink", "null", "--duration", "0.5", "--model", package);

        Assert.True(exit == 0, log);
        Assert.Contains(expected, log);
        Assert.Contains("playing the last good model instead", log);
        Assert.Equal(goodHash, Hash(lastGood));
    }

    private static string Hash(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
