using System.Diagnostics;
using NSynthBox.Engine;
using NSynthBox.Platform.Audio;

namespace NSynthBox.Platform.Latency;

/// <summary>
/// Dense playing through the live path for a long time (the issue's "10 minutes, 16 voices, XY
/// moving on the paced null sink"): chords of every voice every 250 ms, the finger circling the
/// grid at 100 Hz and jumping across it with every chord, a knob turning. Counts late control frames and underruns and watches memory.
/// </summary>
public static class LiveSoak
{
    /// <param name="workerSetup">Runs on the engine's control worker first (e.g. <see cref="RealtimeScheduling.ControlWorkerSetup"/>).</param>
    /// <param name="probe">When given (already running), each late frame and underrun is checked against the machine's stalls.</param>
    public static SoakReport Run(SynthEngine engine, IAudioSink sink, TimeSpan duration, Action<string>? progress = null, Action? workerSetup = null,
        StallProbe? probe = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(sink);
        var voices = engine.Settings.Polyphony;
        engine.StartWorker(sink.Format.PeriodFrames, workerSetup);
        sink.Start(engine.Render);
        var clock = Stopwatch.StartNew();
        var warmUp = TimeSpan.FromSeconds(Math.Min(10, duration.TotalSeconds / 4));
        long notes = 0, late0 = 0, underruns0 = 0, lateWakeups0 = 0, managedWarm = 0, workingWarm = 0;
        int gen0 = 0, gen1 = 0, gen2 = 0;
        var held = new int[voices];
        var chord = 0;
        var nextChord = TimeSpan.Zero;
        var nextReport = TimeSpan.FromSeconds(10);
        var warmed = false;
        var trouble = new List<(long From, long To, long Late, long Underruns)>(); // counter rises between two looks
        long lastLook = 0, lastLate = 0, lastUnderruns = 0;
        var stealBefore = StealTime.Read();
        try
        {
            while (clock.Elapsed < duration)
            {
                var now = clock.Elapsed;
                if (!warmed && now >= warmUp)
                {
                    warmed = true;
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    managedWarm = GC.GetTotalMemory(false);
                    workingWarm = Environment.WorkingSet;
                    late0 = engine.LateFrames;
                    underruns0 = sink.Metrics.Underruns;
                    lateWakeups0 = sink.Metrics.UnderrunsAfterLateWakeup;
                    (lastLook, lastLate, lastUnderruns) = (Stopwatch.GetTimestamp(), late0, underruns0);
                    (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
                }
                if (now >= nextChord)
                {
                    for (var v = 0; v < voices; v++)
                    {
                        if (chord > 0) engine.Post(ControlEvent.NoteOff(held[v]));
                        held[v] = 36 + (chord * 5 + v * 4) % 60;
                        engine.Post(ControlEvent.NoteOn(held[v], 0.7f));
                        notes++;
                    }
                    engine.Post(ControlEvent.SetKnob(Knob.Position, chord % 10 / 10f));
                    chord++;
                    nextChord += TimeSpan.FromMilliseconds(250);
                }
                if (warmed)
                {
                    var look = Stopwatch.GetTimestamp();
                    long lateNow = engine.LateFrames, underrunsNow = sink.Metrics.Underruns;
                    if (lateNow > lastLate || underrunsNow > lastUnderruns) trouble.Add((lastLook, look, lateNow - lastLate, underrunsNow - lastUnderruns));
                    (lastLook, lastLate, lastUnderruns) = (look, lateNow, underrunsNow);
                }
                // Circling, and with every chord a jump across the circle (a tap elsewhere on the grid: the voices glide there within a frame).
                var angle = 2 * Math.PI * now.TotalSeconds / 4 + chord * Math.PI;
                engine.Post(ControlEvent.Position2D((float)(0.5 + 0.4 * Math.Cos(angle)), (float)(0.5 + 0.4 * Math.Sin(angle))));
                if (progress is not null && now >= nextReport)
                {
                    progress($"{now.TotalSeconds:0} s: {engine.LateFrames - late0} late frames, {sink.Metrics.Underruns - underruns0} underruns, heap {GC.GetTotalMemory(false) / 1048576.0:0.0} MiB");
                    nextReport += TimeSpan.FromSeconds(10);
                }
                Thread.Sleep(10);
            }
        }
        finally
        {
            engine.Post(ControlEvent.AllNotesOff());
            sink.Stop();
            engine.StopWorker();
        }
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var steal = StealTime.Read() - stealBefore;
        MachineStalls? stalls = null;
        if (probe is not null)
        {
            var seen = probe.Stalls;
            // A frame (5 ms) or buffer's worth before the previous look: the stall that made the worker or the audio late.
            var margin = Stopwatch.Frequency / 100;
            long lateInStalls = 0, underrunsInStalls = 0;
            foreach (var t in trouble)
            {
                if (!StallProbe.Overlaps(seen, t.From - margin, t.To)) continue;
                lateInStalls += t.Late;
                underrunsInStalls += t.Underruns;
            }
            stalls = new MachineStalls(seen.Count, seen.Count == 0 ? 0 : seen.Max(s => s.End - s.Start) * 1000.0 / Stopwatch.Frequency,
                probe.Threshold.TotalMilliseconds, probe.Realtime, lateInStalls, underrunsInStalls);
        }
        return new SoakReport(sink.Description, clock.Elapsed, voices, notes, sink.Metrics.Periods,
            engine.LateFrames - late0, sink.Metrics.Underruns - underruns0, managedWarm, GC.GetTotalMemory(false), workingWarm, Environment.WorkingSet,
            GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2)
        {
            Stalls = stalls,
            UnderrunsAfterLateWakeup = sink.Metrics.UnderrunsAfterLateWakeup - lateWakeups0,
            StealSeconds = steal,
        };
    }
}
