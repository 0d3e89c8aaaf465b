namespace NSynthBox.Dsp;

/// <summary>
/// Band-limited sample-rate conversion by any ratio: a Kaiser-windowed sinc (32 zero crossings each
/// side, beta 9: about 90 dB of stopband) read from a finely sampled table with linear interpolation.
/// The cutoff sits just under the lower of the two Nyquist frequencies, so downsampling does not
/// alias and upsampling adds no images. Offline (allocates the result), for imported recordings.
/// </summary>
public static class Resampler
{
    private const int ZeroCrossings = 32;
    private const int TableResolution = 512;
    private const double Beta = 9.0;
    /// <summary>Fraction of the lower Nyquist frequency kept: the transition band lies above it.</summary>
    public const double Passband = 0.92;

    private static readonly Lazy<float[]> Kernel = new(BuildKernel);

    /// <summary>Returns <paramref name="input"/> at <paramref name="toRate"/> (a copy when the rates are equal).</summary>
    public static float[] Resample(ReadOnlySpan<float> input, int fromRate, int toRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(toRate, 1);
        if (fromRate == toRate) return input.ToArray();
        var table = Kernel.Value;
        var ratio = (double)toRate / fromRate;
        // Cutoff relative to the input's Nyquist frequency.
        var cutoff = Math.Min(1.0, ratio) * Passband;
        var reach = (int)Math.Ceiling(ZeroCrossings / cutoff);
        var output = new float[(int)((long)input.Length * toRate / fromRate)];
        for (var n = 0; n < output.Length; n++)
        {
            // Exact position in input samples: whole part and fraction from integers, no drift over long files.
            var numerator = (long)n * fromRate;
            var whole = (int)(numerator / toRate);
            var fraction = (double)(numerator % toRate) / toRate;
            var first = Math.Max(0, whole - reach + 1);
            var last = Math.Min(input.Length - 1, whole + reach);
            double sum = 0;
            for (var k = first; k <= last; k++)
            {
                var u = Math.Abs((whole - k + fraction) * cutoff) * TableResolution;
                var index = (int)u;
                if (index >= table.Length - 1) continue;
                var w = table[index] + (float)(u - index) * (table[index + 1] - table[index]);
                sum += w * input[k];
            }
            output[n] = (float)(sum * cutoff);
        }
        return output;
    }

    private static float[] BuildKernel()
    {
        var table = new float[ZeroCrossings * TableResolution + 2];
        var norm = BesselI0(Beta);
        for (var i = 0; i < table.Length; i++)
        {
            var x = (double)i / TableResolution;
            if (x >= ZeroCrossings) continue;
            var sinc = x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
            var r = x / ZeroCrossings;
            table[i] = (float)(sinc * BesselI0(Beta * Math.Sqrt(1 - r * r)) / norm);
        }
        return table;
    }

    private static double BesselI0(double x)
    {
        double sum = 1, term = 1;
        for (var k = 1; k < 50; k++)
        {
            term *= x / (2 * k) * (x / (2 * k));
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return sum;
    }
}
