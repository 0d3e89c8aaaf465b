using System.Diagnostics;
using Microsoft.Extensions.Logging;
using NSynthBox.Engine;
using NSynthBox.Platform.Audio;
using NSynthBox.Platform.Control;
using NSynthBox.Platform.Mapping;
using NSynthBox.Platform.Midi;

namespace NSynthBox.Platform.Latency;

/// <summary>
/// Measures MIDI-to-sound latency through the live path: Note On bytes written into a FIFO, read
/// by a <see cref="RawMidiInput"/>, mapped and posted to the engine, decoded by its control worker,
/// rendered by the sink's audio thread, until the first non-silent sample leaves the sink. A
/// benchmark: it reports, it does not judge.
/// </summary>
public static class LatencyMeasurement
{
    /// <summary>Starts the engine's worker and the sink, plays <paramref name="notes"/> notes one at a time, stops both.</summary>
    /// <param name="fifoPath">Where to create the FIFO the notes are written into.</param>
    /// <param name="workerSetup">Runs on the engine's control worker first (e.g. <see cref="RealtimeScheduling.ControlWorkerSetup"/>).</param>
    public static LatencyReport Run(SynthEngine engine, IAudioSink sink, string fifoPath, int notes = 20, ILogger? logger = null, Action? workerSetup = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(sink);
        var probe = new LatencyProbe();
        var state = InstrumentState.FromSnapshot(engine.Snapshot);
        long posted = 0;
        // Stamped just before the engine gets the note: a worker woken by it may run at once (it
        // has real-time priority), and a stamp taken after the post would then come too late.
        var hub = new ControlHub(e =>
        {
            if (e.Kind == ControlKind.NoteOn) Volatile.Write(ref posted, Stopwatch.GetTimestamp());
            engine.Post(e);
        }, state);
        var router = new MidiRouter(new MidiPerformanceMapper(state, engine.Settings.PitchBendRange), hub.SinkFor(ControlSource.Midi));
        Fifo.Create(fifoPath);
        using var input = new RawMidiInput(fifoPath, router, logger);
        input.Start();

        // Short attack and release, so each note starts at once and is gone before the next.
        hub.Post(ControlEvent.SetKnob(Knob.Attack, 0f), ControlSource.Other);
        hub.Post(ControlEvent.SetKnob(Knob.Release, 0f), ControlSource.Other);
        sink.Tap = probe.OnPeriod;
        var earlyBefore = engine.EarlyOnsets;
        engine.StartWorker(sink.Format.PeriodFrames, workerSetup);
        sink.Start(engine.Render);
        var samples = new List<LatencySample>();
        var missed = 0;
        var lead = 0.0;
        try
        {
            var open = Stopwatch.StartNew();
            while (!input.IsOpen && open.Elapsed < TimeSpan.FromSeconds(2)) Thread.Sleep(1);
            using var writer = Fifo.OpenWriter(fifoPath);
            var random = new Random(5);
            for (var i = 0; i < notes; i++)
            {
                var periodMs = sink.Format.PeriodMilliseconds;
                probe.WaitForSilence((int)Math.Ceiling(20 / periodMs), TimeSpan.FromSeconds(3));
                // Land at a different point of the control frame and period each time.
                Thread.Sleep(random.Next(0, 7));
                var note = 48 + i % 24;
                probe.Arm();
                Volatile.Write(ref posted, 0);
                var t0 = Stopwatch.GetTimestamp();
                writer.Write([0x90, (byte)note, 100]);
                var heard = probe.Wait(TimeSpan.FromSeconds(1));
                writer.Write([0x80, (byte)note, 0]);
                var p = Volatile.Read(ref posted);
                if (heard is not { } h || p == 0)
                {
                    missed++;
                    continue;
                }
                var rate = (double)sink.Format.SampleRate;
                var toSink = Ms(h.Timestamp - t0);
                var ahead = h.QueuedFrames >= 0 ? (h.QueuedFrames - h.PeriodFrames + h.Offset) * 1000.0 / rate : 0;
                samples.Add(new LatencySample(Ms(p - t0), toSink, toSink + Math.Max(0, ahead)));
            }
        }
        finally
        {
            lead = engine.DecodeLeadMilliseconds;
            sink.Stop();
            engine.StopWorker();
            input.Stop();
            sink.Tap = null;
        }
        return new LatencyReport(sink.Description, sink.Format, engine.Hop, samples, missed, engine.EarlyOnsets - earlyBefore, lead);
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
