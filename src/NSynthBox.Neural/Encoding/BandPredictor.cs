namespace NSynthBox.Neural.Encoding;

/// <summary>
/// Predicts the import features of a decoder frame without rendering audio: harmonic k adds
/// a_k^2/2 (times the synthesizer's anti-alias weight squared) to the band holding its frequency;
/// noise band b adds g_b^2 times its row of the manifest's noise-to-band map (models/pipeline/encoder.py).
/// A v2 frame's controls (docs/SYNTH.md): harmonic k sits at its stretched frequency k f0 sqrt(1 + B k^2),
/// sub-partial i adds its power at (i - 0.5) f0, and tremolo m scales the partials' power by its mean
/// over the LFO cycle, 1 + m^2/2; a detuned layer of gain g adds g^2 of the harmonics' power (its partials lie a
/// few cents from theirs, in the same bands; on average over its beats the powers add). Vibrato and the
/// onset transient are not predicted (as in Python).
/// </summary>
public sealed class BandPredictor(EncoderSpec spec, SynthParameters synth, int sampleRate)
{
    private const double MaxStretch = 1e-2;   // docs/SYNTH.md: B is clamped to [0, 1e-2]
    private readonly double[] _bandPower = new double[spec.Bands];

    /// <summary>A v1 frame: harmonics and noise.</summary>
    public void Predict(float f0, ReadOnlySpan<float> harmonics, ReadOnlySpan<float> noise, Span<float> bandsDb) =>
        Predict(f0, harmonics, noise, [], 0f, 0f, 0f, bandsDb);

    /// <summary>A v2 frame: also the sub-partial amplitudes (empty: none), the stretch B, the tremolo depth and
    /// the detuned layer's gain (0: none).</summary>
    public void Predict(float f0, ReadOnlySpan<float> harmonics, ReadOnlySpan<float> noise, ReadOnlySpan<float> subAmplitudes,
        float stretch, float tremolo, float layerGain, Span<float> bandsDb)
    {
        Array.Clear(_bandPower);
        var b = float.IsFinite(stretch) ? Math.Clamp((double)stretch, 0.0, MaxStretch) : 0.0;
        var g = float.IsFinite(layerGain) ? Math.Clamp((double)layerGain, 0.0, 1.0) : 0.0;
        var withLayer = Math.Sqrt(1.0 + g * g);
        for (var k = 0; k < harmonics.Length; k++)
        {
            var n = k + 1.0;
            AddPartial(n * Math.Sqrt(1.0 + b * n * n) * f0, (float)(harmonics[k] * withLayer));
        }
        for (var i = 0; i < subAmplitudes.Length; i++) AddPartial((i + 0.5) * f0, subAmplitudes[i]);
        var m = float.IsFinite(tremolo) ? Math.Clamp((double)tremolo, 0.0, 1.0) : 0.0;
        if (m > 0)
        {
            for (var j = 0; j < spec.Bands; j++) _bandPower[j] *= 1.0 + 0.5 * m * m;
        }
        for (var nb = 0; nb < noise.Length; nb++)
        {
            var g2 = (double)noise[nb] * noise[nb];
            if (g2 == 0) continue;
            for (var j = 0; j < spec.Bands; j++) _bandPower[j] += g2 * spec.NoiseToBands[nb * spec.Bands + j];
        }
        for (var j = 0; j < spec.Bands; j++) bandsDb[j] = (float)(10 * Math.Log10(_bandPower[j] + 1e-10));
    }

    private void AddPartial(double hz, float amplitude)
    {
        var band = ImportFeatures.BandOf(hz, spec.BandEdgesHz);
        if (band < 0) return;
        var alias = Math.Clamp((sampleRate / 2.0 - hz) / (synth.AliasFade * sampleRate), 0.0, 1.0);
        var a = amplitude * alias;
        _bandPower[band] += 0.5 * a * a;
    }
}
