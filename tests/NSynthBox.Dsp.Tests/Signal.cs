namespace NSynthBox.Dsp.Tests;

/// <summary>Measurements on rendered audio.</summary>
internal static class Signal
{
    /// <summary>Frequency from the first and last rising zero crossings (linearly interpolated).</summary>
    public static double FrequencyByZeroCrossings(ReadOnlySpan<float> x, double sampleRate)
    {
        double first = -1, last = -1;
        int crossings = 0;
        for (int n = 1; n < x.Length; n++)
        {
            if (x[n - 1] < 0 && x[n] >= 0)
            {
                double t = n - 1 + x[n - 1] / (double)(x[n - 1] - x[n]);
                if (first < 0)
                {
                    first = t;
                }

                last = t;
                crossings++;
            }
        }

        return (crossings - 1) * sampleRate / (last - first);
    }

    public static double Cents(double frequency, double reference) => 1200 * Math.Log2(frequency / reference);

    public static double MaxStep(ReadOnlySpan<float> x)
    {
        double max = 0;
        for (int n = 1; n < x.Length; n++)
        {
            max = Math.Max(max, Math.Abs(x[n] - x[n - 1]));
        }

        return max;
    }

    public static double Rms(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (float v in x)
        {
            sum += (double)v * v;
        }

        return Math.Sqrt(sum / x.Length);
    }

    /// <summary>Power at one frequency (Goertzel), normalised by length.</summary>
    public static double PowerAt(ReadOnlySpan<float> x, double frequency, double sampleRate)
    {
        double coefficient = 2 * Math.Cos(2 * Math.PI * frequency / sampleRate);
        double s1 = 0, s2 = 0;
        foreach (float v in x)
        {
            double s0 = v + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }

        return (s1 * s1 + s2 * s2 - coefficient * s1 * s2) / ((double)x.Length * x.Length);
    }

    public static double MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<double> b)
    {
        double max = 0;
        for (int n = 0; n < a.Length; n++)
        {
            max = Math.Max(max, Math.Abs(a[n] - b[n]));
        }

        return max;
    }
}
