namespace NSynthBox.Dsp;

/// <summary>
/// A voice's vibrato and tremolo oscillator, run at the control rate (docs/SYNTH.md, "Vibrato and
/// tremolo"): frame i's f0 is multiplied by 2^(depth_i sin(2 pi lfo_i) / 1200) and its harmonic and
/// sub-partial amplitudes by 1 + tremolo_i sin(2 pi lfo_i); then lfo advances by rate_i / frame rate.
/// The audio-rate oscillators never see it: they get frames that are already modulated.
/// </summary>
public sealed class VibratoLfo
{
    /// <summary>Fastest vibrato rate, Hz; faster values are clamped.</summary>
    public const float MaxRateHz = 20f;

    /// <summary>Deepest vibrato (peak deviation), cents; deeper values are clamped.</summary>
    public const float MaxDepthCents = 200f;

    private double _phase;

    /// <summary>The phase in cycles, [0, 1).</summary>
    public double Phase => _phase;

    /// <summary>Back to phase 0 (a new note).</summary>
    public void Reset() => _phase = 0;

    /// <summary>The current frame's pitch factor (multiplies f0) and amplitude factor (multiplies harmonics and sub-partials); does not advance.</summary>
    /// <param name="depthCents">Peak pitch deviation in cents, clamped to [0, <see cref="MaxDepthCents"/>] (non-finite: 0).</param>
    /// <param name="tremolo">Amplitude modulation depth as a fraction, clamped to [0, 1] (non-finite: 0).</param>
    public (double PitchFactor, double AmplitudeFactor) Factors(float depthCents, float tremolo)
    {
        var wave = Math.Sin(2.0 * Math.PI * _phase);
        return (Math.Pow(2.0, Clamp(depthCents, MaxDepthCents) * wave / 1200.0), 1.0 + (Clamp(tremolo, 1f) * wave));
    }

    /// <summary>Moves on by one control frame at <paramref name="rateHz"/> (clamped to [0, <see cref="MaxRateHz"/>]).</summary>
    public void Advance(float rateHz, double frameRate)
    {
        var phase = _phase + (Clamp(rateHz, MaxRateHz) / frameRate);
        _phase = phase - Math.Floor(phase);
    }

    private static double Clamp(float value, float max) => float.IsFinite(value) ? Math.Clamp(value, 0f, max) : 0.0;
}
