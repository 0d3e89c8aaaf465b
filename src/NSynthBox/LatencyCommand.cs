using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using NSynthBox.Engine;
using NSynthBox.Platform.Audio;
using NSynthBox.Platform.Latency;

namespace NSynthBox;

/// <summary>
/// nsynthbox latency: measures MIDI-to-sound latency through the live path (a FIFO MIDI input, the
/// engine's control worker, the sink's audio thread) and reports it by component, then how long a finger move
/// takes to be heard as a timbre change; with --soak, plays densely
/// for a long time and reports late control frames, underruns and memory. A benchmark.
/// </summary>
internal static class LatencyCommand
{
    public static Command Create()
    {
        var sink = new Option<string>("--sink") { Description = "null (paced, default), wav or alsa", DefaultValueFactory = _ => "null" };
        var device = new Option<string>("--audio-device") { Description = "ALSA device for --sink alsa", DefaultValueFactory = _ => "default" };
        var period = new Option<int>("--period") { Description = "frames per period", DefaultValueFactory = _ => 64 };
        var periods = new Option<int>("--periods") { Description = "periods in the buffer", DefaultValueFactory = _ => 2 };
        var notes = new Option<int>("--notes") { Description = "notes to measure", DefaultValueFactory = _ => 30 };
        var realtime = new Option<int>("--realtime-priority") { Description = "SCHED_FIFO priority of the audio thread (0 = off); the control worker gets 10 less", DefaultValueFactory = _ => 70 };
        var workerOrdinary = new Option<bool>("--worker-ordinary") { Description = "leave the engine's control worker at ordinary priority (for comparison)" };
        var model = new Option<string?>("--model") { Description = "model package folder" };
        var json = new Option<bool>("--json") { Description = "print the samples as JSON" };
        var moves = new Option<int>("--moves") { Description = "finger moves for the move-to-timbre-change measurement (0: skip it)", DefaultValueFactory = _ => 20 };
        var soak = new Option<double?>("--soak") { Description = "instead: play 16-voice chords with the finger moving for this many seconds and report late frames, underruns and memory" };
        var command = new Command("latency", "Measure MIDI-to-sound latency through the live path (or, with --soak, a long dense performance)")
        {
            sink, device, period, periods, notes, moves, realtime, workerOrdinary, model, json, soak,
        };
        command.SetAction(r => Cli.Guard(() => Run(r.GetValue(sink)!, r.GetValue(device)!, r.GetValue(period), r.GetValue(periods), r.GetValue(notes),
            r.GetValue(moves), r.GetValue(realtime), r.GetValue(workerOrdinary), r.GetValue(model), r.GetValue(json), r.GetValue(soak))));
        return command;
    }

    private static int Run(string sinkKind, string device, int period, int periods, int notes, int moves, int realtime, bool workerOrdinary, string? modelDir, bool json, double? soakSeconds)
    {
        if (notes is < 1 or > 1000) throw new UserInputException($"--notes {notes}: expected 1..1000");
        if (moves is < 0 or > 1000) throw new UserInputException($"--moves {moves}: expected 0..1000");
        var options = new AudioOptions { Device = device, PeriodFrames = period, Periods = periods, RealtimePriority = realtime, LockMemory = false };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UserInputException($"--period/--periods/--realtime-priority: {e.Message}");
        }
        var dir = Directory.CreateTempSubdirectory("nsynthbox-latency-").FullName;
        try
        {
            IAudioSink NewSink(string name) => sinkKind switch
            {
                "null" => new NullSink(options),
                "wav" => new WavFileSink(Path.Combine(dir, name + ".wav"), options),
                "alsa" => new AlsaSink(options, NullLogger.Instance),
                _ => throw new UserInputException($"--sink {sinkKind}: expected null, wav or alsa"),
            };
            using var sink = NewSink("latency");
            RealtimeResult? workerRealtime = null;
            var workerSetup = RealtimeScheduling.ControlWorkerSetup(workerOrdinary ? 0 : realtime, rt => workerRealtime = rt);
            var package = ModelLocator.Load(modelDir);
            using var engine = new SynthEngine(package, new EngineSettings { Polyphony = 16 });
            if (soakSeconds is { } seconds)
            {
                if (seconds <= 0) throw new UserInputException($"--soak {seconds}: expected a number of seconds above 0");
                // Probe threads at the audio thread's priority tell the machine's stalls from the engine's glitches.
                using var probe = new StallProbe(realtime, TimeSpan.FromMilliseconds(1));
                var soak = LiveSoak.Run(engine, sink, TimeSpan.FromSeconds(seconds), line => Console.Error.WriteLine(line), workerSetup, probe);
                if (json) Console.WriteLine(JsonSerializer.Serialize(soak, new JsonSerializerOptions { WriteIndented = true }));
                else Console.Write(soak.ToText());
                PrintRealtime(sink, workerRealtime, workerOrdinary ? 0 : realtime);
                return 0;
            }
            var report = LatencyMeasurement.Run(engine, sink, Path.Combine(dir, "midi"), notes, workerSetup: workerSetup);
            TimbreLatencyReport? timbre = null;
            if (moves > 0)
            {
                // A fresh engine and sink: the finger measurement sets its own corners.
                using var timbreSink = NewSink("timbre");
                using var timbreEngine = new SynthEngine(package, new EngineSettings { Polyphony = 16 });
                timbre = TimbreLatencyMeasurement.Run(timbreEngine, timbreSink, moves, workerSetup: workerSetup);
            }
            var options2 = new JsonSerializerOptions { WriteIndented = true };
            if (json) Console.WriteLine(JsonSerializer.Serialize(new { midi = report, timbre }, options2));
            else Console.Write(report.ToText() + (timbre is null ? "" : Environment.NewLine + timbre.ToText()));
            PrintRealtime(sink, workerRealtime, workerOrdinary ? 0 : realtime);
            return report.Samples.Count > 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The figures mean little without real-time priority: say so when it was refused.</summary>
    private static void PrintRealtime(IAudioSink sink, RealtimeResult? worker, int priority)
    {
        if (priority <= 0) return;
        if (sink.Metrics.Realtime is { Granted: false } audio) Console.WriteLine(audio.Message);
        if (worker is { Granted: false }) Console.WriteLine(worker.Message);
    }
}
