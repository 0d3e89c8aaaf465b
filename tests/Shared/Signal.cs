namespace NSynthBox.Tests.Shared;

/// <summary>Measurements on rendered audio, in musical units.</summary>
internal static class Signal
{
    /// <summary>Fundamental by autocorrelation within +-1 semitone of <paramref name="expectedHz"/>, parabolic peak interpolation.</summary>
    public static double PitchHz(ReadOnlySpan<float> x, int sampleRate, double expectedHz)
    {
        var lo = (int)(sampleRate / (expectedHz * Math.Pow(2, 1 / 12.0)));
        var hi = (int)Math.Ceiling(sampleRate / (expectedHz / Math.Pow(2, 1 / 12.0)));
        var n = x.Length - hi - 2;
        var samples = x.ToArray();
        double Ac(int lag)
        {
            double s = 0;
            for (var i = 0; i < n; i++) s += samples[i] * samples[i + lag];
            return s;
        }
        var best = lo;
        var bestValue = double.MinValue;
        for (var lag = lo; lag <= hi; lag++)
        {
            var v = Ac(lag);
            if (v > bestValue) (best, bestValue) = (lag, v);
        }
        double a = Ac(best - 1), b = bestValue, c = Ac(best + 1);
        var shift = 0.5 * (a - c) / (a - 2 * b + c);
        return sampleRate / (best + shift);
    }

    /// <summary>Largest difference between neighbouring samples: a click stands out as a step far above the steady tone's.</summary>
    public static double MaxStep(ReadOnlySpan<float> x)
    {
        var m = 0.0;
        for (var i = 1; i < x.Length; i++) m = Math.Max(m, Math.Abs(x[i] - x[i - 1]));
        return m;
    }

    public static double Cents(double hz, double referenceHz) => 1200 * Math.Log2(hz / referenceHz);

    public static double Rms(ReadOnlySpan<float> x)
    {
        double s = 0;
        foreach (var v in x) s += v * v;
        return Math.Sqrt(s / Math.Max(1, x.Length));
    }

    public static double Db(double amplitude) => 20 * Math.Log10(Math.Max(amplitude, 1e-12));

    /// <summary>Spectral centroid (Hz) by a plain DFT over a few hundred bins: enough to tell timbres apart.</summary>
    public static double CentroidHz(ReadOnlySpan<float> x, int sampleRate)
    {
        const int bins = 400;
        double num = 0, den = 0;
        for (var k = 1; k < bins; k++)
        {
            var f = k * 12000.0 / bins;
            double re = 0, im = 0;
            var w = 2 * Math.PI * f / sampleRate;
            for (var i = 0; i < x.Length; i++)
            {
                re += x[i] * Math.Cos(w * i);
                im -= x[i] * Math.Sin(w * i);
            }
            var mag = Math.Sqrt(re * re + im * im);
            num += f * mag;
            den += mag;
        }
        return num / den;
    }

    /// <summary>
    /// Level (dB) of each of <paramref name="bands"/> log-spaced bands from 100 Hz to 12 kHz, by a
    /// Hann-windowed plain DFT at 30 Hz spacing: a coarse spectrum envelope to compare timbres by.
    /// </summary>
    public static double[] BandLevelsDb(ReadOnlySpan<float> x, int sampleRate, int bands = 24)
    {
        var power = new double[bands];
        for (var f = 100.0; f < 12000; f += 30)
        {
            double re = 0, im = 0;
            var w = 2 * Math.PI * f / sampleRate;
            for (var i = 0; i < x.Length; i++)
            {
                var v = x[i] * (0.5 - 0.5 * Math.Cos(2 * Math.PI * i / x.Length));
                re += v * Math.Cos(w * i);
                im -= v * Math.Sin(w * i);
            }
            var band = (int)(Math.Log(f / 100) / Math.Log(120) * bands);
            power[band] += re * re + im * im;
        }
        return power.Select(p => 10 * Math.Log10(p + 1e-12)).ToArray();
    }

    /// <summary>Mean absolute difference (dB) of two <see cref="BandLevelsDb"/> spectra.</summary>
    public static double SpectralDistanceDb(double[] a, double[] b) => a.Zip(b, (p, q) => Math.Abs(p - q)).Average();

    /// <summary>Amplitude of the sine at <paramref name="hz"/> (Hann-windowed DFT at that one frequency; 1 for a unit sine on the bin).</summary>
    public static double AmplitudeAt(ReadOnlySpan<float> x, int sampleRate, double hz)
    {
        double re = 0, im = 0, windowSum = 0;
        var w = 2 * Math.PI * hz / sampleRate;
        for (var i = 0; i < x.Length; i++)
        {
            var hann = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / x.Length);
            re += x[i] * hann * Math.Cos(w * i);
            im -= x[i] * hann * Math.Sin(w * i);
            windowSum += hann;
        }
        return 2 * Math.Sqrt(re * re + im * im) / windowSum;
    }

    /// <summary>Frequency of the strongest sine between two frequencies: a 0.5 Hz grid, then golden-section search around its best point.</summary>
    public static double PeakHz(ReadOnlySpan<float> x, int sampleRate, double fromHz, double toHz)
    {
        double best = fromHz, bestAmplitude = -1;
        for (var f = fromHz; f <= toHz; f += 0.5)
        {
            var amplitude = AmplitudeAt(x, sampleRate, f);
            if (amplitude > bestAmplitude) (best, bestAmplitude) = (f, amplitude);
        }
        double lo = best - 0.5, hi = best + 0.5, ratio = (Math.Sqrt(5) - 1) / 2;
        for (var i = 0; i < 30; i++)
        {
            double a = hi - ratio * (hi - lo), b = lo + ratio * (hi - lo);
            if (AmplitudeAt(x, sampleRate, a) > AmplitudeAt(x, sampleRate, b)) hi = b; else lo = a;
        }
        return (lo + hi) / 2;
    }
}
