using NSynthBox.Engine;
using NSynthBox.Midi;
using NSynthBox.Platform.Control;
using NSynthBox.Platform.Mapping;

namespace NSynthBox.Platform.Recording;

/// <summary>
/// A MIDI file read as a performance of the box: its control events in time, with the corners and
/// grid position it starts from lifted out of tick 0 (so a render starts there, as the live engine
/// did, instead of crossfading to it).
/// </summary>
public sealed record Performance(IReadOnlyList<TimedControlEvent> Events, IReadOnlyList<int>? InitialCorners, float? InitialX, float? InitialY)
{
    /// <param name="initial">The engine's state before playing (its defaults).</param>
    /// <param name="pitchBendRange">Bend range of channels the file does not set with RPN 0.</param>
    public static Performance Read(MidiFile file, InstrumentState initial, float pitchBendRange = 2f, int instrumentCount = 128)
    {
        ArgumentNullException.ThrowIfNull(file);
        var state = new InstrumentState(initial.X, initial.Y, initial.Knobs, initial.Corners);
        var mapper = new MidiPerformanceMapper(state, pitchBendRange, -1, 0, instrumentCount);
        var sink = new TimedSink();
        foreach (var m in file.GetPlaybackMessages())
        {
            sink.Seconds = m.Seconds;
            mapper.Map(m.Message, sink);
        }

        int[]? corners = null;
        float? x = null, y = null;
        var events = new List<TimedControlEvent>(sink.Events.Count);
        foreach (var t in sink.Events)
        {
            if (t.Seconds <= 0 && t.Event.Kind == ControlKind.Corner && t.Event.Index is >= 0 and < 4)
            {
                corners ??= initial.Corners;
                corners[t.Event.Index] = (int)t.Event.Value;
                continue;
            }
            if (t.Seconds <= 0 && t.Event.Kind == ControlKind.Position2D)
            {
                (x, y) = (t.Event.X, t.Event.Y);
                continue;
            }
            // An MSB and its LSB arrive together: keep only the final value of a control at one instant.
            if (events.Count > 0 && events[^1].Seconds == t.Seconds && SameControl(events[^1].Event, t.Event))
            {
                events[^1] = t;
                continue;
            }
            events.Add(t);
        }
        return new Performance(events, corners, x, y);
    }

    private static bool SameControl(in ControlEvent a, in ControlEvent b) =>
        a.Kind == b.Kind && (a.Kind == ControlKind.Position2D || (a.Kind == ControlKind.Knob && a.Index == b.Index));

    private sealed class TimedSink : IControlSink
    {
        public double Seconds;
        public readonly List<TimedControlEvent> Events = [];

        public void Post(in ControlEvent e) => Events.Add(new TimedControlEvent(Seconds, e));
    }
}
