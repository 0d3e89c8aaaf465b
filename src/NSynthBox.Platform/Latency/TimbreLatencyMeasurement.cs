using System.Diagnostics;
using NSynthBox.Engine;
using NSynthBox.Platform.Audio;

namespace NSynthBox.Platform.Latency;

/// <summary>
/// Measures how long a finger move on the grid takes to be heard as a timbre change: a note is
/// held with a dull instrument along the grid's top edge and a bright one along the bottom, the
/// finger jumps between the two edges, and the sink's output (placed in time by the queued audio,
/// as for <see cref="LatencyMeasurement"/>) is followed by its spectral centroid. A benchmark: it
/// reports, it does not judge.
/// </summary>
public static class TimbreLatencyMeasurement
{
    private const double BeforeMs = 50, SettledFromMs = 150, SettledToMs = 250, MoveEveryMs = 300;

    /// <summary>Starts the engine's worker and the sink, makes <paramref name="moves"/> moves, stops both.</summary>
    /// <param name="workerSetup">Runs on the engine's control worker first (e.g. <see cref="RealtimeScheduling.ControlWorkerSetup"/>).</param>
    public static TimbreLatencyReport Run(SynthEngine engine, IAudioSink sink, int moves = 20, string dull = "Flute", string bright = "Distortion Guitar", Action? workerSetup = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(sink);
        var format = sink.Format;
        var top = engine.Model.FindInstrument(dull).Index;
        var bottom = engine.Model.FindInstrument(bright).Index;
        var capture = new AudioCapture(format.SampleRate, 1.0 + moves * MoveEveryMs / 1000.0 + 1.0, format.PeriodFrames);
        var posted = new long[moves];
        sink.Tap = capture.OnPeriod;
        engine.StartWorker(format.PeriodFrames, workerSetup);
        sink.Start(engine.Render);
        try
        {
            engine.Post(ControlEvent.SetCorner(0, top));
            engine.Post(ControlEvent.SetCorner(1, top));
            engine.Post(ControlEvent.SetCorner(2, bottom));
            engine.Post(ControlEvent.SetCorner(3, bottom));
            engine.Post(ControlEvent.Position2D(0.5f, 0f));
            engine.Post(ControlEvent.SetKnob(Knob.Sustain, 1f));
            engine.Post(ControlEvent.NoteOn(57, 0.8f));
            Thread.Sleep(800); // the corners' crossfade and the note's attack are over
            var random = new Random(7);
            var y = 0f;
            for (var i = 0; i < moves; i++)
            {
                Thread.Sleep(random.Next(0, 7)); // land at a different point of the control frame and period each time
                y = 1f - y;
                posted[i] = Stopwatch.GetTimestamp();
                engine.Post(ControlEvent.Position2D(0.5f, y));
                Thread.Sleep((int)MoveEveryMs);
            }
        }
        finally
        {
            engine.Post(ControlEvent.AllNotesOff());
            sink.Stop();
            engine.StopWorker();
            sink.Tap = null;
        }
        return Analyse(capture, posted, sink.Description, format, engine.Settings.PositionSmoothingSeconds);
    }

    private static TimbreLatencyReport Analyse(AudioCapture capture, long[] posted, string description, AudioStreamFormat format, double smoothingSeconds)
    {
        var audio = capture.Samples;
        var centroid = new SpectralCentroid(format.SampleRate);
        var step = format.SampleRate / 2000; // a centroid every 0.5 ms
        var samples = new List<TimbreLatencySample>();
        var missed = 0;
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        foreach (var t0 in posted)
        {
            var from = capture.FirstSampleAfter(t0 - (long)((BeforeMs + 30) / 1000 * Stopwatch.Frequency));
            if (from < 0)
            {
                missed++;
                continue;
            }
            var series = new List<(double Ms, double Hz)>();
            for (var start = from; start + centroid.Size <= audio.Length; start += step)
            {
                var heard = Ms(capture.TimeOf(start + centroid.Size / 2).ToOutput - t0);
                if (heard > SettledToMs) break;
                if (heard >= -BeforeMs) series.Add((heard, centroid.Measure(audio, start)));
            }
            var before = Median(series.Where(p => p.Ms < -5).Select(p => p.Hz));
            var after = Median(series.Where(p => p.Ms >= SettledFromMs).Select(p => p.Hz));
            var change = after - before;
            if (double.IsNaN(change) || Math.Abs(change) < 50)
            {
                missed++;
                continue;
            }
            double Crossing(double share)
            {
                foreach (var (ms, hz) in series)
                    if (ms >= 0 && (hz - before) / change >= share) return ms;
                return double.NaN;
            }
            samples.Add(new TimbreLatencySample(Crossing(0.1), Crossing(0.5), Crossing(0.9), before, after));
        }
        return new TimbreLatencyReport(description, format, smoothingSeconds, samples, missed);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }
}
