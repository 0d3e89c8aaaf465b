using System.CommandLine;
using System.Diagnostics;
using NSynthBox.Engine;
using NSynthBox.Midi;
using NSynthBox.Neural;
using NSynthBox.Platform.Control;
using NSynthBox.Platform.Recording;
using NSynthBox.Platform.Audio;
using NSynthBox.Platform.Sounds;
using NSynthBox.Platform.Storage;

namespace NSynthBox;

/// <summary>nsynthbox render SONG.mid -o OUT.wav: an offline performance through the same engine as live playing.</summary>
internal static class RenderCommand
{
    public static Command Create()
    {
        var song = new Argument<string>("song") { Description = "Standard MIDI File to play" };
        var output = new Option<string>("--output", "-o") { Description = "WAV file to write", Required = true };
        var corners = new Option<string?>("--corners") { Description = "four instruments (names, GM numbers, or your sounds' numbers from 'nsynthbox sounds'), top-left,top-right,bottom-left,bottom-right" };
        var xy = new Option<string?>("--xy") { Description = "fixed grid position X,Y in 0..1 (x left to right, y top to bottom)" };
        var xyPath = new Option<string?>("--xy-path") { Description = "file of 'seconds,x,y' lines: the finger's path during the song" };
        var model = new Option<string?>("--model") { Description = "model package folder (default: models/hpn-v2)" };
        var sampleRate = new Option<int>("--sample-rate") { Description = "output sample rate", DefaultValueFactory = _ => 48000 };
        var polyphony = new Option<int>("--polyphony") { Description = "voices", DefaultValueFactory = _ => 16 };
        var float32 = new Option<bool>("--float") { Description = "write 32-bit float samples instead of 16-bit" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "no progress bar" };
        var state = new Option<string?>("--state") { Description = "state folder whose sound library adds your sounds after the model's instruments (default: $STATE_DIRECTORY, else ~/.local/state/nsynthbox)" };
        var everyFrame = new Option<bool>("--decode-every-frame") { Description = "decode every voice every frame, also held notes that have settled (slower; for comparisons)" };
        var command = new Command("render", "Render a MIDI file to a WAV file offline") { song, output, corners, xy, xyPath, model, sampleRate, polyphony, float32, quiet, state, everyFrame };
        command.SetAction(r => Cli.Guard(() => Run(r.GetValue(song)!, r.GetValue(output)!, r.GetValue(corners), r.GetValue(xy), r.GetValue(xyPath),
            r.GetValue(model), r.GetValue(sampleRate), r.GetValue(polyphony), r.GetValue(float32), r.GetValue(quiet), r.GetValue(state) ?? StateSection.DefaultDirectory(), r.GetValue(everyFrame))));
        return command;
    }

    private static int Run(string songPath, string outputPath, string? cornersText, string? xyText, string? xyPathFile, string? modelDir,
        int sampleRate, int polyphony, bool float32, bool quiet, string stateDirectory, bool everyFrame)
    {
        if (!File.Exists(songPath)) throw new UserInputException($"{songPath}: not found (expected a Standard MIDI File)");
        if (OutputFile.Problem(outputPath) is { } outputProblem) throw new UserInputException($"-o {outputProblem}");
        var file = MidiFile.Read(songPath);
        if (file.Format == 2) throw new UserInputException($"{songPath}: format 2 (independent patterns) cannot be played as one song; expected format 0 or 1");
        // A take may hold corners on the user's sounds: the same instrument list as 'nsynthbox run' has.
        var (sounds, problems) = new SoundLibrary(stateDirectory).Load();
        foreach (var problem in problems) Console.Error.WriteLine($"nsynthbox: sound library: {problem.Message}; skipped");
        var package = SoundImport.WithLibrary(ModelLocator.Load(modelDir), sounds, skipped => Console.Error.WriteLine($"nsynthbox: sound library: {skipped}"));
        int[]? corners = cornersText is null ? null : ParseCorners(package, cornersText);
        var (x, y) = xyText is null ? (0.5f, 0.5f) : XyPath.ParsePoint(xyText);

        var settings = new EngineSettings { SampleRate = sampleRate, Polyphony = polyphony, DecodeSettledVoicesEveryOtherFrame = !everyFrame };
        using var engine = new SynthEngine(package, settings);
        // The box's own MIDI, as 'nsynthbox run' plays and records it (CC map, RPN 0 bend ranges, MPE), from where the take started.
        var performance = Performance.Read(file, InstrumentState.FromSnapshot(engine.Snapshot), settings.PitchBendRange, package.Instruments.Count);
        engine.SetInitialState(corners ?? performance.InitialCorners, xyText is null ? performance.InitialX ?? x : x, xyText is null ? performance.InitialY ?? y : y);
        var events = performance.Events.ToList();
        if (xyPathFile is not null) events.AddRange(XyPath.Load(xyPathFile));

        var songSeconds = OfflineRenderer.Duration(events);
        if (!(songSeconds <= OfflineRenderer.MaxSeconds))
            throw new UserInputException($"{songPath}: its last event is {songSeconds / 3600:0.#} hours in; render plays songs of at most {OfflineRenderer.MaxSeconds / 3600:0} hours");

        var clock = Stopwatch.StartNew();
        var progress = quiet ? null : new Action<double>(p => Console.Error.Write($"\rrendering [{new string('#', (int)(p * 30)),-30}] {p * 100,3:0}%"));
        // Streamed to disk a control frame at a time: memory stays the same for a song of any length.
        var peak = 0f;
        long samples;
        using (var wav = new WavStreamWriter(outputPath, sampleRate, float32))
        {
            try
            {
                samples = OfflineRenderer.RenderTo(engine, events, block =>
                {
                    for (var i = 0; i < block.Length; i++) peak = Math.Max(peak, MathF.Abs(block[i]));
                    wav.Append(block);
                }, progress: progress);
                wav.Complete();
            }
            // ENOSPC is an IOException; EFBIG (a file size limit) reaches .NET as ArgumentOutOfRangeException. Disposing removes the temporary file.
            catch (Exception e) when (e is IOException or ArgumentOutOfRangeException)
            {
                if (!quiet) Console.Error.WriteLine();
                throw new UserInputException($"{outputPath}: not written ({e.Message}); nothing was left behind");
            }
        }
        if (!quiet) Console.Error.WriteLine();
        var seconds = clock.Elapsed.TotalSeconds;
        var duration = (double)samples / sampleRate;
        Console.WriteLine($"{outputPath}: {duration:0.00} s, peak {20 * Math.Log10(Math.Max(peak, 1e-9)):0.0} dBFS, " +
                          $"rendered at {duration / seconds:0.0}x real time, {engine.LateFrames} late frames");
        return 0;
    }

    /// <summary>Four instruments from "a,b,c,d" (names or GM numbers; 'bench' reads its corners the same way).</summary>
    internal static int[] ParseCorners(ModelPackage package, string text)
    {
        var names = text.Split(',', StringSplitOptions.TrimEntries);
        if (names.Length != 4)
            throw new UserInputException($"--corners '{text}': expected 4 instruments separated by commas (top-left,top-right,bottom-left,bottom-right)");
        try
        {
            return names.Select(n => package.FindInstrument(n).Index).ToArray();
        }
        catch (ArgumentException e)
        {
            throw new UserInputException($"--corners: {e.Message}");
        }
    }
}
