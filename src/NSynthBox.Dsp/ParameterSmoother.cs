namespace NSynthBox.Dsp;

/// <summary>
/// Removes zipper noise from knob values (volume, brightness...): each new target is reached by
/// a linear ramp of fixed duration, so the value arrives exactly, in a known time, and a gain
/// ramp never clicks. Single-threaded: the engine hands targets to the audio thread; no allocation.
/// </summary>
public sealed class ParameterSmoother
{
    private readonly int _rampSamples;
    private float _current;
    private float _target;
    private double _from;       // value where the ramp started
    private double _step;       // change per sample
    private int _remaining;

    /// <summary>Creates a smoother resting at <paramref name="initialValue"/>.</summary>
    /// <param name="sampleRate">Samples per second at which <see cref="Next"/> is called.</param>
    /// <param name="rampSeconds">Duration of a ramp (20 ms by default: fast, yet click-free).</param>
    /// <param name="initialValue">Starting value.</param>
    /// <exception cref="ArgumentOutOfRangeException">A rate or time is not positive and finite, or the value is not finite.</exception>
    public ParameterSmoother(double sampleRate, double rampSeconds = 0.02, float initialValue = 0f)
    {
        if (!double.IsFinite(sampleRate) || sampleRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "Sample rate must be positive.");
        }

        if (!double.IsFinite(rampSeconds) || rampSeconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rampSeconds), rampSeconds, "Ramp time must be finite and not negative.");
        }

        if (!float.IsFinite(initialValue))
        {
            throw new ArgumentOutOfRangeException(nameof(initialValue), initialValue, "Initial value must be finite.");
        }

        _rampSamples = Math.Max(1, (int)Math.Round(rampSeconds * sampleRate));
        _current = initialValue;
        _target = initialValue;
    }

    /// <summary>The value of the last sample produced.</summary>
    public float Current => _current;

    /// <summary>The value being approached.</summary>
    public float Target => _target;

    /// <summary>True while a ramp is in progress.</summary>
    public bool IsSmoothing => _remaining > 0;

    /// <summary>Starts a ramp from the current value to <paramref name="target"/> (non-finite targets are ignored).</summary>
    public void SetTarget(float target)
    {
        if (!float.IsFinite(target) || target == _target)
        {
            return;
        }

        _target = target;
        _from = _current;
        _step = ((double)target - _current) / _rampSamples;
        _remaining = _rampSamples;
    }

    /// <summary>Jumps to <paramref name="value"/> with no ramp (e.g. before the first sound).</summary>
    public void SnapTo(float value)
    {
        if (!float.IsFinite(value))
        {
            return;
        }

        _current = value;
        _target = value;
        _remaining = 0;
    }

    /// <summary>Advances one sample and returns the value.</summary>
    public float Next()
    {
        if (_remaining > 0)
        {
            // Computed from the ramp's start (not accumulated), so every step is equal and the
            // last one lands exactly on the target.
            _remaining--;
            _current = _remaining == 0 ? _target : (float)(_from + _step * (_rampSamples - _remaining));
        }

        return _current;
    }

    /// <summary>Multiplies <paramref name="buffer"/> by the smoothed value (a gain), one sample per element.</summary>
    public void Apply(Span<float> buffer)
    {
        int i = 0;
        for (; i < buffer.Length && _remaining > 0; i++)
        {
            buffer[i] *= Next();
        }

        if (i < buffer.Length && _current != 1f)
        {
            float gain = _current;
            foreach (ref float sample in buffer[i..])
            {
                sample *= gain;
            }
        }
    }

    /// <summary>Writes the next destination.Length values.</summary>
    public void Fill(Span<float> destination)
    {
        int i = 0;
        for (; i < destination.Length && _remaining > 0; i++)
        {
            destination[i] = Next();
        }

        destination[i..].Fill(_current);
    }
}
