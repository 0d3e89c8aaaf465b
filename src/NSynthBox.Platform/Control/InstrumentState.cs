using NSynthBox.Engine;

namespace NSynthBox.Platform.Control;

/// <summary>
/// The targets the controls last asked for (position, knobs, corners), as the control hub saw the
/// events go by: what a patch saves, what a CC for one axis of the grid combines with, what a
/// recording starts from. Written and read from several threads without locks (each value is a
/// single atomic write).
/// </summary>
public sealed class InstrumentState
{
    private readonly float[] _knobs = new float[KnobCount];
    private readonly int[] _corners = new int[4];
    private float _x, _y;

    public const int KnobCount = 6;

    public InstrumentState(float x, float y, IReadOnlyList<float> knobs, IReadOnlyList<int> corners)
    {
        if (knobs.Count != KnobCount) throw new ArgumentException($"knobs: expected {KnobCount} values");
        if (corners.Count != 4) throw new ArgumentException("corners: expected 4 instrument indexes");
        _x = x;
        _y = y;
        for (var i = 0; i < KnobCount; i++) _knobs[i] = knobs[i];
        for (var i = 0; i < 4; i++) _corners[i] = corners[i];
    }

    /// <summary>The engine's state before playing starts (its snapshot holds the initial corners, position and knobs).</summary>
    public static InstrumentState FromSnapshot(InstrumentSnapshot snapshot) => new(snapshot.X, snapshot.Y, snapshot.Knobs, snapshot.Corners);

    public float X => Volatile.Read(ref _x);

    public float Y => Volatile.Read(ref _y);

    public float Knob(Knob knob) => Volatile.Read(ref _knobs[(int)knob]);

    public int Corner(int corner) => Volatile.Read(ref _corners[corner]);

    public float[] Knobs => [.. Enumerable.Range(0, KnobCount).Select(i => Knob((Knob)i))];

    public int[] Corners => [Corner(0), Corner(1), Corner(2), Corner(3)];

    public void Apply(in ControlEvent e)
    {
        switch (e.Kind)
        {
            case ControlKind.Position2D:
                Volatile.Write(ref _x, Math.Clamp(e.X, 0f, 1f));
                Volatile.Write(ref _y, Math.Clamp(e.Y, 0f, 1f));
                break;
            case ControlKind.Knob when e.Index is >= 0 and < KnobCount:
                Volatile.Write(ref _knobs[e.Index], Math.Clamp(e.Value, 0f, 1f));
                break;
            case ControlKind.Corner when e.Index is >= 0 and < 4:
                Volatile.Write(ref _corners[e.Index], (int)e.Value);
                break;
        }
    }
}
