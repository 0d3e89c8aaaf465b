using NSynthBox.Engine;

namespace NSynthBox.Hardware;

/// <summary>The raw ADC readings a knob reached at its two end stops.</summary>
public sealed record KnobRange(Knob Knob, int Min, int Max)
{
    /// <summary>Smallest span that counts as a calibrated knob (the knob was really turned end to end).</summary>
    public const int MinimumSpan = 64;

    public bool IsUsable => Max - Min >= MinimumSpan;
}
