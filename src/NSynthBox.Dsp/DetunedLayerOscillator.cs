namespace NSynthBox.Dsp;

/// <summary>
/// The detuned layer of one voice (docs/SYNTH.md, "Detuned layer"): a second copy of the voice's
/// harmonics a few cents sharp, whose beating against the first makes a supersaw or a section of
/// voices. It is the same harmonic sum (<see cref="HarmonicOscillator"/>: stretch, anti-alias fade,
/// per-sample interpolation, mid-frame starts) run on f0 * 2^(detune / 1200) and gain * a_k, with
/// its own phase from 0 at the note's first sample. While the gain is 0 at both ends of a frame its
/// amplitudes are all 0 and it returns at once; its phase still moves on, so a layer that fades in
/// mid-note sounds as if it had run from the start.
/// </summary>
public sealed class DetunedLayerOscillator
{
    /// <summary>Largest detune, cents; larger values are clamped.</summary>
    public const float MaxDetuneCents = 50f;

    /// <summary>The decoder's values per voice and frame: detune (cents), then gain.</summary>
    public const int Width = 2;

    private readonly HarmonicOscillator _oscillator;
    private readonly float[] _scaled; // gain * the voice's amplitudes

    /// <summary>Creates a silent layer; all buffers are allocated here.</summary>
    public DetunedLayerOscillator(SynthSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _oscillator = new HarmonicOscillator(settings);
        _scaled = new float[settings.Harmonics];
    }

    /// <summary>True when rendering the current frame would add nothing.</summary>
    public bool IsSilent => _oscillator.IsSilent;

    /// <summary>A new note that fades in (see <see cref="HarmonicOscillator.Reset"/>); the phase starts at 0.</summary>
    public void Reset() => _oscillator.Reset(0.0);

    /// <summary>Parameter frame 0 without a ramp (offline and reference rendering; see <see cref="HarmonicOscillator.Start"/>).</summary>
    public void Start(float f0Hz, ReadOnlySpan<float> amplitudes, float detuneCents, float gain) =>
        _oscillator.Start(0.0, Detuned(f0Hz, detuneCents), Scaled(amplitudes, gain));

    /// <summary>The next parameter frame: the voice's f0, amplitudes and stretch (after vibrato and tremolo), and the layer's detune and gain.</summary>
    public void SetFrame(float f0Hz, ReadOnlySpan<float> amplitudes, float detuneCents, float gain, float stretch = 0f) =>
        _oscillator.SetFrame(Detuned(f0Hz, detuneCents), Scaled(amplitudes, gain), stretch);

    /// <summary>A note that begins part-way through the frame (see <see cref="HarmonicOscillator.StartMidFrame"/>).</summary>
    public void StartMidFrame(int sampleInFrame, float f0Hz, ReadOnlySpan<float> amplitudes, float detuneCents, float gain, int minimumRampSamples, float stretch = 0f) =>
        _oscillator.StartMidFrame(sampleInFrame, Detuned(f0Hz, detuneCents), Scaled(amplitudes, gain), minimumRampSamples, stretch);

    /// <summary>Glides to new amplitudes within the frame (see <see cref="HarmonicOscillator.RetargetMidFrame"/>); the detune waits for the next frame, as the pitch does.</summary>
    public void RetargetMidFrame(int sampleInFrame, ReadOnlySpan<float> amplitudes, float gain, int minimumRampSamples) =>
        _oscillator.RetargetMidFrame(sampleInFrame, Scaled(amplitudes, gain), minimumRampSamples);

    /// <summary>ADDS samples of the current frame (see <see cref="HarmonicOscillator.Render"/>).</summary>
    public void Render(Span<float> destination, int sampleInFrame) => _oscillator.Render(destination, sampleInFrame);

    /// <summary>The gain clamped to [0, 1] (non-finite: 0): 0 means no layer.</summary>
    public static float ClampGain(float gain) => float.IsFinite(gain) ? Math.Clamp(gain, 0f, 1f) : 0f;

    /// <summary>The detune clamped to [0, <see cref="MaxDetuneCents"/>] (non-finite: 0).</summary>
    public static float ClampDetune(float cents) => float.IsFinite(cents) ? Math.Clamp(cents, 0f, MaxDetuneCents) : 0f;

    private static float Detuned(float f0Hz, float detuneCents) => (float)(f0Hz * Math.Pow(2.0, ClampDetune(detuneCents) / 1200.0));

    private ReadOnlySpan<float> Scaled(ReadOnlySpan<float> amplitudes, float gain)
    {
        if (amplitudes.Length != _scaled.Length)
        {
            throw new ArgumentException($"Expected {_scaled.Length} harmonic amplitudes, got {amplitudes.Length}.", nameof(amplitudes));
        }

        float g = ClampGain(gain);
        if (g == 0)
        {
            _scaled.AsSpan().Clear(); // exact zeros: the oscillator skips every partial
            return _scaled;
        }

        for (int k = 0; k < _scaled.Length; k++)
        {
            _scaled[k] = amplitudes[k] * g;
        }

        return _scaled;
    }
}
