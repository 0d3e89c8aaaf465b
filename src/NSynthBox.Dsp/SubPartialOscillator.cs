namespace NSynthBox.Dsp;

/// <summary>
/// The sub-partials of one voice (docs/SYNTH.md, "Sub-partials"): <see cref="Count"/> sines at
/// (i - 0.5) f0, i = 1..8 (f0/2, 3f0/2, ... : an organ's 16' and its odd multiples), on their own
/// phase at f0/2 that starts at 0 with the note. They are exactly the odd harmonics of f0/2, so this
/// is a <see cref="HarmonicOscillator"/> at f0/2 with the even harmonics silent: the same exact phase,
/// per-sample interpolation, anti-alias fade and mid-frame starts, and nothing to render (it returns
/// at once) while all amplitudes are 0.
/// </summary>
public sealed class SubPartialOscillator
{
    /// <summary>Sub-partials per voice.</summary>
    public const int Count = 8;

    private readonly HarmonicOscillator _oscillator;
    private readonly float[] _odd = new float[(2 * Count) - 1]; // amplitudes as harmonics 1..15 of f0/2

    /// <summary>Creates a silent bank; all buffers are allocated here.</summary>
    public SubPartialOscillator(SynthSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _oscillator = new HarmonicOscillator(new SynthSettings(
            settings.SampleRate, settings.FrameRate, _odd.Length, settings.NoiseBands, settings.NoiseLowHz, settings.NoiseHighHz,
            settings.AliasFade, settings.NoiseSeed));
    }

    /// <summary>True when rendering the current frame would add nothing.</summary>
    public bool IsSilent => _oscillator.IsSilent;

    /// <summary>A new note that fades in (see <see cref="HarmonicOscillator.Reset"/>); the phase starts at 0.</summary>
    public void Reset() => _oscillator.Reset(0.0);

    /// <summary>Parameter frame 0 without a ramp (offline and reference rendering; see <see cref="HarmonicOscillator.Start"/>).</summary>
    public void Start(float f0Hz, ReadOnlySpan<float> amplitudes) => _oscillator.Start(0.0, f0Hz / 2, Spread(amplitudes));

    /// <summary>The next parameter frame: the voice's f0 and the 8 sub-partial amplitudes.</summary>
    public void SetFrame(float f0Hz, ReadOnlySpan<float> amplitudes) => _oscillator.SetFrame(f0Hz / 2, Spread(amplitudes));

    /// <summary>A note that begins part-way through the frame (see <see cref="HarmonicOscillator.StartMidFrame"/>).</summary>
    public void StartMidFrame(int sampleInFrame, float f0Hz, ReadOnlySpan<float> amplitudes, int minimumRampSamples) =>
        _oscillator.StartMidFrame(sampleInFrame, f0Hz / 2, Spread(amplitudes), minimumRampSamples);

    /// <summary>Glides to new amplitudes within the frame (see <see cref="HarmonicOscillator.RetargetMidFrame"/>).</summary>
    public void RetargetMidFrame(int sampleInFrame, ReadOnlySpan<float> amplitudes, int minimumRampSamples) =>
        _oscillator.RetargetMidFrame(sampleInFrame, Spread(amplitudes), minimumRampSamples);

    /// <summary>ADDS samples of the current frame (see <see cref="HarmonicOscillator.Render"/>).</summary>
    public void Render(Span<float> destination, int sampleInFrame) => _oscillator.Render(destination, sampleInFrame);

    private ReadOnlySpan<float> Spread(ReadOnlySpan<float> amplitudes)
    {
        if (amplitudes.Length != Count)
        {
            throw new ArgumentException($"Expected {Count} sub-partial amplitudes, got {amplitudes.Length}.", nameof(amplitudes));
        }

        for (int i = 0; i < Count; i++)
        {
            _odd[2 * i] = amplitudes[i];
        }

        return _odd;
    }
}
