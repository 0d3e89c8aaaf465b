namespace NSynthBox.Dsp.Tests;

/// <summary>Reproducible random parameter frames that exercise glides, the alias fade and noise.</summary>
internal sealed class RandomFrames
{
    public RandomFrames(SynthSettings settings, int frames, int seed, double f0From = 90, double f0To = 4000)
    {
        var random = new Random(seed);
        F0 = new float[frames + 1];
        Harmonics = new float[frames + 1, settings.Harmonics];
        Noise = new float[frames + 1, settings.NoiseBands];
        for (int i = 0; i <= frames; i++)
        {
            // Geometric glide with a wobble so f0 rises and falls between frames.
            double f = f0From * Math.Pow(f0To / f0From, (double)i / frames) * (1 + 0.05 * Math.Sin(i * 1.3));
            F0[i] = (float)f;
            for (int k = 0; k < settings.Harmonics; k++)
            {
                Harmonics[i, k] = (float)(random.NextDouble() * 0.08 / Math.Sqrt(k + 1));
            }

            for (int b = 0; b < settings.NoiseBands; b++)
            {
                Noise[i, b] = (float)(random.NextDouble() * 0.05);
            }
        }
    }

    public float[] F0 { get; }

    public float[,] Harmonics { get; }

    public float[,] Noise { get; }

    public double[] F0AsDouble => F0.Select(f => (double)f).ToArray();

    public static double[,] AsDouble(float[,] m)
    {
        var d = new double[m.GetLength(0), m.GetLength(1)];
        for (int i = 0; i < m.GetLength(0); i++)
        {
            for (int j = 0; j < m.GetLength(1); j++)
            {
                d[i, j] = m[i, j];
            }
        }

        return d;
    }

    public static float[] Row(float[,] m, int row)
    {
        var r = new float[m.GetLength(1)];
        for (int j = 0; j < r.Length; j++)
        {
            r[j] = m[row, j];
        }

        return r;
    }
}
