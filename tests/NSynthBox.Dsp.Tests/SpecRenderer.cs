namespace NSynthBox.Dsp.Tests;

/// <summary>
/// A direct, slow float64 transcription of docs/SYNTH.md (one Math.Sin per harmonic-sample), used
/// to check the fast renderer where no Python reference file exists (other sample rates, other
/// parameters).
/// </summary>
internal static class SpecRenderer
{
    public static double[] Render(SynthSettings s, double[] f0, double[,] harmonics, double[,] noise, double phase0)
    {
        int hop = s.Hop;
        int frames = f0.Length - 1;
        var audio = new double[frames * hop];
        double sr = s.SampleRate;
        double phase = phase0;

        double ratio = Math.Pow(s.NoiseHighHz / s.NoiseLowHz, 1.0 / (s.NoiseBands - 1));
        double q = 1.0 / (Math.Sqrt(ratio) - 1.0 / Math.Sqrt(ratio));
        var coefficients = new double[s.NoiseBands][];
        for (int b = 0; b < s.NoiseBands; b++)
        {
            double fc = s.NoiseLowHz * Math.Pow(ratio, b);
            if (fc > 0.45 * sr)
            {
                continue;
            }

            double w0 = 2 * Math.PI * fc / sr;
            double alpha = Math.Sin(w0) / (2 * q);
            double a0 = 1 + alpha;
            coefficients[b] = [alpha / a0, -alpha / a0, -2 * Math.Cos(w0) / a0, (1 - alpha) / a0];
        }

        var z1 = new double[s.NoiseBands];
        var z2 = new double[s.NoiseBands];
        uint state = s.NoiseSeed;

        for (int i = 0; i < frames; i++)
        {
            for (int j = 0; j < hop; j++)
            {
                double t = (double)j / hop;
                double f = f0[i] + t * (f0[i + 1] - f0[i]);
                double sum = 0;
                for (int k = 1; k <= s.Harmonics; k++)
                {
                    double a = harmonics[i, k - 1] + t * (harmonics[i + 1, k - 1] - harmonics[i, k - 1]);
                    double w = Math.Clamp((sr / 2 - k * f) / (s.AliasFade * sr), 0, 1);
                    double x = k * phase;
                    sum += a * w * Math.Sin(2 * Math.PI * (x - Math.Floor(x)));
                }

                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                double u = (state >> 8) / 8388608.0 - 1.0;
                for (int b = 0; b < s.NoiseBands; b++)
                {
                    if (coefficients[b] is not { } c)
                    {
                        continue;
                    }

                    double y = c[0] * u + z1[b];
                    z1[b] = z2[b] - c[2] * y;
                    z2[b] = c[1] * u - c[3] * y;
                    sum += (noise[i, b] + t * (noise[i + 1, b] - noise[i, b])) * y;
                }

                audio[i * hop + j] = sum;
                phase += f / sr;
                phase -= Math.Floor(phase);
            }
        }

        return audio;
    }
}
