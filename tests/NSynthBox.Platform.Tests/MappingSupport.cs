using NSynthBox.Engine;
using NSynthBox.Midi;
using NSynthBox.Platform.Control;
using NSynthBox.Platform.Mapping;

namespace NSynthBox.Platform.Tests;

internal static class Mapping
{
    public static InstrumentState DefaultState() => new(0.5f, 0.5f, [0f, 0.02f, 0.3f, 1f, 0.35f, 0.8f], [0, 1, 2, 3]);

    /// <summary>Maps <paramref name="messages"/> with a fresh or given mapper; returns the events.</summary>
    public static List<ControlEvent> Map(MidiPerformanceMapper mapper, params MidiMessage[] messages)
    {
        var sink = new CollectingSink();
        foreach (var m in messages) mapper.Map(m, sink);
        return sink.Events;
    }

    public static MidiMessage Cc(int channel, int controller, int value) => MidiMessage.ControlChange(channel, controller, value);
}
