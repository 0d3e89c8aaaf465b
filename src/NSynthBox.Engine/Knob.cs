namespace NSynthBox.Engine;

/// <summary>The six knobs of the panel, in the panel's order (left to right).</summary>
public enum Knob : byte
{
    /// <summary>Where in the note's evolution playback starts (NSynth Super's position knob).</summary>
    Position,
    Attack,
    Decay,
    Sustain,
    Release,
    Volume,
}
