namespace NSynthBox.Neural.Encoding;

/// <summary>
/// Predicts the import features of a decoder frame without rendering audio: harmonic k adds
/// a_k^2/2 (times the synthesizer's anti-alias weight squared) to the band holding k*f0; noise band b
/// adds g_b^2 times its row of the manifest's noise-to-band map (models/pipeline/encoder.py).
/// </summary>
public sealed class BandPredictor(EncoderSpec spec, SynthParameters synth, int sampleRate)
{
    private readonly double[] _bandPower = new double[spec.Bands];

    public void Predict(float f0, ReadOnlySpan<float> harmonics, ReadOnlySpan<float> noise, Span<float> bandsDb)
    {
        Array.Clear(_bandPower);
        var nyquist = sampleRate / 2.0;
        for (var k = 0; k < harmonics.Length; k++)
        {
            var hz = (k + 1) * (double)f0;
            var band = ImportFeatures.BandOf(hz, spec.BandEdgesHz);
            if (band < 0) continue;
            var alias = Math.Clamp((nyquist - hz) / (synth.AliasFade * sampleRate), 0.0, 1.0);
            var a = harmonics[k] * alias;
            _bandPower[band] += 0.5 * a * a;
        }
        for (var b = 0; b < noise.Length; b++)
        {
            var g2 = (double)noise[b] * noise[b];
            if (g2 == 0) continue;
            for (var j = 0; j < spec.Bands; j++) _bandPower[j] += g2 * spec.NoiseToBands[b * spec.Bands + j];
        }
        for (var j = 0; j < spec.Bands; j++) bandsDb[j] = (float)(10 * Math.Log10(_bandPower[j] + 1e-10));
    }
}
