using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NSynthBox.Engine;
using NSynthBox.Midi;

namespace NSynthBox;

/// <summary>
/// nsynthbox bench: the engine's cost as multiples of real time, measured in one run on one core:
/// control + neural decoding, synthesis (DSP) and the whole engine, for 1/16/64 voices with the
/// finger moving all the time; then a dense MIDI file rendered by the engine and by fluidsynth.
/// </summary>
internal static class BenchCommand
{
    private const string SoundFont = "/usr/share/sounds/sf2/FluidR3_GM.sf2";

    public static Command Create()
    {
        var voices = new Option<int[]>("--voices") { Description = "voice counts to measure", DefaultValueFactory = _ => [1, 16, 64], AllowMultipleArgumentsPerToken = true };
        var seconds = new Option<double>("--seconds") { Description = "audio seconds per measurement", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "print the results as JSON" };
        var noFluid = new Option<bool>("--no-fluidsynth") { Description = "skip the fluidsynth comparison" };
        var model = new Option<string?>("--model") { Description = "model package folder" };
        // Another set shows what an instrument's controls cost: a saw lead's detuned layer doubles its harmonics.
        var corners = new Option<string?>("--corners")
        {
            Description = "the four corner instruments of the voice measurements, as 'render' takes them (default piano,violin,flute,trumpet)",
        };
        var everyFrame = new Option<bool>("--decode-every-frame") { Description = "decode every voice every frame, also held notes that have settled (the cost before settled voices were decoded every other frame)" };
        var command = new Command("bench", "Measure decode and synthesis cost as multiples of real time") { voices, seconds, json, noFluid, model, corners, everyFrame };
        command.SetAction(r => Cli.Guard(() => Run(r.GetValue(voices)!, r.GetValue(seconds), r.GetValue(json), r.GetValue(noFluid), r.GetValue(model),
            r.GetValue(corners), r.GetValue(everyFrame))));
        return command;
    }

    private sealed record VoiceResult(int Voices, double DecodeRealTime, double SynthRealTime, double EngineRealTime, double MicrosecondsPerFrame, double DecodedShare);

    private sealed record FluidResult(string MidiFile, double AudioSeconds, double EngineCpuSeconds, double FluidsynthCpuSeconds, double EngineOverFluidsynth);

    private sealed record BenchResult(string Machine, int SampleRate, IReadOnlyList<string> Corners, bool DecodeEveryFrame, IReadOnlyList<VoiceResult> Voices,
        FluidResult? Fluidsynth, string? FluidsynthSkipped);

    private static int Run(int[] voiceCounts, double seconds, bool json, bool noFluid, string? modelDir, string? cornersText, bool everyFrame)
    {
        var settings = new EngineSettings { DecodeSettledVoicesEveryOtherFrame = !everyFrame };
        var package = ModelLocator.Load(modelDir);
        // Piano, violin, flute, trumpet (or the nearest a smaller package has).
        var corners = cornersText is null
            ? new[] { 0, 40, 73, 56 }.Select(i => Math.Min(i, package.Instruments.Count - 1)).ToArray()
            : RenderCommand.ParseCorners(package, cornersText);
        var results = voiceCounts.Select(v => MeasureVoices(package, settings with { Polyphony = v }, seconds, corners)).ToList();
        FluidResult? fluid = null;
        string? skipped = noFluid ? "--no-fluidsynth" : null;
        if (!noFluid)
        {
            if (!File.Exists(SoundFont) || !CommandExists("fluidsynth")) skipped = $"fluidsynth or {SoundFont} not installed";
            else fluid = CompareWithFluidsynth(package, settings with { Polyphony = 16 });
        }
        var names = corners.Select(i => package.Instruments[i].Name).ToList();
        var result = new BenchResult($"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}", 48000, names, everyFrame, results,
            fluid, skipped);
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
            return 0;
        }
        Console.WriteLine($"corners: {string.Join(", ", names)}; {(everyFrame ? "every voice decoded every frame" : "settled voices decoded every other frame")}");
        Console.WriteLine($"{"voices",6} {"decode",10} {"synth",10} {"engine",10} {"us/frame",9} {"decoded",8}   (x real time, one core; decoded: share of voice-frames)");
        foreach (var r in results)
            Console.WriteLine($"{r.Voices,6} {r.DecodeRealTime,9:0.0}x {r.SynthRealTime,9:0.0}x {r.EngineRealTime,9:0.0}x {r.MicrosecondsPerFrame,9:0} {r.DecodedShare,8:0.00}");
        if (fluid is not null)
            Console.WriteLine($"dense MIDI ({fluid.AudioSeconds:0} s): engine {fluid.EngineCpuSeconds:0.00} s CPU, fluidsynth {fluid.FluidsynthCpuSeconds:0.00} s CPU: engine/fluidsynth = {fluid.EngineOverFluidsynth:0.00}");
        else
            Console.WriteLine($"fluidsynth comparison skipped: {skipped}");
        return 0;
    }

    private static VoiceResult MeasureVoices(Neural.ModelPackage package, EngineSettings settings, double seconds, int[] corners)
    {
        var voices = settings.Polyphony;
        using var engine = new SynthEngine(package, settings);
        engine.SetInitialState(corners);
        for (var v = 0; v < voices; v++) engine.Post(ControlEvent.NoteOn(36 + (v * 7) % 60, 0.8f));
        var buffer = new float[engine.Hop];
        var frames = (int)(seconds * engine.Settings.SampleRate / engine.Hop);
        // Warm-up: JIT, tensors of every batch size, oscillators started.
        for (var f = 0; f < 50; f++)
        {
            engine.StepControl();
            engine.Render(buffer);
        }
        long decodeTicks = 0, synthTicks = 0;
        for (var f = 0; f < frames; f++)
        {
            // The finger circles the grid: every frame decodes a new latent point.
            var angle = 2 * Math.PI * f / 400.0;
            engine.Post(ControlEvent.Position2D((float)(0.5 + 0.4 * Math.Cos(angle)), (float)(0.5 + 0.4 * Math.Sin(angle))));
            var t0 = Stopwatch.GetTimestamp();
            engine.StepControl();
            var t1 = Stopwatch.GetTimestamp();
            engine.Render(buffer);
            var t2 = Stopwatch.GetTimestamp();
            decodeTicks += t1 - t0;
            synthTicks += t2 - t1;
        }
        var audioSeconds = (double)frames * engine.Hop / engine.Settings.SampleRate;
        double decode = (double)decodeTicks / Stopwatch.Frequency, synth = (double)synthTicks / Stopwatch.Frequency;
        return new VoiceResult(voices, audioSeconds / decode, audioSeconds / synth, audioSeconds / (decode + synth), (decode + synth) / frames * 1e6, engine.DecodedShare);
    }

    private static FluidResult CompareWithFluidsynth(Neural.ModelPackage package, EngineSettings settings)
    {
        var dir = Directory.CreateTempSubdirectory("nsynthbox-bench-").FullName;
        try
        {
            var midPath = Path.Combine(dir, "dense.mid");
            DenseSong().Write(midPath);
            var file = MidiFile.Read(midPath);
            using var engine = new SynthEngine(package, settings);
            var events = new MidiControlMapper().MapFile(file);
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var audio = OfflineRenderer.Render(engine, events, tailSeconds: 1.0);
            var engineCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            var fluidCpu = FluidsynthCpuSeconds(midPath, Path.Combine(dir, "fluid.wav"));
            return new FluidResult("generated: 16-note chords every 250 ms for 30 s", audio.Length / 48000.0, engineCpu, fluidCpu, engineCpu / fluidCpu);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>30 s of dense playing: 16-note chords, a new one every 250 ms, with the old one released.</summary>
    private static MidiFile DenseSong()
    {
        var file = new MidiFile(MidiTimeDivision.FromTicksPerQuarterNote(480), format: 0);
        var track = new MidiTrack();
        const int ticksPerChord = 240; // 250 ms at 120 bpm
        for (var c = 0; c < 120; c++)
        {
            var tick = (long)c * ticksPerChord;
            for (var n = 0; n < 16; n++)
            {
                var note = 36 + (c * 5 + n * 4) % 60;
                track.Events.Add(new ChannelMessageEvent(tick, MidiMessage.NoteOn(0, note, 90)));
                track.Events.Add(new ChannelMessageEvent(tick + ticksPerChord - 10, MidiMessage.NoteOff(0, note)));
            }
        }
        track.Events.Sort((a, b) => a.Tick.CompareTo(b.Tick));
        track.Events.Add(new EndOfTrackEvent(120L * ticksPerChord + 480));
        file.Tracks.Add(track);
        return file;
    }

    private static double FluidsynthCpuSeconds(string midPath, string wavPath)
    {
        // bash's 'times' reports the CPU time of finished children, which .NET cannot read after exit.
        var psi = new ProcessStartInfo("bash", ["-c", $"fluidsynth -ni -q -R 0 -C 0 -r 48000 -F '{wavPath}' '{SoundFont}' '{midPath}' >/dev/null 2>&1; times"])
        {
            RedirectStandardOutput = true,
        };
        using var p = Process.Start(psi)!;
        var lines = p.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        p.WaitForExit();
        var children = lines[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return ParseBashTime(children[0]) + ParseBashTime(children[1]);
    }

    private static double ParseBashTime(string text)
    {
        // e.g. "0m1.234s"
        var m = text.IndexOf('m');
        return double.Parse(text[..m], CultureInfo.InvariantCulture) * 60 + double.Parse(text[(m + 1)..^1], CultureInfo.InvariantCulture);
    }

    private static bool CommandExists(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, name)));
}
