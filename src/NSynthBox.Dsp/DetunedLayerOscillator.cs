namespace NSynthBox.Dsp;

/// <summary>
/// The detuned layer of one voice (docs/SYNTH.md, "Detuned layer"): a second copy of the voice's
/// harmonics a few cents sharp, whose beating against the first makes a supersaw or a section of
/// voices. It is the same harmonic sum (<see cref="HarmonicOscillator"/>: stretch, anti-alias fade,
/// per-sample interpolation, mid-frame starts) run on f0 * 2^(detune / 1200) and gain * a_k. A frame
/// whose gain is 0 at both ends is silent and costs nothing (no frame reaches the oscillator); the
/// layer sounds in runs of frames between such silences, its phase starting at 0 at each run's first
/// sample (the note's first sample for a run that begins with the note).
/// </summary>
public sealed class DetunedLayerOscillator
{
    /// <summary>Largest detune, cents; larger values are clamped.</summary>
    public const float MaxDetuneCents = 50f;

    /// <summary>The decoder's values per voice and frame: detune (cents), then gain.</summary>
    public const int Width = 2;

    private readonly HarmonicOscillator _oscillator;
    private readonly float[] _scaled; // gain * the voice's amplitudes

    private bool _armed;        // the oscillator carries the run on at the next sounding frame
    private float _lastF0;      // detuned f0 at the end of the latest frame: a new run starts there
    private float _lastGain;    // gain at the end of the latest frame (0: the next frame may be silent)

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
    public void Reset()
    {
        _oscillator.Reset(0.0);
        _armed = true; // the first frame ramps in from 0 at its own f0, as the main harmonics do
        _lastF0 = 0f;
        _lastGain = 0f;
    }

    /// <summary>Parameter frame 0 without a ramp (offline and reference rendering; see <see cref="HarmonicOscillator.Start"/>).</summary>
    public void Start(float f0Hz, ReadOnlySpan<float> amplitudes, float detuneCents, float gain)
    {
        Reset();
        _lastF0 = Detuned(f0Hz, detuneCents);
        _lastGain = ClampGain(gain);
        if (_lastGain > 0)
        {
            _oscillator.Start(0.0, _lastF0, Scaled(amplitudes, gain));
        }
        else
        {
            CheckCount(amplitudes);
            _armed = false; // a run starts later, at its own frame
        }
    }

    /// <summary>The next parameter frame: the voice's f0, amplitudes and stretch (after vibrato and tremolo), and the layer's detune and gain.</summary>
    public void SetFrame(float f0Hz, ReadOnlySpan<float> amplitudes, float detuneCents, float gain, float stretch = 0f)
    {
        float f0 = Detuned(f0Hz, detuneCents);
        float g = ClampGain(gain);
        if (g == 0 && _lastGain == 0)
        {
            CheckCount(amplitudes);
            Silence();
        }
        else
        {
            if (!_armed)
            {
                // A run begins: from gain 0 at the previous frame's pitch, phase 0 at this frame's first sample.
                _oscillator.Start(0.0, _lastF0, Scaled(amplitudes, 0f));
                _armed = true;
            }

            _oscillator.SetFrame(f0, Scaled(amplitudes, g), stretch);
        }

        _lastF0 = f0;
        _lastGain = g;
    }

    /// <summary>A note that begins part-way through the frame (see <see cref="HarmonicOscillator.StartMidFrame"/>).</summary>
    public void StartMidFrame(int sampleInFrame, float f0Hz, ReadOnlySpan<float> amplitudes, float detuneCents, float gain, int minimumRampSamples, float stretch = 0f)
    {
        Reset();
        _lastF0 = Detuned(f0Hz, detuneCents);
        _lastGain = ClampGain(gain);
        if (_lastGain > 0)
        {
            _oscillator.StartMidFrame(sampleInFrame, _lastF0, Scaled(amplitudes, gain), minimumRampSamples, stretch);
        }
        else
        {
            CheckCount(amplitudes);
            _armed = false;
        }
    }

    /// <summary>
    /// Glides to new amplitudes within the frame (see <see cref="HarmonicOscillator.RetargetMidFrame"/>); the detune waits for
    /// the next frame, as the pitch does. A silent layer stays silent until its next frame (a run starts on a frame boundary).
    /// </summary>
    public void RetargetMidFrame(int sampleInFrame, ReadOnlySpan<float> amplitudes, float gain, int minimumRampSamples)
    {
        if (!_armed)
        {
            CheckCount(amplitudes);
            return;
        }

        float g = ClampGain(gain);
        _oscillator.RetargetMidFrame(sampleInFrame, Scaled(amplitudes, g), minimumRampSamples);
        _lastGain = Math.Max(_lastGain, g); // a glide to 0 may end short of it: the next frame still ramps down
    }

    /// <summary>ADDS samples of the current frame (see <see cref="HarmonicOscillator.Render"/>).</summary>
    public void Render(Span<float> destination, int sampleInFrame) => _oscillator.Render(destination, sampleInFrame);

    /// <summary>The gain clamped to [0, 1] (non-finite: 0): 0 means no layer.</summary>
    public static float ClampGain(float gain) => float.IsFinite(gain) ? Math.Clamp(gain, 0f, 1f) : 0f;

    /// <summary>The detune clamped to [0, <see cref="MaxDetuneCents"/>] (non-finite: 0).</summary>
    public static float ClampDetune(float cents) => float.IsFinite(cents) ? Math.Clamp(cents, 0f, MaxDetuneCents) : 0f;

    private static float Detuned(float f0Hz, float detuneCents) => (float)(f0Hz * Math.Pow(2.0, ClampDetune(detuneCents) / 1200.0));

    /// <summary>Ends a run: the oscillator forgets its frame (once: afterwards it is silent), and the next sounding frame starts a new run.</summary>
    private void Silence()
    {
        if (!_oscillator.IsSilent)
        {
            _oscillator.Reset(0.0);
        }

        _armed = false;
    }

    private void CheckCount(ReadOnlySpan<float> amplitudes)
    {
        if (amplitudes.Length != _scaled.Length)
        {
            throw new ArgumentException($"Expected {_scaled.Length} harmonic amplitudes, got {amplitudes.Length}.", nameof(amplitudes));
        }
    }

    private ReadOnlySpan<float> Scaled(ReadOnlySpan<float> amplitudes, float gain)
    {
        CheckCount(amplitudes);
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
