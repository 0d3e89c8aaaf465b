namespace NSynthBox.Dsp;

/// <summary>
/// The optional per-voice controls of model v2 for <see cref="HarmonicNoiseSynth.Render(ReadOnlySpan{float}, float[,], float[,], double, SynthControls)"/>
/// (docs/SYNTH.md); any of them may be null (off), as in the Python reference's <c>render_reference</c>.
/// </summary>
public sealed record SynthControls
{
    /// <summary>Inharmonicity B per parameter frame, [F + 1].</summary>
    public float[]? Stretch { get; init; }

    /// <summary>Sub-partial amplitudes, [F + 1, <see cref="SubPartialOscillator.Count"/>].</summary>
    public float[,]? SubPartials { get; init; }

    /// <summary>Onset burst from the first sample: the noise bands' gains, then the decay time constant in seconds, [NoiseBands + 1].</summary>
    public float[]? Transient { get; init; }

    /// <summary>Vibrato rate (Hz), depth (cents) and tremolo (fraction) per parameter frame, [F + 1, 3]; the LFO starts at phase 0.</summary>
    public float[,]? Modulation { get; init; }

    /// <summary>Detuned layer per parameter frame: detune (cents) and gain, [F + 1, <see cref="DetunedLayerOscillator.Width"/>].</summary>
    public float[,]? Layer { get; init; }
}
