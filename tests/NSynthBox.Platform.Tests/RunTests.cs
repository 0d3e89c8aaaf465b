using System.Diagnostics;
using Microsoft.Extensions.Logging;
using NSynthBox.Engine;
using NSynthBox.Midi;
using NSynthBox.Platform.Control;
using NSynthBox.Platform.Midi;
using NSynthBox.Platform.Recording;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Platform.Tests;

public sealed class RunTests
{
    private static BoxConfig Config(TempDirectory dir, params (string Key, string Value)[] more)
    {
        var values = new Dictionary<string, string?>
        {
            ["Audio:Sink"] = "wav", ["Audio:WavPath"] = dir.File("out.wav"), ["Audio:PeriodFrames"] = "128",
            ["Audio:RealtimePriority"] = "0", ["Audio:LockMemory"] = "false",
            ["Midi:Sequencer"] = "false", ["Midi:Inputs:0"] = dir.File("midi"),
            ["Panel:Mode"] = "none", ["State:Directory"] = dir.File("state"), ["Model:Path"] = RepoPaths.Model,
        };
        foreach (var (key, value) in more) values[key] = value;
        return BoxConfigReader.Load(null, values, defaultPath: null);
    }

    [Fact]
    public void Run_with_wav_sink_renders_what_the_midi_fifo_played()
    {
        using var dir = new TempDirectory();
        Fifo.Create(dir.File("midi"));
        var log = new ListLogger();
        var take = dir.File("take.mid");
        using (var box = LiveBox.Create(Config(dir), new ListLoggerFactory(log), take))
        {
            box.Start();
            var input = (RawMidiInput)box.Inputs.Single();
            Assert.True(Wait.Until(() => input.IsOpen && box.Sink.Metrics.Periods > 40));
            using (var midi = Fifo.OpenWriter(dir.File("midi")))
            {
                midi.Write([0x90, 60, 110, 0xB0, 16, 100]); // C4, and the grid's X by the CC map
                Assert.True(Wait.Until(() => box.Engine.Snapshot.ActiveVoices == 1));
                Thread.Sleep(300);
                midi.Write([0x80, 60, 0]);
            }
            Thread.Sleep(100);
            box.Stop();
        }

        var audio = WavFile.Read(dir.File("out.wav"), out var rate, out _);
        Assert.Equal(48000, rate);
        Assert.True(audio.AsSpan(0, 4800).ToArray().Max(MathF.Abs) < 1e-4f, "sound before any note");
        Assert.True(audio.Max(MathF.Abs) > 0.05f, "the note was not played");
        Assert.Contains(log.Lines, l => l.Contains("nsynthbox run: model") && l.Contains("WAV file") && l.Contains("MIDI in: " + dir.File("midi")));
        Assert.Contains(log.Lines, l => l.Contains("take saved"));

        var messages = MidiFile.Read(take).GetPlaybackMessages().Select(m => m.Message).ToList();
        Assert.Contains(MidiMessage.NoteOn(0, 60, 110), messages);
        Assert.Contains(MidiMessage.NoteOff(0, 60), messages);
        var performance = Performance.Read(MidiFile.Read(take), Mapping.DefaultState());
        Assert.Contains(performance.Events, e => e.Event.Kind == ControlKind.Position2D && Math.Abs(e.Event.X - 100 / 127f) < 1e-3 && e.Seconds > 0);
    }

    [Fact]
    public void Hardware_panel_without_the_hardware_is_reported_and_the_box_plays()
    {
        using var dir = new TempDirectory();
        var log = new ListLogger();
        using var box = LiveBox.Create(Config(dir, ("Panel:Mode", "hardware"), ("Panel:Board", "pi4"), ("Audio:Sink", "null")), new ListLoggerFactory(log));
        box.Start();
        Assert.True(Wait.Until(() => box.Sink.Metrics.Periods > 20));
        box.Hub.Post(ControlEvent.NoteOn(60, 0.5f), ControlSource.Other);
        Assert.True(Wait.Until(() => box.Engine.Snapshot.ActiveVoices == 1));
        box.Stop();
        Assert.Contains(log.Lines, l => l.Contains("panel", StringComparison.OrdinalIgnoreCase) && (l.Contains("I2C") || l.Contains("could not start")));
    }

    [Fact]
    public async Task Run_command_plays_a_fifo_into_a_wav_and_records_the_take_without_a_terminal()
    {
        using var dir = new TempDirectory();
        var fifo = dir.File("midi");
        Fifo.Create(fifo);
        File.WriteAllText(dir.File("box.json"), $$"""
            {
              "Audio": { "RealtimePriority": 0, "LockMemory": false, "PeriodFrames": 256 },
              "Midi": { "Sequencer": false, "Inputs": [ "{{fifo}}" ] },
              "State": { "Directory": "{{dir.File("state")}}" },
              "Model": { "Path": "{{RepoPaths.Model}}" }
            }
            """);
        var dll = Path.Combine(AppContext.BaseDirectory, "nsynthbox.dll");
        var psi = new ProcessStartInfo("dotnet", ["exec", dll, "run", "--config", dir.File("box.json"), "--wav", dir.File("out.wav"),
            "--duration", "2.5", "--simulated-panel", "--record", dir.File("take.mid")])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        process.StandardInput.Close(); // no terminal, and the input ends at once: the simulated panel must cope
        var output = new List<string>();
        var started = new ManualResetEventSlim();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.Add(e.Data);
            if (e.Data.Contains("nsynthbox run: model")) started.Set();
        };
        process.BeginOutputReadLine();
        var errors = process.StandardError.ReadToEndAsync();
        if (!started.Wait(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("no start-up line: " + string.Join("\n", output) + await errors);
        }
        using (var midi = Fifo.OpenWriter(fifo))
        {
            midi.Write([0x90, 67, 100]);
            Thread.Sleep(300);
            midi.Write([0x80, 67, 0]);
        }
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)));
        process.WaitForExit(); // with a timeout, the redirected output may not all have been read yet
        string log;
        lock (output) log = string.Join("\n", output);

        Assert.Equal(0, process.ExitCode);
        Assert.Equal("", await errors);
        Assert.Contains("take saved", log);
        Assert.DoesNotContain("Exception", log);
        Assert.True(WavFile.Read(dir.File("out.wav"), out _, out _).Max(MathF.Abs) > 0.05f, "the note is not in the WAV file\n" + log);
        Assert.Contains(MidiMessage.NoteOn(0, 67, 100), MidiFile.Read(dir.File("take.mid")).GetPlaybackMessages().Select(m => m.Message));
    }
}
