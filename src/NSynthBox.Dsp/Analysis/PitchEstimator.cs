using System.Numerics;

namespace NSynthBox.Dsp.Analysis;

/// <summary>
/// Fundamental frequency by YIN (de Cheveigné and Kawahara, 2002): the cumulative-mean-normalized
/// difference function, the first dip under a threshold (the shortest period that repeats, which
/// keeps the estimate from falling an octave low on a weak fundamental), then a parabola through the
/// raw difference function for a fraction of a sample (a few cents at 48 kHz). Frames without a dip
/// under the threshold are unvoiced. Offline analysis: allocates per call, not for the audio thread.
/// </summary>
public sealed class PitchEstimator
{
    public const double DefaultThreshold = 0.15;

    private readonly int _sampleRate;
    private readonly int _minLag;
    private readonly int _maxLag;
    private readonly int _window;

    /// <param name="sampleRate">Samples per second of the signals to analyse.</param>
    /// <param name="minHz">Lowest fundamental looked for (the longest period).</param>
    /// <param name="maxHz">Highest fundamental looked for.</param>
    public PitchEstimator(int sampleRate, double minHz = 40, double maxHz = 2500, double threshold = DefaultThreshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 8000);
        if (minHz <= 0 || maxHz <= minHz || maxHz >= sampleRate / 4.0)
            throw new ArgumentOutOfRangeException(nameof(maxHz), $"expected 0 < minHz ({minHz}) < maxHz ({maxHz}) < a quarter of the sample rate");
        _sampleRate = sampleRate;
        _minLag = Math.Max(2, (int)Math.Floor(sampleRate / maxHz));
        _maxLag = (int)Math.Ceiling(sampleRate / minHz);
        // Two periods of the lowest note: enough for YIN to see it repeat.
        _window = _maxLag * 2;
        Threshold = threshold;
    }

    public double Threshold { get; }

    /// <summary>Samples one frame needs (window plus the longest lag).</summary>
    public int FrameLength => _window + _maxLag + 2;

    /// <summary>A pitch track: one frame every <paramref name="hop"/> samples while a whole frame fits.</summary>
    public IReadOnlyList<PitchFrame> Track(ReadOnlySpan<float> signal, int hop)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hop, 1);
        var frames = new List<PitchFrame>();
        var diff = new double[_maxLag + 2];
        for (var start = 0; start + FrameLength <= signal.Length; start += hop)
            frames.Add(Estimate(signal.Slice(start, FrameLength), diff, (double)start / _sampleRate));
        return frames;
    }

    /// <summary>The fundamental of one frame (at least <see cref="FrameLength"/> samples).</summary>
    public PitchFrame Estimate(ReadOnlySpan<float> frame) => Estimate(frame, new double[_maxLag + 2], 0);

    private PitchFrame Estimate(ReadOnlySpan<float> frame, double[] diff, double seconds)
    {
        if (frame.Length < FrameLength) throw new ArgumentException($"frame: expected at least {FrameLength} samples, found {frame.Length}");
        var w = _window;
        var head = frame[..w];
        // d(tau) = sum x_j^2 + sum x_{j+tau}^2 - 2 sum x_j x_{j+tau}; the second sum slides along.
        var energyHead = Dot(head, head);
        var energyLagged = energyHead;
        diff[0] = 0;
        for (var tau = 1; tau <= _maxLag + 1; tau++)
        {
            energyLagged += (double)frame[tau + w - 1] * frame[tau + w - 1] - (double)frame[tau - 1] * frame[tau - 1];
            diff[tau] = Math.Max(0, energyHead + energyLagged - 2 * Dot(head, frame.Slice(tau, w)));
        }
        if (energyHead <= 1e-12 * w) return new PitchFrame(seconds, 0, 1);

        // Cumulative mean normalized difference: d'(tau) = d(tau) * tau / sum_{1..tau} d.
        var running = 0.0;
        var bestLag = -1;
        var bestValue = double.MaxValue;
        var normalized = new double[_maxLag + 2];
        for (var tau = 1; tau <= _maxLag + 1; tau++)
        {
            running += diff[tau];
            normalized[tau] = running > 0 ? diff[tau] * tau / running : 1;
        }
        for (var tau = _minLag; tau <= _maxLag; tau++)
        {
            if (normalized[tau] < Threshold)
            {
                // Walk down to the bottom of this dip.
                while (tau + 1 <= _maxLag && normalized[tau + 1] < normalized[tau]) tau++;
                bestLag = tau;
                bestValue = normalized[tau];
                break;
            }
        }
        if (bestLag < 0)
        {
            var lowest = 1.0;
            for (var tau = _minLag; tau <= _maxLag; tau++) lowest = Math.Min(lowest, normalized[tau]);
            return new PitchFrame(seconds, 0, lowest);
        }
        double a = diff[bestLag - 1], b = diff[bestLag], c = diff[bestLag + 1];
        var denominator = a - 2 * b + c;
        var shift = denominator > 0 ? Math.Clamp(0.5 * (a - c) / denominator, -0.5, 0.5) : 0;
        return new PitchFrame(seconds, _sampleRate / (bestLag + shift), bestValue);
    }

    private static double Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        var width = Vector<float>.Count;
        // Partial sums in float over short stretches, accumulated in double, keep the error below a cent's worth.
        double total = 0;
        var sinceFlush = 0;
        for (; i <= x.Length - width; i += width)
        {
            sum += new Vector<float>(x[i..]) * new Vector<float>(y[i..]);
            if (++sinceFlush == 64)
            {
                total += Vector.Sum(sum);
                sum = Vector<float>.Zero;
                sinceFlush = 0;
            }
        }
        total += Vector.Sum(sum);
        for (; i < x.Length; i++) total += (double)x[i] * y[i];
        return total;
    }
}
