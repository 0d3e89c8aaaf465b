namespace NSynthBox.Dsp;

/// <summary>
/// One-pole DC-blocking high-pass, y[n] = x[n] - x[n-1] + R y[n-1]. The synthesizer can produce
/// DC (a harmonic at f0 = 0 Hz, asymmetric noise band sums); removing it before the limiter keeps
/// headroom symmetric. One instance per channel; no allocation.
/// </summary>
public sealed class DcBlocker
{
    // Between flushes the state decays by at most R^Chunk; with the cutoff limited to 1 % of
    // the sample rate that is > 1e-28, so a flushed-or-larger state cannot become subnormal.
    private const int Chunk = 256;

    private readonly float _pole;
    private float _previousInput;
    private float _previousOutput;

    /// <summary>Creates a blocker with a -3 dB point near <paramref name="cutoffHz"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not positive or the cutoff is not within (0, 1 % of the rate].</exception>
    public DcBlocker(double sampleRate, double cutoffHz = 10.0)
    {
        if (!double.IsFinite(sampleRate) || sampleRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "Sample rate must be positive.");
        }

        if (!double.IsFinite(cutoffHz) || cutoffHz <= 0 || cutoffHz > 0.01 * sampleRate)
        {
            throw new ArgumentOutOfRangeException(nameof(cutoffHz), cutoffHz, "Cutoff must be above 0 and at most 1 % of the sample rate.");
        }

        _pole = (float)Math.Exp(-2 * Math.PI * cutoffHz / sampleRate);
    }

    /// <summary>Filters <paramref name="buffer"/> in place.</summary>
    public void Process(Span<float> buffer)
    {
        float x1 = _previousInput;
        float y1 = _previousOutput;
        float pole = _pole;
        for (int start = 0; start < buffer.Length; start += Chunk)
        {
            var chunk = buffer.Slice(start, Math.Min(Chunk, buffer.Length - start));
            foreach (ref float sample in chunk)
            {
                float x = sample;
                y1 = x - x1 + pole * y1;
                x1 = x;
                sample = y1;
            }

            // A silent input lets y decay geometrically towards the subnormal range.
            y1 = Denormal.Flush(y1);
            x1 = Denormal.Flush(x1);
        }

        _previousInput = x1;
        _previousOutput = y1;
    }

    /// <summary>Clears the state.</summary>
    public void Reset()
    {
        _previousInput = 0;
        _previousOutput = 0;
    }

    /// <summary>The feedback state, for tests.</summary>
    internal float State => _previousOutput;
}
