using NSynthBox.Engine;
using NSynthBox.Midi;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Cli.Tests;

public sealed class RenderCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nsynthbox-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Song(params (int Note, double Start, double End)[] notes)
    {
        var file = new MidiFile(MidiTimeDivision.FromTicksPerQuarterNote(480), format: 0);
        var track = new MidiTrack();
        foreach (var (note, start, end) in notes)
        {
            track.Events.Add(new ChannelMessageEvent((long)(start * 960), MidiMessage.NoteOn(0, note, 100)));
            track.Events.Add(new ChannelMessageEvent((long)(end * 960), MidiMessage.NoteOff(0, note)));
        }
        track.Events.Sort((a, b) => a.Tick.CompareTo(b.Tick));
        track.Events.Add(new EndOfTrackEvent(track.Events[^1].Tick + 10));
        file.Tracks.Add(track);
        var path = Path.Combine(_dir, "song.mid");
        file.Write(path);
        return path;
    }

    [Fact]
    public void Rendered_a4_is_440_hz_and_below_full_scale()
    {
        var wav = Path.Combine(_dir, "a4.wav");
        var result = CliRunner.Run("render", Song((69, 0, 1.5)), "-o", wav, "--corners", "flute,flute,flute,flute", "-q");
        Assert.True(result.ExitCode == 0, result.Error);
        var audio = WavFile.Read(wav, out var rate, out var channels);
        Assert.Equal(48000, rate);
        Assert.Equal(1, channels);
        var pitch = Signal.PitchHz(audio.AsSpan(12000, 24000), rate, 440);
        Assert.InRange(Signal.Cents(pitch, 440), -2, 2);
        var peak = audio.Max(MathF.Abs);
        Assert.InRange(Signal.Db(peak), -40, -0.1);
        Assert.Contains("a4.wav", result.Out);
    }

    [Fact]
    public void A_marimba_from_the_shipped_model_strikes_as_fast_as_the_real_one()
    {
        // FluidR3's marimba C4 rises from -40 to -6 dB (2 ms RMS) in 1.5 ms. hpn-v2 1.2.0 had no onset
        // burst and rose in 6-7 ms (frame 0 silent, a 5 ms ramp to frame 1); 1.3.0's burst is the strike.
        var wav = Path.Combine(_dir, "marimba.wav");
        var result = CliRunner.Run("render", Song((60, 0, 1.0)), "-o", wav, "--corners", "marimba,marimba,marimba,marimba", "-q");
        Assert.True(result.ExitCode == 0, result.Error);
        var audio = WavFile.Read(wav, out var rate, out _);
        int window = rate / 500, hop = rate / 2000;
        var envelope = Enumerable.Range(0, (Math.Min(audio.Length, rate) - window) / hop)
            .Select(i => 10 * Math.Log10(audio.Skip(i * hop).Take(window).Average(s => (double)s * s) + 1e-20)).ToArray();
        var peak = envelope.Max();
        var rise = (Array.FindIndex(envelope, e => e >= peak - 6) - Array.FindIndex(envelope, e => e >= peak - 40)) * 1000.0 * hop / rate;
        Assert.True(rise <= 4.0, $"rise from -40 to -6 dB took {rise} ms");
    }

    [Fact]
    public void A_file_written_by_other_software_renders()
    {
        var wav = Path.Combine(_dir, "fixture.wav");
        var fixture = RepoPaths.Combine("tests", "NSynthBox.Midi.Tests", "Fixtures", "format1_tempo_change.mid");
        var result = CliRunner.Run("render", fixture, "-o", wav, "--xy", "0.3,0.7", "-q");
        Assert.True(result.ExitCode == 0, result.Error);
        var audio = WavFile.Read(wav, out _, out _);
        Assert.True(audio.Max(MathF.Abs) > 0.01, "the song should be audible");
        Assert.All(audio, s => Assert.True(float.IsFinite(s)));
    }

    [Fact]
    public void Corrupt_midi_file_exits_non_zero_with_a_one_line_error()
    {
        var path = Path.Combine(_dir, "corrupt.mid");
        File.WriteAllBytes(path, [.. "MThd"u8, 0, 0, 0, 6, 0, 0, 0, 1, 1, 0xE0, .. "MTrk"u8, 0, 0, 0, 0x20, 0x00, 0x90, 0x45]);
        var result = CliRunner.Run("render", path, "-o", Path.Combine(_dir, "x.wav"), "-q");
        Assert.NotEqual(0, result.ExitCode);
        var lines = result.Error.Trim().Split('\n');
        Assert.Single(lines);
        Assert.Contains("corrupt.mid", lines[0]);
        Assert.Contains("offset", lines[0]);
        Assert.False(File.Exists(Path.Combine(_dir, "x.wav")));
    }

    [Fact]
    public void An_xy_path_with_a_header_line_renders_and_a_bad_field_is_named()
    {
        var path = Path.Combine(_dir, "path.csv");
        File.WriteAllText(path, "seconds,x,y\n0,0.1,0.1\n0.2,0.9,0.9\n");
        var ok = CliRunner.Run("render", Song((60, 0, 0.2)), "-o", Path.Combine(_dir, "x.wav"), "--xy-path", path, "-q");
        Assert.True(ok.ExitCode == 0, ok.Error);

        File.WriteAllText(path, "seconds,x,y\n0,0.1,0.1\n0.2,left,0.9\n");
        var bad = CliRunner.Run("render", Song((60, 0, 0.2)), "-o", Path.Combine(_dir, "y.wav"), "--xy-path", path, "-q");
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal($"nsynthbox: {path}:3: x 'left' is not a number (expected a line such as '1.5,0.25,0.8')", bad.Error.Trim());
    }

    [Fact]
    public void Takes_and_renders_in_the_repository_root_are_not_committed_by_accident()
    {
        var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", ["check-ignore", "take.wav", "take.mid", "nsynthbox.wav"])
        {
            WorkingDirectory = NSynthBox.Tests.Shared.RepoPaths.Root, RedirectStandardOutput = true,
        })!;
        var ignored = git.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        git.WaitForExit();
        Assert.Equal(["take.wav", "take.mid", "nsynthbox.wav"], ignored);
    }

    [Fact]
    public void Unknown_corner_instrument_is_named_in_the_error()
    {
        var result = CliRunner.Run("render", Song((60, 0, 0.2)), "-o", Path.Combine(_dir, "x.wav"), "--corners", "flute,kazoo,cello,trumpet");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'kazoo'", result.Error);
    }

    [Fact]
    public void Instruments_lists_the_models_instruments()
    {
        var result = CliRunner.Run("instruments"); // no --model: the default, shipped beside the program
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("model hpn-v2 ", result.Out, StringComparison.Ordinal);
        Assert.Contains("112 instruments", result.Out);
        Assert.Contains("Flute", result.Out);

        var v1 = CliRunner.Run("instruments", "--model", Path.Combine(AppContext.BaseDirectory, "models", "hpn-v1")); // shipped beside it
        Assert.True(v1.ExitCode == 0, v1.Error);
        Assert.StartsWith("model hpn-v1 ", v1.Out, StringComparison.Ordinal);
    }
}
