namespace NSynthBox.Dsp;

/// <summary>
/// Attack-decay-sustain-release amplitude envelope for one voice, evaluated per sample.
/// </summary>
/// <remarks>
/// Segments are exponential approaches to a target just beyond their end point, so each one
/// ends exactly at its nominal time and then stops (no endless tail, no subnormals):
/// the attack aims at 1.3 and stops at 1 (a slightly convex rise, like analog envelopes);
/// decay and release aim 1e-4 (-80 dB) beyond their end, i.e. they fall linearly in dB, which
/// sounds even to the ear. Times are from full scale: a release from a lower level is shorter.
/// Every segment starts from the current level, so retriggering or releasing never jumps.
/// Attacks shorter than <see cref="MinimumAttackSeconds"/> and decays or releases shorter than
/// <see cref="MinimumFallSeconds"/> are lengthened to them so that no setting can click (an
/// 80 dB exponential fall front-loads its steps, so it needs more time than a rise). No allocation; not thread-safe (audio thread only).
/// </remarks>
public sealed class AdsrEnvelope
{
    /// <summary>Shortest attack, in seconds.</summary>
    public const double MinimumAttackSeconds = 0.001;

    /// <summary>Shortest decay or release, in seconds.</summary>
    public const double MinimumFallSeconds = 0.005;

    private const double AttackOvershoot = 0.3;
    private const double DecayOvershoot = 1e-4;
    private const double SustainFollowSeconds = 0.01;

    private readonly double _sampleRate;
    private readonly double _sustainFollow;   // one-pole coefficient for sustain-level changes
    private double _level;
    private double _attackCoefficient;
    private double _decayCoefficient;
    private double _releaseCoefficient;
    private double _sustain;
    private double _killStep;

    /// <summary>Creates an idle envelope.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range (see <see cref="SetParameters"/>).</exception>
    public AdsrEnvelope(
        double sampleRate,
        double attackSeconds = 0.005,
        double decaySeconds = 0.2,
        double sustainLevel = 0.7,
        double releaseSeconds = 0.3)
    {
        if (!double.IsFinite(sampleRate) || sampleRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "Sample rate must be positive.");
        }

        _sampleRate = sampleRate;
        _sustainFollow = Math.Exp(-1.0 / (SustainFollowSeconds * sampleRate));
        SetParameters(attackSeconds, decaySeconds, sustainLevel, releaseSeconds);
    }

    /// <summary>The current segment.</summary>
    public EnvelopeStage Stage { get; private set; }

    /// <summary>The current gain, 0..1.</summary>
    public float Level => (float)_level;

    /// <summary>True when idle: the envelope is at 0 and the voice may be freed.</summary>
    public bool IsFinished => Stage == EnvelopeStage.Idle;

    /// <summary>
    /// Changes the shape; takes effect from the next sample, from the current level. Allocation
    /// free, so a knob can drive it from the audio thread.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A time is negative or not finite, or the sustain level is outside 0..1.</exception>
    public void SetParameters(double attackSeconds, double decaySeconds, double sustainLevel, double releaseSeconds)
    {
        CheckTime(attackSeconds, nameof(attackSeconds));
        CheckTime(decaySeconds, nameof(decaySeconds));
        CheckTime(releaseSeconds, nameof(releaseSeconds));
        if (!double.IsFinite(sustainLevel) || sustainLevel is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(sustainLevel), sustainLevel, "Sustain level must be 0..1.");
        }

        _sustain = sustainLevel;
        _attackCoefficient = Coefficient(Math.Max(attackSeconds, MinimumAttackSeconds), (1 + AttackOvershoot) / AttackOvershoot);
        _decayCoefficient = Coefficient(Math.Max(decaySeconds, MinimumFallSeconds), (1 - sustainLevel + DecayOvershoot) / DecayOvershoot);
        _releaseCoefficient = Coefficient(Math.Max(releaseSeconds, MinimumFallSeconds), (1 + DecayOvershoot) / DecayOvershoot);
    }

    /// <summary>Starts (or retriggers) the attack from the current level.</summary>
    public void NoteOn() => Stage = EnvelopeStage.Attack;

    /// <summary>Starts the release from the current level (no effect when idle).</summary>
    public void Release()
    {
        if (Stage != EnvelopeStage.Idle && Stage != EnvelopeStage.Kill)
        {
            Stage = EnvelopeStage.Release;
        }
    }

    /// <summary>
    /// Fades out linearly from the current level in <paramref name="milliseconds"/> (clamped to
    /// 0.5..50 ms), for voice stealing: short enough to free the voice at once, long enough
    /// (a few ms) not to click.
    /// </summary>
    public void Kill(double milliseconds = 4.0)
    {
        if (Stage == EnvelopeStage.Idle)
        {
            return;
        }

        double samples = Math.Max(1.0, Math.Clamp(double.IsFinite(milliseconds) ? milliseconds : 4.0, 0.5, 50.0) * 0.001 * _sampleRate);
        _killStep = _level / samples;
        Stage = EnvelopeStage.Kill;
    }

    /// <summary>Jumps to idle at level 0 (only for a voice that is not sounding).</summary>
    public void Reset()
    {
        _level = 0;
        Stage = EnvelopeStage.Idle;
    }

    /// <summary>Advances one sample and returns the gain.</summary>
    public float Next()
    {
        switch (Stage)
        {
            case EnvelopeStage.Attack:
                _level = 1 + AttackOvershoot + (_level - 1 - AttackOvershoot) * _attackCoefficient;
                if (_level >= 1)
                {
                    _level = 1;
                    Stage = _sustain < 1 ? EnvelopeStage.Decay : EnvelopeStage.Sustain;
                }

                break;
            case EnvelopeStage.Decay:
                double decayTarget = _sustain - DecayOvershoot;
                _level = decayTarget + (_level - decayTarget) * _decayCoefficient;
                if (_level <= _sustain)
                {
                    _level = _sustain;
                    Stage = EnvelopeStage.Sustain;
                }

                break;
            case EnvelopeStage.Sustain:
                // Follows a sustain knob smoothly; snaps once the difference is inaudible.
                _level = _sustain + (_level - _sustain) * _sustainFollow;
                if (Math.Abs(_level - _sustain) < 1e-6)
                {
                    _level = _sustain;
                }

                break;
            case EnvelopeStage.Release:
                _level = -DecayOvershoot + (_level + DecayOvershoot) * _releaseCoefficient;
                if (_level <= 0)
                {
                    Reset();
                }

                break;
            case EnvelopeStage.Kill:
                _level -= _killStep;
                if (_level <= 0)
                {
                    Reset();
                }

                break;
            default:
                _level = 0;
                break;
        }

        return (float)_level;
    }

    /// <summary>The gain the next <see cref="Next"/> will return, without advancing.</summary>
    public float PeekNext()
    {
        var (level, stage) = (_level, Stage);
        float next = Next();
        (_level, Stage) = (level, stage);
        return next;
    }

    /// <summary>Multiplies <paramref name="buffer"/> by the envelope, advancing one sample per element.</summary>
    public void Apply(Span<float> buffer)
    {
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] *= Next();
        }
    }

    // Per-sample factor of an exponential segment that covers ln(ratio) time constants in `seconds`.
    private double Coefficient(double seconds, double ratio)
    {
        double samples = seconds * _sampleRate;
        return Math.Exp(-Math.Log(ratio) / samples);
    }

    private static void CheckTime(double seconds, string name)
    {
        if (!double.IsFinite(seconds) || seconds < 0)
        {
            throw new ArgumentOutOfRangeException(name, seconds, "Envelope times must be finite and not negative (seconds).");
        }
    }
}
