using System.Diagnostics;
using NSynthBox.Engine;
using NSynthBox.Midi;
using NSynthBox.Platform.Control;
using NSynthBox.Platform.Recording;

namespace NSynthBox.Platform.Tests;

public sealed class RecordingTests
{
    private static (List<TimedControlEvent> Played, MidiFile Take) Record(InstrumentState initial, float bendRange, params (double Seconds, ControlEvent Event)[] performance)
    {
        long now = 1000;
        var recorder = new PerformanceRecorder(initial, bendRange, clock: () => now);
        var played = new List<TimedControlEvent>();
        foreach (var (seconds, e) in performance)
        {
            now = 1000 + (long)(seconds * Stopwatch.Frequency);
            recorder.Record(e);
            played.Add(new TimedControlEvent(seconds, e));
        }
        using var dir = new TempDirectory();
        var path = dir.File("take.mid");
        recorder.Save(path);
        return (played, MidiFile.Read(path));
    }

    [Fact]
    public void Recorded_take_renders_back_to_the_same_performance()
    {
        using var live = TestModel.NewEngine();
        var initial = InstrumentState.FromSnapshot(live.Snapshot);
        // Times sit inside control frames (5 ms), as a player's would; values are what MIDI and the panel send.
        var (played, take) = Record(initial, 2f,
            (0.0012, ControlEvent.NoteOn(60, 100 / 127f)),
            (0.0512, ControlEvent.SetKnob(Knob.Release, 0.1f)),
            (0.1012, ControlEvent.Position2D(0.2f, 0.7f)),
            (0.1512, ControlEvent.Position2D(0.25f, 0.65f)),
            (0.2012, ControlEvent.PitchBend(1.5f)),
            (0.2512, ControlEvent.NoteOn(67, 90 / 127f, 2)),
            (0.3012, ControlEvent.ModWheel(64 / 127f)),
            (0.3512, ControlEvent.Slide(30 / 127f, 2)),
            (0.3812, ControlEvent.Pressure(100 / 127f, 2)),
            (0.4012, ControlEvent.SetCorner(1, 40)),
            (0.5012, ControlEvent.Sustain(true)),
            (0.6012, ControlEvent.NoteOff(60)),
            (0.6512, ControlEvent.NoteOff(67, 2)),
            (0.7012, ControlEvent.Sustain(false)),
            (0.8012, ControlEvent.Position2D(0.9f, 0.1f)));

        Assert.Equal(0, take.Format);
        var replay = Performance.Read(take, initial, 2f, TestModel.Model.Instruments.Count);
        Assert.Equal(initial.Corners, replay.InitialCorners);
        Assert.Equal(played.Count, replay.Events.Count(e => !(e.Seconds == 0 && e.Event.Kind == ControlKind.Knob)));
        var recorded = replay.Events.Where(e => e.Seconds > 0).ToList();
        for (var i = 0; i < played.Count; i++)
        {
            var (p, r) = (played[i], recorded[i]);
            Assert.Equal(p.Event.Kind, r.Event.Kind);
            Assert.Equal(p.Event.Index, r.Event.Index);
            Assert.Equal(p.Event.Channel, r.Event.Channel);
            Assert.Equal(p.Event.Value, r.Event.Value, 1e-4f);
            Assert.Equal(p.Event.Y, r.Event.Y, 1e-4f);
            Assert.Equal(p.Seconds, r.Seconds, 0.001); // within a millisecond
        }

        // The same audio, rendered from what was played and from the take.
        live.SetInitialState(initial.Corners, initial.X, initial.Y);
        var original = OfflineRenderer.Render(live, played, tailSeconds: 0.3);
        using var again = TestModel.NewEngine();
        again.SetInitialState(replay.InitialCorners, replay.InitialX, replay.InitialY);
        var rendered = OfflineRenderer.Render(again, replay.Events, tailSeconds: 0.3);

        Assert.Equal(original.Length, rendered.Length);
        double signal = 0, difference = 0;
        for (var i = 0; i < original.Length; i++)
        {
            signal += original[i] * (double)original[i];
            difference += (original[i] - rendered[i]) * (double)(original[i] - rendered[i]);
        }
        var db = 10 * Math.Log10(difference / signal);
        Assert.True(signal > 1, "the performance is silent");
        Assert.True(db < -40, $"the take renders {db:0.0} dB away from the performance");
    }

    [Fact]
    public void Take_starts_from_the_state_recording_began_in()
    {
        var initial = new InstrumentState(0.3f, 0.9f, [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f], [5, 6, 7, 8]);
        var (_, take) = Record(initial, 12f, (0.5, ControlEvent.PitchBend(-12f)));
        var replay = Performance.Read(take, Mapping.DefaultState());

        Assert.Equal([5, 6, 7, 8], replay.InitialCorners);
        Assert.Equal(0.3f, replay.InitialX!.Value, 1e-4f);
        Assert.Equal(0.9f, replay.InitialY!.Value, 1e-4f);
        var knobs = replay.Events.Where(e => e.Seconds == 0 && e.Event.Kind == ControlKind.Knob).Select(e => e.Event.Value).ToArray();
        Assert.Equal([0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f], knobs, new Tolerance(1e-4f));
        // The take's RPN 0 says 12 semitones, so a render with the default range of 2 still bends an octave.
        Assert.Equal(-12f, replay.Events.Single(e => e.Event.Kind == ControlKind.PitchBend).Event.Value, 1e-3f);
    }

    private sealed class Tolerance(float epsilon) : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => MathF.Abs(a - b) <= epsilon;
        public int GetHashCode(float obj) => 0;
    }
}
