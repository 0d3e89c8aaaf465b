using NSynthBox.Engine;
using NSynthBox.Platform.Control;

namespace NSynthBox.Platform.State;

/// <summary>A saved sound: the four corner instruments, the grid position and the six knobs.</summary>
public sealed record Patch(IReadOnlyList<int> Corners, float X, float Y, IReadOnlyList<float> Knobs)
{
    public static Patch FromState(InstrumentState state) => new(state.Corners, state.X, state.Y, state.Knobs);

    /// <summary>The events that bring the instrument to this patch (corners crossfade, as when turned by hand).</summary>
    public IEnumerable<ControlEvent> ToEvents()
    {
        for (var c = 0; c < Corners.Count && c < 4; c++) yield return ControlEvent.SetCorner(c, Corners[c]);
        yield return ControlEvent.Position2D(X, Y);
        for (var k = 0; k < Knobs.Count && k < InstrumentState.KnobCount; k++) yield return ControlEvent.SetKnob((Knob)k, Knobs[k]);
    }
}
