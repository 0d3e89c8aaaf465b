namespace NSynthBox.Platform.Mapping;

/// <summary>A continuous control of the box that a MIDI controller can drive (the CC map's rows, and MIDI learn's choices).</summary>
public enum ControlTarget : byte
{
    None,
    X,
    Y,
    Position,
    Attack,
    Decay,
    Sustain,
    Release,
    Volume,
    Corner1,
    Corner2,
    Corner3,
    Corner4,
}

public static class ControlTargets
{
    public const int Count = 13;

    public static bool IsKnob(this ControlTarget t) => t is >= ControlTarget.Position and <= ControlTarget.Volume;

    public static bool IsCorner(this ControlTarget t) => t is >= ControlTarget.Corner1 and <= ControlTarget.Corner4;

    public static Engine.Knob Knob(this ControlTarget t) => (Engine.Knob)(t - ControlTarget.Position);

    public static int Corner(this ControlTarget t) => t - ControlTarget.Corner1;

    public static ControlTarget ForKnob(Engine.Knob knob) => (ControlTarget)((int)ControlTarget.Position + (int)knob);

    public static ControlTarget ForCorner(int corner) => (ControlTarget)((int)ControlTarget.Corner1 + corner);

    /// <summary>"x", "y", "attack", "corner1" ... (case-insensitive), as in the MIDI learn file and on the command line.</summary>
    public static bool TryParse(string text, out ControlTarget target) =>
        Enum.TryParse(text, ignoreCase: true, out target) && Enum.IsDefined(target) && target != ControlTarget.None;
}
