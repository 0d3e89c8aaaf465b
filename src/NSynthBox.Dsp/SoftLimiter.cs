using System.Numerics;
using System.Runtime.InteropServices;

namespace NSynthBox.Dsp;

/// <summary>
/// Master-bus safety clipper without look-ahead (no latency, no state): the identity below the
/// knee, and above it a tanh curve that bends smoothly (matching slope) towards the ceiling of
/// -0.1 dBFS, which it can never exceed. NaN and infinite samples become 0 and are counted, so
/// one bad value cannot blow up the output device.
/// </summary>
/// <remarks>
/// With the default knee of 0.5 (-6.02 dBFS) everything quieter passes bit-exactly, and the
/// gain is still within 0.01 dB at -5.5 dBFS. A full-scale input comes out at about -1.1 dBFS.
/// </remarks>
public sealed class SoftLimiter
{
    /// <summary>10^(-0.1/20) rounded down to float: the largest magnitude the limiter outputs.</summary>
    public static readonly float Ceiling = CeilingBelow(Math.Pow(10, -0.1 / 20));

    private readonly float _knee;
    private readonly float _range;
    private readonly float _inverseRange;
    private long _nonFiniteCount;

    /// <summary>Creates a limiter.</summary>
    /// <param name="knee">Magnitude where the curve starts bending, 0.1 .. 0.9 (default 0.5 = -6 dBFS).</param>
    /// <exception cref="ArgumentOutOfRangeException">The knee is outside 0.1..0.9.</exception>
    public SoftLimiter(float knee = 0.5f)
    {
        if (!float.IsFinite(knee) || knee is < 0.1f or > 0.9f)
        {
            throw new ArgumentOutOfRangeException(nameof(knee), knee, "Knee must be 0.1..0.9 (linear magnitude).");
        }

        _knee = knee;
        _range = Ceiling - knee;
        _inverseRange = 1f / _range;
    }

    /// <summary>Non-finite input samples replaced by 0 so far (readable from any thread).</summary>
    public long NonFiniteCount => Volatile.Read(ref _nonFiniteCount);

    /// <summary>Limits <paramref name="buffer"/> in place.</summary>
    public void Process(Span<float> buffer)
    {
        // Fast path: a whole vector below the knee is left untouched (NaN fails the comparison).
        var knee = new Vector<float>(_knee);
        var vectors = MemoryMarshal.Cast<float, Vector<float>>(buffer);
        for (int v = 0; v < vectors.Length; v++)
        {
            if (!Vector.LessThanOrEqualAll(Vector.Abs(vectors[v]), knee))
            {
                ProcessScalar(buffer.Slice(v * Vector<float>.Count, Vector<float>.Count));
            }
        }

        ProcessScalar(buffer[(vectors.Length * Vector<float>.Count)..]);
    }

    /// <summary>Limits one sample.</summary>
    public float Process(float sample)
    {
        float magnitude = MathF.Abs(sample);
        if (magnitude <= _knee)
        {
            return sample;
        }

        if (!float.IsFinite(sample))
        {
            Interlocked.Increment(ref _nonFiniteCount);
            return 0f;
        }

        float limited = MathF.Min(_knee + _range * MathF.Tanh((magnitude - _knee) * _inverseRange), Ceiling);
        return MathF.CopySign(limited, sample);
    }

    private void ProcessScalar(Span<float> samples)
    {
        foreach (ref float sample in samples)
        {
            sample = Process(sample);
        }
    }

    private static float CeilingBelow(double value)
    {
        float rounded = (float)value;
        return rounded > value ? MathF.BitDecrement(rounded) : rounded;
    }
}
